#include "tools/bench/echo_input_buffer.h"

#include <algorithm>
#include <cstring>

namespace bench {

EchoInputBuffer::EchoInputBuffer(std::size_t read_size)
    : data_(new char[std::max(read_size, kMaxCommand)]),
      size_(std::max(read_size, kMaxCommand)),
      read_size_(size_) {}

void EchoInputBuffer::Release() {
  released_ = parsed_;
  if (released_ == end_) released_ = parsed_ = end_ = 0;  // the common case: nothing left over, no copy
}

EchoInputBuffer::Span EchoInputBuffer::ReadSpace() {
  const std::size_t pending = end_ - released_;
  const std::size_t wanted = std::max(needed_, pending + 1);  // the whole pending message, or one more byte
  if (released_ + wanted > size_ || (end_ == size_ && released_ > 0)) {
    // Move what is pending to the front, of a larger buffer if the message needs one.
    if (wanted > size_) {
      std::unique_ptr<char[]> bigger(new char[wanted]);
      std::memcpy(bigger.get(), data_.get() + released_, pending);
      data_ = std::move(bigger);
      size_ = wanted;
    } else {
      std::memmove(data_.get(), data_.get() + released_, pending);
    }
    parsed_ -= released_;
    end_ = pending;
    released_ = 0;
  }
  // Read up to read_size_ at once, or as much of a longer message as the buffer holds.
  std::size_t room = size_ - end_;
  if (room > read_size_ && needed_ <= end_ - parsed_ + read_size_) room = read_size_;
  return Span{data_.get() + end_, room};
}

EchoInputBuffer::Result EchoInputBuffer::Next(const char** payload, std::size_t* length) {
  char* p = data_.get() + parsed_;
  const std::size_t avail = end_ - parsed_;
  const char* nl = static_cast<const char*>(std::memchr(p, '\n', std::min(avail, kMaxCommand)));
  if (nl == nullptr) {
    needed_ = 0;
    return avail < kMaxCommand ? Result::kIncomplete : Result::kBad;
  }
  if (avail < 6 || std::memcmp(p, "ECHO ", 5) != 0) return Result::kBad;
  std::size_t len = 0;
  for (const char* d = p + 5; d < nl; ++d) {
    if (*d < '0' || *d > '9') return Result::kBad;
    len = len * 10 + static_cast<std::size_t>(*d - '0');
    if (len > kMaxMessage) return Result::kBad;
  }
  const std::size_t header = static_cast<std::size_t>(nl - p) + 1;
  if (avail < header + len) {
    needed_ = header + len;
    return Result::kIncomplete;
  }
  needed_ = 0;
  *payload = p + header;
  *length = len;
  parsed_ += header + len;
  return Result::kMessage;
}

}  // namespace bench
