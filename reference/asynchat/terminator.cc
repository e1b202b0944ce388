#include "reference/asynchat/terminator.h"

#include <stdexcept>

#include "traces/bytes_escape.h"

namespace asynchat {

Terminator Terminator::String(std::string_view bytes) {
  Terminator t;
  t.kind_ = Kind::kString;
  t.bytes_ = std::string(bytes);
  return t;
}

Terminator Terminator::Count(std::int64_t count) {
  if (count < 0) {
    throw std::invalid_argument("set_terminator: the number of received bytes must be positive, got " +
                                std::to_string(count));
  }
  Terminator t;
  t.kind_ = Kind::kCount;
  t.count_ = static_cast<std::uint64_t>(count);
  return t;
}

bool Terminator::collects_everything() const {
  switch (kind_) {
    case Kind::kNone:
      return true;
    case Kind::kString:
      return bytes_.empty();
    case Kind::kCount:
      return count_ == 0;
  }
  return true;
}

std::string Terminator::Describe() const {
  switch (kind_) {
    case Kind::kNone:
      return "none";
    case Kind::kString:
      return "str:\"" + traces::EscapeBytes(bytes_) + "\"";
    case Kind::kCount:
      return "int:" + std::to_string(count_);
  }
  return "none";
}

}  // namespace asynchat
