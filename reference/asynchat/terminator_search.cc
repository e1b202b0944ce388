#include "reference/asynchat/terminator_search.h"

#include <cstring>

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

}  // namespace asynchat
