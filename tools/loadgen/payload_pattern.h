// PayloadPattern: the bytes the load generator sends, and the check of what
// comes back.
//
// One read-only buffer of pseudo-random bytes (every byte value occurs,
// newlines included, so a server that treats the data as lines fails) is
// shared by all threads. Message `seq` of connection `conn` is the slice
// starting at Offset(conn, seq): distinct neighbouring messages, no
// per-message generation, and the check of an echoed chunk is one memcmp.
#ifndef ASYNCHAT_TOOLS_LOADGEN_PAYLOAD_PATTERN_H_
#define ASYNCHAT_TOOLS_LOADGEN_PAYLOAD_PATTERN_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace loadgen {

class PayloadPattern {
 public:
  // Messages up to max_message bytes.
  explicit PayloadPattern(std::size_t max_message);

  std::size_t Offset(std::uint32_t conn, std::uint64_t seq) const;
  // The `size` bytes of message (conn, seq), starting at `offset`.
  std::string_view Message(std::size_t offset, std::size_t size) const {
    return std::string_view(bytes_.data() + offset, size);
  }
  // Index in `got` of the first byte that differs from the message bytes
  // [at, at + got.size()) of the message at `offset`, or npos.
  std::size_t FirstMismatch(std::size_t offset, std::size_t at, std::string_view got) const;

 private:
  static constexpr std::size_t kSpread = 65536;  // distinct start offsets
  std::vector<char> bytes_;
};

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_PAYLOAD_PATTERN_H_
