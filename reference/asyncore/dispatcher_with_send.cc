#include "reference/asyncore/dispatcher_with_send.h"

#include <algorithm>

namespace asyncore {

std::size_t DispatcherWithSend::send(std::string_view data) {
  out_buffer_.append(data);
  initiate_send();
  return data.size();
}

void DispatcherWithSend::initiate_send() {
  std::string_view rest(out_buffer_);
  rest.remove_prefix(out_offset_);
  std::size_t sent = Dispatcher::send(rest.substr(0, std::min(rest.size(), kMaxSend)));
  out_offset_ += sent;
  // Compact only when more than half is dead, so each byte moves O(1) times.
  if (out_offset_ == out_buffer_.size()) {
    out_buffer_.clear();
    out_offset_ = 0;
  } else if (out_offset_ > out_buffer_.size() / 2) {
    out_buffer_.erase(0, out_offset_);
    out_offset_ = 0;
  }
}

}  // namespace asyncore
