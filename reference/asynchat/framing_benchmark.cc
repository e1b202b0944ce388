// FramingCore throughput, with a memchr/memmem baseline in the same binary.
//
//   tools/bazel run -c opt //reference/asynchat:framing_benchmark -- --benchmark_min_time=0.2
//
// Streams (each about 1 MiB, built once):
//   lf64      "\n" terminator, 64-byte lines;
//   dot1k     "\r\n.\r\n" terminator, 1 KiB messages made of CRLF lines (so
//             the terminator's first bytes occur often: held-back prefixes);
//   count100  integer terminator 100, re-armed in found_terminator();
//   http      HTTP-like requests: headers ending "\r\n\r\n", then a body of
//             Content-Length bytes read with an integer terminator.
// Each is fed in reads of 1, 7, 512, 4096 and 65536 bytes. The handler only
// sums the sizes it is given (and re-arms terminators).
//
// framing/<stream>/read:<n>   FramingCore::Feed over the stream;
// baseline/<stream>/read:<n>  the same reads scanned with memchr ("\n") or
//                             memmem (multi-byte terminators) for every
//                             occurrence in each read, summing the gaps; no
//                             held-back prefixes, no callbacks. For count100
//                             the baseline only walks the record boundaries
//                             (nothing to search for). For http it memmem()s
//                             "\r\n\r\n" over every byte, body included.
// Bytes/s is reported for both (SetBytesProcessed), so framing/baseline at a
// read size is the cost of the framing over a bare scan.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "reference/asynchat/framing_core.h"
#include "reference/asynchat/terminator.h"

namespace asynchat {
namespace {

constexpr std::size_t kStreamBytes = 1 << 20;
constexpr std::size_t kReadSizes[] = {1, 7, 512, 4096, 65536};

enum class StreamKind { kLf64, kDot1k, kCount100, kHttp };

struct Stream {
  const char* name;
  StreamKind kind;
  std::string bytes;
  std::vector<std::size_t> body_lengths;  // http only: Content-Length of each request
};

// Filler text with no "\r", "\n" or ".", so only the intended terminators occur.
char Filler(std::size_t i) { return static_cast<char>('a' + (i * 7 + i / 13) % 26); }

std::string Lines(std::size_t total, std::size_t line, const char* eol) {
  std::string out;
  const std::size_t eol_size = std::strlen(eol);
  while (out.size() < total) {
    const std::size_t body = std::min(line - eol_size, total - out.size());
    for (std::size_t i = 0; i < body; ++i) out += Filler(out.size() + i);
    if (out.size() + eol_size <= total) out += eol;
    else out.append(total - out.size(), 'z');
  }
  return out;
}

Stream MakeLf64() {
  Stream s{"lf64", StreamKind::kLf64, {}, {}};
  while (s.bytes.size() < kStreamBytes) s.bytes += Lines(64, 64, "\n");
  return s;
}

Stream MakeDot1k() {
  Stream s{"dot1k", StreamKind::kDot1k, {}, {}};
  const std::string message = Lines(1024 - 5, 64, "\r\n") + "\r\n.\r\n";
  while (s.bytes.size() < kStreamBytes) s.bytes += message;
  return s;
}

Stream MakeCount100() {
  Stream s{"count100", StreamKind::kCount100, {}, {}};
  for (std::size_t i = 0; s.bytes.size() < kStreamBytes; ++i) s.bytes += Filler(i);
  s.bytes.resize(kStreamBytes / 100 * 100);
  return s;
}

Stream MakeHttp() {
  Stream s{"http", StreamKind::kHttp, {}, {}};
  for (std::size_t i = 0; s.bytes.size() < kStreamBytes; ++i) {
    const std::size_t length = 200 + (i * 389) % 1800;  // 200..1999 bytes
    s.body_lengths.push_back(length);
    s.bytes += "POST /submit/" + std::to_string(i) + " HTTP/1.1\r\n";
    s.bytes += "Host: example.test\r\nUser-Agent: framing-benchmark/1.0\r\nAccept: */*\r\n";
    s.bytes += "Content-Type: application/octet-stream\r\n";
    s.bytes += "Content-Length: " + std::to_string(length) + "\r\n\r\n";
    for (std::size_t k = 0; k < length; ++k) s.bytes += Filler(k + i);
  }
  return s;
}

const std::vector<Stream>& Streams() {
  static const std::vector<Stream> streams = {MakeLf64(), MakeDot1k(), MakeCount100(), MakeHttp()};
  return streams;
}

Terminator InitialTerminator(StreamKind kind) {
  switch (kind) {
    case StreamKind::kLf64:
      return Terminator::String("\n");
    case StreamKind::kDot1k:
      return Terminator::String("\r\n.\r\n");
    case StreamKind::kCount100:
      return Terminator::Count(100);
    case StreamKind::kHttp:
      return Terminator::String("\r\n\r\n");
  }
  return Terminator::None();
}

// Sums sizes; re-arms integer terminators; alternates headers and bodies for http.
class SumHandler : public FramingHandler {
 public:
  SumHandler(FramingCore& core, const Stream& stream) : core_(core), stream_(stream) {}

