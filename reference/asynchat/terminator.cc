#include "reference/asynchat/terminator.h"

#include <stdexcept>

#include "reference/asynchat/terminator_search.h"
#include "traces/bytes_escape.h"

namespace asynchat {

const std::string Terminator::kNoBytes;

Terminator Terminator::String(std::string_view bytes) {
  Terminator t;
  t.kind_ = Kind::kString;
  t.bytes_ = std::string(bytes);
  t.search_anchor_ = SearchAnchor(bytes);
  return t;
}

void Terminator::ThrowNegativeCount(std::int64_t count) {
  throw std::invalid_argument("set_terminator: the number of received bytes must be positive, got " +
                              std::to_string(count));
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
