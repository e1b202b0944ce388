#include "tools/loadgen/latency_histogram.h"

#include <algorithm>
#include <cmath>

namespace loadgen {
namespace {

// Values below 2^kLinearBits are their own bucket; above, each power of two
// is split into 2^(kLinearBits - 1) equal buckets.
constexpr int kLinearBits = 7;
constexpr std::size_t kHalf = std::size_t{1} << (kLinearBits - 1);                    // 64
constexpr std::size_t kBuckets = (64 - kLinearBits + 1) * kHalf + 2 * kHalf;  // up to 2^64

}  // namespace

LatencyHistogram::LatencyHistogram() : buckets_(kBuckets, 0) {}

std::size_t LatencyHistogram::IndexOf(std::uint64_t ns) {
  if (ns < 2 * kHalf) return static_cast<std::size_t>(ns);
  const int msb = 63 - __builtin_clzll(ns);  // >= kLinearBits
  const int shift = msb - (kLinearBits - 1);
  return static_cast<std::size_t>(shift) * kHalf + static_cast<std::size_t>(ns >> shift);
}

std::uint64_t LatencyHistogram::LowerBound(std::size_t index) {
  if (index < 2 * kHalf) return index;
  const std::size_t shift = index / kHalf - 1;
  const std::uint64_t mantissa = index - shift * kHalf;  // in [kHalf, 2 * kHalf)
  return mantissa << shift;
}

std::uint64_t LatencyHistogram::Width(std::size_t index) {
  if (index < 2 * kHalf) return 1;
  return std::uint64_t{1} << (index / kHalf - 1);
}

void LatencyHistogram::Record(std::uint64_t ns) {
  ++buckets_[IndexOf(ns)];
  ++count_;
  sum_ += ns;
  min_ = std::min(min_, ns);
  max_ = std::max(max_, ns);
}

void LatencyHistogram::Merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

std::uint64_t LatencyHistogram::Quantile(double q) const {
  if (count_ == 0) return 0;
  q = std::clamp(q, 0.0, 1.0);
  std::uint64_t rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  rank = std::clamp<std::uint64_t>(rank, 1, count_);
  if (rank == 1) return min();  // the extremes are known exactly
  if (rank == count_) return max_;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) {
      const std::uint64_t mid = LowerBound(i) + Width(i) / 2;
      return std::clamp(mid, min(), max_);
    }
  }
  return max_;
}

}  // namespace loadgen
