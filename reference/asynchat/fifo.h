// Fifo: the documented helper class ([py2-asynchat-ja], "asynchat - 補助クラス"): a list
// holding data and producers until the channel can write them.
//  - is_empty(): true exactly when nothing is held;
//  - first(): the oldest item pushed (precondition: not empty; throws
//    std::out_of_range otherwise);
//  - push(item): append data (bytes) or a producer;
//  - pop(): (true, first()) and remove it, or (false, nothing) when empty,
//    never an exception.
// An item may also be "nothing" (Python's None): close_when_done's sentinel.
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_FIFO_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_FIFO_H_

#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "reference/asynchat/producer.h"

namespace asynchat {

struct CloseSentinel {
  friend bool operator==(const CloseSentinel&, const CloseSentinel&) = default;
};

using FifoItem = std::variant<CloseSentinel, std::string, std::shared_ptr<Producer>>;

class Fifo {
 public:
  Fifo() = default;
  explicit Fifo(std::deque<FifoItem> items) : items_(std::move(items)) {}

  bool is_empty() const { return items_.empty(); }
  const FifoItem& first() const;
  void push(FifoItem item) { items_.push_back(std::move(item)); }
  std::pair<bool, std::optional<FifoItem>> pop();
  std::size_t size() const { return items_.size(); }

 private:
  std::deque<FifoItem> items_;
};

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_FIFO_H_
