#include "reference/asynchat/terminator_search.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace asynchat {
namespace {

// How common a byte is in text and line protocols, 0 (rare) to 3 (common).
int Commonness(unsigned char c) {
  if (c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == 0 || c == 0xff) return 3;
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return 2;
  if (c >= 0x20 && c < 0x7f) return 1;  // punctuation
  return 0;
}

}  // namespace

std::size_t SearchAnchor(std::string_view needle) {
  std::size_t anchor = 0;
  int best = 4;
  for (std::size_t i = 0; i < needle.size(); ++i) {
    const int c = Commonness(static_cast<unsigned char>(needle[i]));
    if (c < best) {
      best = c;
      anchor = i;
    }
  }
  return anchor;
}

std::size_t FindTerminator(std::string_view haystack, std::string_view needle, std::size_t anchor) {
  const std::size_t m = needle.size();
  if (haystack.size() < m) return std::string_view::npos;
  const char* const begin = haystack.data();
  // A start s of the needle has its anchor byte at s + anchor; starts run
  // from begin to begin + size - m.
  const char* scan = begin + anchor;
  const char* const scan_end = begin + (haystack.size() - m) + anchor + 1;
  const char anchor_byte = needle[anchor];
  std::size_t compared = 0;  // bytes spent on comparisons that failed
  while (scan < scan_end) {
    const void* hit = std::memchr(scan, anchor_byte, static_cast<std::size_t>(scan_end - scan));
    if (hit == nullptr) return std::string_view::npos;
    const char* const start = static_cast<const char*>(hit) - anchor;
    if (std::memcmp(start, needle.data(), m) == 0) return static_cast<std::size_t>(start - begin);
    scan = static_cast<const char*>(hit) + 1;
    compared += m;
    if (compared > 2 * static_cast<std::size_t>(scan - begin) + 64) {
      // Every start up to `start` is ruled out: its anchor byte was examined.
      const char* const from = start + 1;
      const void* p = memmem(from, static_cast<std::size_t>(begin + haystack.size() - from), needle.data(), m);
      return p ? static_cast<std::size_t>(static_cast<const char*>(p) - begin) : std::string_view::npos;
    }
  }
  return std::string_view::npos;
}

#if defined(__SSE2__)
const char* ByteScanner::ScanWindows() {
  // Windows follow each other, so the next one's address is known before
  // the last hit is: the CPU loads it while the last line's callbacks run.
  const char* window = window_end_;
  while (end_ - window >= 64) {
    const std::uint64_t mask = Mask16(window) | Mask16(window + 16) << 16 | Mask16(window + 32) << 32 |
                               Mask16(window + 48) << 48;
    if (mask != 0) return Keep(window, 64, mask);
    window += 64;
  }
  while (end_ - window > 16) {
    const std::uint64_t mask = Mask16(window);
    if (mask != 0) return Keep(window, 16, mask);
    window += 16;
  }
  if (window == end_) return nullptr;
  // The last 1..16 bytes: one load ending at end_, earlier bytes masked off.
  const char* const last = end_ - 16;
  const std::uint64_t mask = Mask16(last) & (~std::uint64_t{0} << (window - last));
  return mask != 0 ? Keep(last, 16, mask) : nullptr;
}

std::uint64_t ByteScanner::Mask16(const char* p) const {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(byte_))));
}

const char* ByteScanner::Keep(const char* window, std::size_t size, std::uint64_t mask) {
  window_ = window;
  window_end_ = window + size;
  mask_ = mask;
  return window + __builtin_ctzll(mask);
}
#endif

}  // namespace asynchat
