#include "tools/bench/framing_report.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace bench {
namespace {

// A cell whose sides agree, with the given samples (ns per byte, entry i from
// round i).
FramingCell Cell(const std::string& stream, std::size_t read_size, std::vector<double> reference,
                 std::vector<double> cpython, std::vector<double> baseline) {
  FramingCell c;
  c.stream = stream;
  c.read_size = read_size;
  c.bytes = 1 << 20;
  c.reads = c.bytes / read_size;
  c.reference_found = c.cpython_found = 100;
  c.reference_collected = c.cpython_collected = 1000;
  c.cpython_ran = true;
  c.reference_ns = std::move(reference);
  c.cpython_ns = std::move(cpython);
  c.baseline_ns = std::move(baseline);
  return c;
}

FramingReport OneCell(FramingCell c) {
  FramingReport report;
  report.samples = static_cast<int>(c.reference_ns.size());
  report.min_time = 0.1;
  report.read_sizes = {c.read_size};
  report.streams = {c.stream};
  report.cells = {std::move(c)};
  return report;
}

// The line of the 50x target.
std::string CpythonTarget(const FramingReport& report) {
  for (const std::string& line : TargetLines(report)) {
    if (line.rfind("Target: at least 50x CPython", 0) == 0) return line;
  }
  return "";
}

// Rounds 60x, 60x and 30x (the machine twice as slow in round 2, CPython's
// third sample in a fast phase): paired, the median round is 60x; the two
// medians (reference 2, CPython 90) would give 45x, under the target.
TEST(FramingReportTest, PairedRatioMeetsTargetWhereRatioOfMediansWouldNot) {
  const FramingReport report =
      OneCell(Cell("lf64", 512, {1, 2, 3}, {60, 120, 90}, /*baseline=*/{0.5, 1, 1.5}));
  EXPECT_DOUBLE_EQ(ToJson(report)["cells"][0]["reference_vs_cpython"].get<double>(), 60.0);
  EXPECT_EQ(CpythonTarget(report),
            "Target: at least 50x CPython asynchat in every cell, or where the memchr/memmem baseline itself is under "
            "50x CPython, at least the baseline's MB/s / 1.1: met in all 1 cells (lowest 60.0x CPython, at "
            "lf64/512).");
  EXPECT_NE(RenderMarkdown(report).find("| 60.0x |"), std::string::npos) << RenderMarkdown(report);
}

// Rounds 40x, 40x and 75x: paired 40x, under 50x (the baseline is 80x
// CPython, so its rule does not apply); the medians (reference 2, CPython
// 120) would give 60x.
TEST(FramingReportTest, PairedRatioMissesTargetWhereRatioOfMediansWouldMeetIt) {
  const FramingReport report =
      OneCell(Cell("dot1k", 4096, {1, 3, 2}, {40, 120, 150}, /*baseline=*/{0.5, 1.5, 1}));
  EXPECT_DOUBLE_EQ(ToJson(report)["cells"][0]["reference_vs_cpython"].get<double>(), 40.0);
  EXPECT_EQ(CpythonTarget(report),
            "Target: at least 50x CPython asynchat in every cell, or where the memchr/memmem baseline itself is under "
            "50x CPython, at least the baseline's MB/s / 1.1: NOT met in 1 of 1 cells: dot1k/4096 (40.0x; baseline "
            "80.0x, reference 0.50x the baseline).");
}

// Against the baseline too: rounds 0.6, 0.6 and 0.3 give 0.6, where the
// medians (baseline 0.9, reference 2) would give 0.45, under 0.5.
TEST(FramingReportTest, BaselineTargetUsesPairedRatio) {
  const FramingReport report =
      OneCell(Cell("lf64", kBaselineReadSize, {1, 2, 3}, {100, 200, 300}, /*baseline=*/{0.6, 1.2, 0.9}));
  EXPECT_DOUBLE_EQ(ToJson(report)["cells"][0]["reference_vs_baseline"].get<double>(), 0.6);
  bool found = false;
  for (const std::string& line : TargetLines(report)) {
    if (line.rfind("Target: at least 0.5x the memchr/memmem baseline", 0) != 0) continue;
    found = true;
    EXPECT_EQ(line, "Target: at least 0.5x the memchr/memmem baseline with 64 KiB reads: met for lf64 0.60.");
  }
  EXPECT_TRUE(found);
}

// Four rounds: 50x, 30x, 70x, 80x; the median is the mean of the middle two,
// 60x (the medians, 65 / 1.5, would give 43.3x).
TEST(FramingReportTest, PairedRatioOfAnEvenNumberOfRounds) {
  const FramingReport report = OneCell(Cell("http", 7, {1, 2, 1, 2}, {50, 60, 70, 160}, {1, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(ToJson(report)["cells"][0]["reference_vs_cpython"].get<double>(), 60.0);
}

// Sides with different sample counts cannot be paired: the ratio of the
// medians, 90 / 2.
TEST(FramingReportTest, UnpairedSidesFallBackToRatioOfMedians) {
  const FramingReport report = OneCell(Cell("count100", 512, {1, 2, 3}, {90}, {1, 1, 1}));
  EXPECT_DOUBLE_EQ(ToJson(report)["cells"][0]["reference_vs_cpython"].get<double>(), 45.0);
}

TEST(FramingReportTest, NoCpythonSamplesIsNotMeasured) {
  FramingCell c = Cell("lf64", 1, {1, 2, 3}, {}, {1, 1, 1});
  c.cpython_ran = false;
  const FramingReport report = OneCell(std::move(c));
  EXPECT_DOUBLE_EQ(ToJson(report)["cells"][0]["reference_vs_cpython"].get<double>(), 0.0);
  EXPECT_NE(CpythonTarget(report).find(": not measured."), std::string::npos) << CpythonTarget(report);
}

// The method note says how the ratios are formed.
TEST(FramingReportTest, NotesSayRatiosArePaired) {
  const std::string md = RenderMarkdown(OneCell(Cell("lf64", 512, {1, 2, 3}, {60, 120, 90}, {1, 1, 1})));
  EXPECT_NE(md.find("- Each figure is the median of 3 samples"), std::string::npos) << md;
  EXPECT_NE(md.find("taken in 3 rounds"), std::string::npos) << md;
  EXPECT_NE(md.find("the median over rounds of each round's ratio"), std::string::npos) << md;
}

}  // namespace
}  // namespace bench
