#include "reference/asynchat/find_prefix_at_end.h"

#include <cstring>

namespace asynchat {

std::size_t find_prefix_at_end(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return 0;
  std::size_t l = needle.size() - 1;
  if (l > haystack.size()) l = haystack.size();
  // Most haystacks do not end with the terminator's first byte: reject those
  // with one comparison per candidate length before comparing whole prefixes.
  const char* end = haystack.data() + haystack.size();
  for (; l > 0; --l) {
    if (end[-static_cast<std::ptrdiff_t>(l)] == needle[0] && std::memcmp(end - l, needle.data(), l) == 0) {
      return l;
    }
  }
  return 0;
}

}  // namespace asynchat
