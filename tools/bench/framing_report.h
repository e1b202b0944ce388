// FramingReport: the cells of //tools/bench:framing_vs_cpython (one per
// stream and read size: the reference's FramingCore, CPython's asynchat and
// the memchr/memmem baseline, in ns per byte of CPU time), and how they are
// printed: a text or markdown table, the targets judged cell by cell,
// and JSON. Rendering never measures; it only reads the samples.
//
// Sample i of every side of a cell is taken in round i, seconds apart, so a
// cell's ratios (reference against CPython, against the baseline) and the
// targets judged on them are the median of the per-round ratios, which a
// drift of the machine's speed from round to round does not move as long as
// it slows both sides alike; the MB/s and ns/read columns are each side's
// own median. Sides with different sample counts
// fall back to the ratio of their medians.
#ifndef ASYNCHAT_TOOLS_BENCH_FRAMING_REPORT_H_
#define ASYNCHAT_TOOLS_BENCH_FRAMING_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/bench/machine.h"

namespace bench {

// The framing targets.
inline constexpr double kTargetVsCpython = 50.0;       // reference at least 50x CPython, every cell...
inline constexpr double kBareScanSlack = 1.1;  // ...or, where the baseline is under 50x, at least baseline / 1.1
inline constexpr double kTargetVsBaseline = 0.5;       // at least half the baseline...
inline constexpr std::size_t kBaselineReadSize = 65536;  // ...with 64 KiB reads
// Linear: ns per byte at a read size is at most this times the lowest ns per
// byte at any smaller read size of the same stream. Bigger reads carry more
// messages per read, so a cost that grows with messages per read (copying
// the rest of the buffer per message) shows up as a rising per-byte cost;
// the slack absorbs cache effects and noise.
inline constexpr double kLinearSlack = 1.5;

struct FramingCell {
  std::string stream;
  std::size_t read_size = 0;
  std::size_t bytes = 0;  // framed per pass
  std::uint64_t reads = 0;
  // found_terminator() calls and bytes collected in one pass.
  std::uint64_t reference_found = 0, reference_collected = 0;
  std::uint64_t cpython_found = 0, cpython_collected = 0;
  std::uint64_t baseline_found = 0;
  bool cpython_ran = false;
  // CPU nanoseconds per byte, one entry per sample; entry i of each was
  // taken in round i.
  std::vector<double> reference_ns, cpython_ns, baseline_ns;

  bool agree() const {
    return cpython_ran && reference_found == cpython_found && reference_collected == cpython_collected;
  }
};

struct FramingReport {
  Machine machine;
  std::string command;
  std::string python;  // CPython's version, from the script
  int samples = 0;
  double min_time = 0;
  std::size_t bytes_limit = 0;  // 0: whole streams
  std::vector<std::size_t> read_sizes;
  std::vector<std::string> streams;
  std::vector<FramingCell> cells;

  const FramingCell* Find(const std::string& stream, std::size_t read_size) const;
};

std::string RenderText(const FramingReport& report);
std::string RenderMarkdown(const FramingReport& report);
// One line per target (and the agreement check), each saying met or not and
// naming every cell that misses it.
std::vector<std::string> TargetLines(const FramingReport& report);
nlohmann::json ToJson(const FramingReport& report);

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_FRAMING_REPORT_H_
