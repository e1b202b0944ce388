#include "tools/loadgen/payload_pattern.h"

#include <cstring>

namespace loadgen {

PayloadPattern::PayloadPattern(std::size_t max_message) : bytes_(max_message + kSpread) {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;  // xorshift64*, fixed seed: runs are reproducible
  for (char& c : bytes_) {
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    c = static_cast<char>((x * 0x2545F4914F6CDD1Dull) >> 56);
  }
}

std::size_t PayloadPattern::Offset(std::uint32_t conn, std::uint64_t seq) const {
  return static_cast<std::size_t>((conn * 2654435761ull + seq * 40503ull) % kSpread);
}

std::size_t PayloadPattern::FirstMismatch(std::size_t offset, std::size_t at, std::string_view got) const {
  const char* want = bytes_.data() + offset + at;
  if (std::memcmp(want, got.data(), got.size()) == 0) return std::string_view::npos;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (want[i] != got[i]) return i;
  }
  return std::string_view::npos;
}

}  // namespace loadgen
