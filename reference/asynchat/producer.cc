#include "reference/asynchat/producer.h"

#include <algorithm>
#include <stdexcept>

namespace asynchat {

SimpleProducer::SimpleProducer(std::string data, std::size_t buffer_size)
    : data_(std::move(data)), buffer_size_(buffer_size) {
  if (buffer_size_ == 0) throw std::invalid_argument("SimpleProducer: buffer_size must be at least 1, got 0");
}

std::string SimpleProducer::more() {
  std::size_t n = std::min(buffer_size_, data_.size() - offset_);
  std::string result = data_.substr(offset_, n);
  offset_ += n;
  if (offset_ == data_.size()) {
    data_.clear();
    offset_ = 0;
  }
  return result;
}

}  // namespace asynchat
