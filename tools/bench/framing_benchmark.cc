// FramingCore throughput, with a memchr/memmem baseline in the same binary.
//
//   tools/bazel run -c opt //tools/bench:framing_benchmark -- --benchmark_min_time=0.2
//
// The streams (lf64, dot1k, count100, http; about 1 MiB each), the handler
// and the baseline scan are tools/bench/framing_streams.h, shared with
// //tools/bench:framing_vs_cpython (the same figures beside CPython's
// asynchat). Each stream is fed in reads of 1, 7, 512, 4096 and 65536 bytes.
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

#include <cstddef>
#include <cstdint>
#include <string>

#include "tools/bench/framing_streams.h"

namespace asynchat {
namespace {

using bench::Stream;
using bench::Tally;

void BM_Framing(benchmark::State& state, const Stream* stream, std::size_t read_size) {
  std::uint64_t found = 0;
  for (auto _ : state) {
    Tally tally = bench::FrameStream(*stream, read_size);
    benchmark::DoNotOptimize(tally.bytes);
    found = tally.found;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream->bytes.size()));
  state.counters["found"] = static_cast<double>(found);
}

void BM_Baseline(benchmark::State& state, const Stream* stream, std::size_t read_size) {
  std::uint64_t found = 0;
  for (auto _ : state) {
    Tally tally = bench::BaselineScan(*stream, read_size);
    benchmark::DoNotOptimize(tally.bytes);
    found = tally.found;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream->bytes.size()));
  state.counters["found"] = static_cast<double>(found);
}

const bool kRegistered = [] {
  for (const Stream& stream : bench::Streams()) {
    for (std::size_t read_size : bench::kReadSizes) {
      const std::string suffix = std::string(stream.name) + "/read:" + std::to_string(read_size);
      benchmark::RegisterBenchmark(("framing/" + suffix).c_str(), BM_Framing, &stream, read_size);
      benchmark::RegisterBenchmark(("baseline/" + suffix).c_str(), BM_Baseline, &stream, read_size);
    }
  }
  return true;
}();

}  // namespace
}  // namespace asynchat
