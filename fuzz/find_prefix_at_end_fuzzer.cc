// Fuzz target: asynchat::find_prefix_at_end (reference/asynchat/
// find_prefix_at_end.h) against its brute-force definition: the length of the
// longest proper prefix of the needle that the haystack ends with.
//
// Input: the last byte is the needle length L (0..32), the L bytes before it
// the needle, everything in front of them the haystack. The needle bytes are
// also tried at the end of the haystack (haystack + needle[0..k)) for every k,
// so long matches are exercised without the fuzzer having to find them.
//
// Rejected early: inputs over 4 KiB (the function only looks at the last
// L - 1 bytes of the haystack; longer haystacks add nothing).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "traces/bytes_escape.h"
#include "reference/asynchat/find_prefix_at_end.h"

namespace {

std::size_t BruteForce(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return 0;
  for (std::size_t l = std::min(needle.size() - 1, haystack.size()); l > 0; --l) {
    if (haystack.substr(haystack.size() - l) == needle.substr(0, l)) return l;
  }
  return 0;
}

void Check(std::string_view haystack, std::string_view needle) {
  const std::size_t got = asynchat::find_prefix_at_end(haystack, needle);
  const std::size_t want = BruteForce(haystack, needle);
  if (got != want) {
    std::fprintf(stderr, "find_prefix_at_end(\"%s\", \"%s\") = %zu, the definition gives %zu\n",
                 traces::EscapeBytes(haystack).c_str(), traces::EscapeBytes(needle).c_str(), got, want);
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 4096) return -1;
  std::string_view in(reinterpret_cast<const char*>(data), size - 1);
  const std::size_t l = std::min<std::size_t>(data[size - 1] % 33, in.size());
  const std::string_view needle = in.substr(in.size() - l);
  const std::string_view haystack = in.substr(0, in.size() - l);
  Check(haystack, needle);
  std::string extended(haystack);
  for (char c : needle) {
    extended.push_back(c);
    Check(extended, needle);
  }
  return 0;
}
