#include "reference/asynchat/fifo.h"

#include <stdexcept>

namespace asynchat {

const FifoItem& Fifo::first() const {
  if (items_.empty()) throw std::out_of_range("Fifo::first() on an empty fifo");
  return items_.front();
}

std::pair<bool, std::optional<FifoItem>> Fifo::pop() {
  if (items_.empty()) return {false, std::nullopt};
  FifoItem item = std::move(items_.front());
  items_.pop_front();
  return {true, std::move(item)};
}

}  // namespace asynchat
