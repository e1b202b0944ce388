// Finding a string terminator in a buffer: the framing core's search.
//
// FindTerminator(haystack, needle, anchor) returns the offset of the first
// occurrence of `needle` (at least 2 bytes) in `haystack`, or
// std::string_view::npos, as std::string_view::find does. One-byte
// terminators need no help: the core memchr()s for them.
//
// How, and why: memchr() looks for one byte of the needle, the anchor
// (SearchAnchor(): the byte least likely in text and line protocols, e.g.
// "." in "\r\n.\r\n"), and memcmp() checks the whole needle around each hit.
// memchr's vectorised scan is several times faster than glibc's general
// memmem() on short needles. When the anchor turns out to be common in this
// buffer (failed comparisons cost more than twice the bytes scanned so far),
// the rest of the buffer goes to memmem(), so the work stays linear in the
// buffer's size for any input.
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_TERMINATOR_SEARCH_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_TERMINATOR_SEARCH_H_

#include <cstddef>
#include <string_view>

namespace asynchat {

// The offset in `needle` of the byte FindTerminator() looks for first; 0 for
// an empty needle. Only speed depends on the choice, never the result.
std::size_t SearchAnchor(std::string_view needle);

std::size_t FindTerminator(std::string_view haystack, std::string_view needle, std::size_t anchor);

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_TERMINATOR_SEARCH_H_
