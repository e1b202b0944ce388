// MessageSize: the --size setting of the load generator, one size or a
// range of sizes drawn uniformly per message.
//
// Accepted text: "64", "4K"/"4k"/"4KiB" (x1024), "1M"/"1MiB" (x1048576), or
// a range "MIN-MAX" of two such values (e.g. "64-64K"). Every size must lie
// in [kMinSize, kMaxSize]; a range needs MIN <= MAX. Parsing never throws: it
// returns nullopt and says why in *error.
#ifndef ASYNCHAT_TOOLS_LOADGEN_MESSAGE_SIZE_H_
#define ASYNCHAT_TOOLS_LOADGEN_MESSAGE_SIZE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loadgen {

struct MessageSize {
  static constexpr std::size_t kMinSize = 1;
  static constexpr std::size_t kMaxSize = std::size_t{1} << 20;  // the reference server's default limit

  std::size_t min = 64;
  std::size_t max = 64;

  bool fixed() const { return min == max; }
  // Picks a size in [min, max] from a 64-bit random value.
  std::size_t Pick(std::uint64_t random) const { return fixed() ? min : min + random % (max - min + 1); }
  // "64", "4096" or "64-65536".
  std::string ToString() const;
};

std::optional<MessageSize> ParseMessageSize(std::string_view text, std::string* error);

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_MESSAGE_SIZE_H_