  void collect_incoming_data(std::string_view data) override { bytes += data.size(); }
  void found_terminator() override {
    ++found;
    switch (stream_.kind) {
      case StreamKind::kCount100:
        core_.set_terminator(Terminator::Count(100));
        break;
      case StreamKind::kHttp:
        if (in_headers_) {
          core_.set_terminator(Terminator::Count(static_cast<std::int64_t>(stream_.body_lengths[request_++])));
        } else {
          core_.set_terminator(Terminator::String("\r\n\r\n"));
        }
        in_headers_ = !in_headers_;
        break;
      default:
        break;
    }
  }

  std::uint64_t bytes = 0;
  std::uint64_t found = 0;

 private:
  FramingCore& core_;
  const Stream& stream_;
  bool in_headers_ = true;
  std::size_t request_ = 0;
};

void BM_Framing(benchmark::State& state, const Stream* stream, std::size_t read_size) {
  const std::string_view bytes(stream->bytes);
  std::uint64_t found = 0;
  for (auto _ : state) {
    FramingCore core;
    core.set_terminator(InitialTerminator(stream->kind));
    SumHandler handler(core, *stream);
    for (std::size_t pos = 0; pos < bytes.size(); pos += read_size) {
      core.Feed(bytes.substr(pos, read_size), handler);
    }
    benchmark::DoNotOptimize(handler.bytes);
    found = handler.found;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.counters["found"] = static_cast<double>(found);
}

// Every occurrence of `needle` in each read, gaps summed; nothing carried
// across reads.
void BM_Baseline(benchmark::State& state, const Stream* stream, std::size_t read_size) {
  const std::string_view bytes(stream->bytes);
  const std::string needle = stream->kind == StreamKind::kLf64    ? "\n"
                             : stream->kind == StreamKind::kDot1k ? "\r\n.\r\n"
                                                                  : "\r\n\r\n";
  std::uint64_t found = 0;
  for (auto _ : state) {
    std::uint64_t sum = 0;
    std::uint64_t hits = 0;
    if (stream->kind == StreamKind::kCount100) {
      std::uint64_t left = 100;
      for (std::size_t pos = 0; pos < bytes.size(); pos += read_size) {
        std::size_t n = std::min(read_size, bytes.size() - pos);
        while (n > 0) {
          const std::size_t take = std::min<std::uint64_t>(n, left);
          sum += take;
          n -= take;
          left -= take;
          if (left == 0) {
            ++hits;
            left = 100;
          }
        }
      }
    } else {
      for (std::size_t pos = 0; pos < bytes.size(); pos += read_size) {
        const char* p = bytes.data() + pos;
        const char* end = p + std::min(read_size, bytes.size() - pos);
        while (p < end) {
          const void* hit = needle.size() == 1
                                ? std::memchr(p, needle[0], static_cast<std::size_t>(end - p))
                                : memmem(p, static_cast<std::size_t>(end - p), needle.data(), needle.size());
          if (hit == nullptr) {
            sum += static_cast<std::uint64_t>(end - p);
            break;
          }
          const char* h = static_cast<const char*>(hit);
          sum += static_cast<std::uint64_t>(h - p);
          ++hits;
          p = h + needle.size();
        }
      }
    }
    benchmark::DoNotOptimize(sum);
    found = hits;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes.size()));
  state.counters["found"] = static_cast<double>(found);
}

const bool kRegistered = [] {
  for (const Stream& stream : Streams()) {
    for (std::size_t read_size : kReadSizes) {
      const std::string suffix = std::string(stream.name) + "/read:" + std::to_string(read_size);
      benchmark::RegisterBenchmark(("framing/" + suffix).c_str(), BM_Framing, &stream, read_size);
      benchmark::RegisterBenchmark(("baseline/" + suffix).c_str(), BM_Baseline, &stream, read_size);
    }
  }
  return true;
}();

}  // namespace
}  // namespace asynchat
