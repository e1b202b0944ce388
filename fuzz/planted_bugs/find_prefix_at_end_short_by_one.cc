// A planted bug for planted_bug_test (fuzz/BUILD): asynchat::find_prefix_at_end
// reporting one byte less when the end of the haystack is a terminator prefix
// of two or more bytes, so the framing core collects the first byte of a
// terminator that the next read completes (fuzz/README.md "The targets find a
// planted bug"). Linked into a *_planted_bug fuzzer ahead of the library,
// this definition replaces the reference's (whose object then is never
// pulled from its archive). Written from the header's contract, not copied
// from the reference, so edits to the real one do not move the bug.
#include <algorithm>
#include <cstddef>
#include <string_view>

#include "reference/asynchat/find_prefix_at_end.h"

namespace asynchat {

std::size_t find_prefix_at_end(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return 0;
  for (std::size_t l = std::min(needle.size() - 1, haystack.size()); l > 0; --l) {
    if (haystack.substr(haystack.size() - l) == needle.substr(0, l)) return l >= 2 ? l - 1 : l;
  }
  return 0;
}

}  // namespace asynchat
