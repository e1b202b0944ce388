// DispatcherWithSend: asyncore.dispatcher_with_send, a dispatcher with simple
// buffered output ([py2-asyncore-ja]). send() appends to an output buffer and tries to
// write at once; each write event sends at most 65536 bytes of it.
// writable() is true while unconnected or while output is pending.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_DISPATCHER_WITH_SEND_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_DISPATCHER_WITH_SEND_H_

#include <string>

#include "reference/asyncore/dispatcher.h"

namespace asyncore {

class DispatcherWithSend : public Dispatcher {
 public:
  using Dispatcher::Dispatcher;

  // Buffers data; returns data.size() (everything is accepted into the buffer).
  std::size_t send(std::string_view data) override;
  void handle_write() override { initiate_send(); }
  bool writable() override { return !connected() || pending() > 0; }

  std::size_t pending() const { return out_buffer_.size() - out_offset_; }

 protected:
  void initiate_send();

 private:
  static constexpr std::size_t kMaxSend = 65536;
  std::string out_buffer_;
  std::size_t out_offset_ = 0;  // bytes of out_buffer_ already sent
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_DISPATCHER_WITH_SEND_H_
