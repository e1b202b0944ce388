// The framing benchmark's workload, shared by
// //tools/bench:framing_benchmark and //tools/bench:framing_vs_cpython
// so both time the same bytes the same way.
//
// Streams (each about 1 MiB, built once):
//   lf64      "\n" terminator, 64-byte lines;
//   dot1k     "\r\n.\r\n" terminator, 1 KiB messages made of CRLF lines (so
//             the terminator's first bytes occur often: held-back prefixes);
//   count100  integer terminator 100, re-armed in found_terminator();
//   http      HTTP-like requests: headers ending "\r\n\r\n", then a body of
//             Content-Length bytes read with an integer terminator.
// FrameStream() feeds a stream to a FramingCore in reads of a given size with
// SumHandler, which only sums the sizes it is given and re-arms terminators
// (framing_cpython.py mirrors it in Python). BaselineScan() is the bare scan
// the framing is compared with: memchr ("\n") or memmem (multi-byte
// terminators) for every occurrence in each read, gaps summed, nothing
// carried across reads; for count100 it only walks the record boundaries,
// for http it memmem()s "\r\n\r\n" over every byte, bodies included.
#ifndef ASYNCHAT_TOOLS_BENCH_FRAMING_STREAMS_H_
#define ASYNCHAT_TOOLS_BENCH_FRAMING_STREAMS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reference/asynchat/framing_core.h"
#include "reference/asynchat/terminator.h"

namespace bench {

inline constexpr std::size_t kStreamBytes = 1 << 20;
inline constexpr std::size_t kReadSizes[] = {1, 7, 512, 4096, 65536};

enum class StreamKind { kLf64, kDot1k, kCount100, kHttp };

struct Stream {
  const char* name;
  StreamKind kind;
  std::string bytes;
  std::vector<std::size_t> body_lengths;  // http only: Content-Length of each request
};

// lf64, dot1k, count100, http, in that order; built on first use.
const std::vector<Stream>& Streams();

asynchat::Terminator InitialTerminator(StreamKind kind);

// Sums sizes; re-arms integer terminators; alternates headers and bodies for http.
class SumHandler : public asynchat::FramingHandler {
 public:
  SumHandler(asynchat::FramingCore& core, const Stream& stream) : core_(core), stream_(stream) {}

  void collect_incoming_data(std::string_view data) override { bytes += data.size(); }
  void found_terminator() override;

  std::uint64_t bytes = 0;
  std::uint64_t found = 0;

 private:
  [[gnu::noinline]] void Rearm();

  asynchat::FramingCore& core_;
  const Stream& stream_;
  bool in_headers_ = true;
  std::size_t request_ = 0;
};

// What one pass over a stream saw: bytes collected (or gaps summed) and
// terminators found.
struct Tally {
  std::uint64_t bytes = 0;
  std::uint64_t found = 0;
};

// A fresh FramingCore with the stream's initial terminator and a SumHandler,
// fed the stream in reads of `read_size` bytes.
Tally FrameStream(const Stream& stream, std::size_t read_size);

// The memchr/memmem baseline over the whole stream in reads of `read_size`.
Tally BaselineScan(const Stream& stream, std::size_t read_size);

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_FRAMING_STREAMS_H_
