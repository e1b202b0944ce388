// The input layout of http_request_handler_fuzzer, with its inverse for seeds
// (fuzz/byte_source.h: structure from the back, bytes from the front).
//
//   byte   flags: bit0 small limits (256-byte headers, 512-byte bodies, so the
//          431/413 paths are reachable), bits 1..7 send cap (0: unlimited)
//   then until the input is used up: a byte b, then 1 + b request bytes
//   from the front: one recv() result of that size.
#ifndef ASYNCHAT_FUZZ_HTTP_INPUT_H_
#define ASYNCHAT_FUZZ_HTTP_INPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/byte_source.h"

namespace fuzz {

struct HttpInput {
  bool small_limits = false;
  std::size_t send_cap = 0;  // 0: unlimited
  std::vector<std::string> reads;  // each at most 256 bytes, never empty
};

inline HttpInput DecodeHttpInput(std::string_view input) {
  ByteSource src(input);
  HttpInput in;
  const std::uint8_t flags = src.TakeByte();
  in.small_limits = flags & 1;
  in.send_cap = flags >> 1;
  while (!src.empty()) {
    std::string_view chunk = src.TakeBytes(1 + static_cast<std::size_t>(src.TakeByte()));
    if (!chunk.empty()) in.reads.emplace_back(chunk);
  }
  return in;
}

// Reads longer than 256 bytes are split; empty ones dropped.
inline std::string EncodeHttpInput(const HttpInput& in) {
  ByteSink sink;
  sink.PutByte(static_cast<std::uint8_t>((in.small_limits ? 1 : 0) | ((in.send_cap & 0x7f) << 1)));
  for (const std::string& r : in.reads) {
    for (std::size_t i = 0; i < r.size(); i += 256) {
      std::string_view piece = std::string_view(r).substr(i, 256);
      sink.PutByte(static_cast<std::uint8_t>(piece.size() - 1));
      sink.PutBytes(piece);
    }
  }
  return sink.Finish();
}

}  // namespace fuzz

#endif  // ASYNCHAT_FUZZ_HTTP_INPUT_H_
