// Producer: anything with more(), the unit of async_chat's output FIFO.
//
// Documents ([py3-asynchat], async_chat): more() returns the next data to transmit; an
// exhausted producer returns empty bytes, and the channel then drops it and
// moves to the next one. SimpleProducer (CPython's simple_producer) hands out
// its data in pieces of at most buffer_size bytes (default 512).
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_PRODUCER_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_PRODUCER_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace asynchat {

class Producer {
 public:
  virtual ~Producer() = default;
  // Next data to send; empty once exhausted.
  virtual std::string more() = 0;
};

class SimpleProducer : public Producer {
 public:
  // Throws std::invalid_argument if buffer_size is 0 (it would never finish).
  explicit SimpleProducer(std::string data, std::size_t buffer_size = 512);
  std::string more() override;

 private:
  std::string data_;
  std::size_t offset_ = 0;
  std::size_t buffer_size_;
};

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_PRODUCER_H_
