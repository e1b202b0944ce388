// find_prefix_at_end(haystack, needle): the length of the longest proper
// prefix of `needle` (at most needle.size() - 1 bytes) that `haystack` ends
// with, 0 if none. The framing core holds that many bytes back because the
// next read may complete the terminator. Assumes the caller already knows
// the whole needle does not occur at the end (asynchat's contract).
//
// Cost: O(m^2) in the needle length m at worst, independent of the haystack
// size: only its last m - 1 bytes are examined.
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_FIND_PREFIX_AT_END_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_FIND_PREFIX_AT_END_H_

#include <cstddef>
#include <string_view>

namespace asynchat {

std::size_t find_prefix_at_end(std::string_view haystack, std::string_view needle);

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_FIND_PREFIX_AT_END_H_
