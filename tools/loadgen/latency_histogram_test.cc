#include "tools/loadgen/latency_histogram.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace loadgen {
namespace {

TEST(LatencyHistogramTest, BucketsAreContiguousAndTight) {
  // Every value falls in the bucket whose bounds contain it, and the
  // relative width of a bucket stays below 1/64.
  for (std::uint64_t v : {0ull, 1ull, 127ull, 128ull, 129ull, 255ull, 256ull, 1000ull, 123456789ull,
                          (1ull << 40) + 12345ull, ~0ull}) {
    std::size_t i = LatencyHistogram::IndexOf(v);
    EXPECT_LE(LatencyHistogram::LowerBound(i), v) << v;
    EXPECT_LT(v - LatencyHistogram::LowerBound(i), LatencyHistogram::Width(i)) << v;
    if (v >= 128) {
      EXPECT_LE(LatencyHistogram::Width(i) * 64, LatencyHistogram::LowerBound(i)) << v;
    }
  }
  for (std::size_t i = 0; i + 1 < 3700; ++i) {
    EXPECT_EQ(LatencyHistogram::LowerBound(i) + LatencyHistogram::Width(i), LatencyHistogram::LowerBound(i + 1)) << i;
  }
}

TEST(LatencyHistogramTest, Quantiles) {
  LatencyHistogram h;
  EXPECT_EQ(h.Quantile(0.5), 0u);
  for (std::uint64_t v = 1; v <= 1000; ++v) h.Record(v * 1000);  // 1..1000 us
  EXPECT_EQ(h.count(), 1000u);
  EXPECT_EQ(h.min(), 1000u);
  EXPECT_EQ(h.max(), 1000000u);
  auto near = [](std::uint64_t got, double want) {
    EXPECT_NEAR(static_cast<double>(got), want, want / 64.0 + 1) << want;
  };
  near(h.Quantile(0.5), 500000);
  near(h.Quantile(0.99), 990000);
  near(h.Quantile(0.999), 999000);
  EXPECT_EQ(h.Quantile(1.0), 1000000u);
  EXPECT_EQ(h.Quantile(0.0), 1000u);
  EXPECT_DOUBLE_EQ(h.mean(), 500500.0);
}

TEST(LatencyHistogramTest, MergeAddsCounts) {
  LatencyHistogram a, b;
  for (int i = 0; i < 10; ++i) a.Record(100);
  for (int i = 0; i < 30; ++i) b.Record(5000);
  a.Merge(b);
  EXPECT_EQ(a.count(), 40u);
  EXPECT_EQ(a.min(), 100u);
  EXPECT_EQ(a.max(), 5000u);
  EXPECT_EQ(a.Quantile(0.25), 100u);
  EXPECT_NEAR(static_cast<double>(a.Quantile(0.5)), 5000.0, 5000.0 / 64);
}

}  // namespace
}  // namespace loadgen
