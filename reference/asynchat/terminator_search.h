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
//
// ByteScanner finds a one-byte terminator, hit after hit, in one buffer. A
// line protocol asks for the next line end dozens of times per read; a call
// to memchr() for each costs more than the scan itself on short lines and
// short reads. The scanner compares 64 bytes at a time inline (SSE2, part of
// every x86-64) and keeps the matches of its last window, so a line that
// ends in the window already scanned costs a bit scan. It never reads a byte
// outside the buffer it was given: the last part of a buffer is scanned by an
// overlapping 16-byte load that ends at the buffer's end, or byte by byte
// when the buffer is shorter than 16 bytes.
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_TERMINATOR_SEARCH_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_TERMINATOR_SEARCH_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>


namespace asynchat {

// The offset in `needle` of the byte FindTerminator() looks for first; 0 for
// an empty needle. Only speed depends on the choice, never the result.
std::size_t SearchAnchor(std::string_view needle);

std::size_t FindTerminator(std::string_view haystack, std::string_view needle, std::size_t anchor);

class ByteScanner {
 public:
  // Scans [begin, end) for `byte`.
  ByteScanner(const char* begin, const char* end, char byte)
      : begin_(begin), end_(end), byte_(byte), window_(begin), window_end_(begin) {}

  // The first `byte` at or after `from`, or nullptr. `from` is begin for the
  // first call and one past the byte returned for each later one.
  const char* Next(const char* from) {
    if (from < window_end_) {
      const std::uint64_t left = mask_ & (~std::uint64_t{0} << (from - window_));
      if (left != 0) return window_ + __builtin_ctzll(left);
    }
#if defined(__SSE2__)
    if (end_ - begin_ >= 16) return ScanWindows();
#endif
    return static_cast<const char*>(std::memchr(from, byte_, static_cast<std::size_t>(end_ - from)));
  }

 private:
#if defined(__SSE2__)
  // Compares the windows after the last one until one holds byte_.
  const char* ScanWindows();
  std::uint64_t Mask16(const char* p) const;
  const char* Keep(const char* window, std::size_t size, std::uint64_t mask);
#endif

  const char* const begin_;
  const char* const end_;
  const char byte_;
  // The last window compared (scanning resumes at its end): its bytes equal
  // to byte_ are mask_'s bits.
  const char* window_;
  const char* window_end_;
  std::uint64_t mask_ = 0;
};

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_TERMINATOR_SEARCH_H_
