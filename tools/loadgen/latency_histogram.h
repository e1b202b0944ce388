// LatencyHistogram: a log-linear histogram of nanosecond values with a
// relative error below 1/64 (64 linear slots per power of two), constant
// memory (about 30 KB), O(1) recording and mergeable across threads. The
// load generator keeps one per thread and merges them at the end, so
// recording a latency costs no locking and no allocation.
#ifndef ASYNCHAT_TOOLS_LOADGEN_LATENCY_HISTOGRAM_H_
#define ASYNCHAT_TOOLS_LOADGEN_LATENCY_HISTOGRAM_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace loadgen {

class LatencyHistogram {
 public:
  LatencyHistogram();

  void Record(std::uint64_t ns);
  void Merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  std::uint64_t min() const { return count_ ? min_ : 0; }
  std::uint64_t max() const { return max_; }
  double mean() const { return count_ ? static_cast<double>(sum_) / static_cast<double>(count_) : 0.0; }
  // The value at quantile q in [0, 1] (0.99 = p99): the midpoint of the
  // bucket holding the ceil(q * count)-th smallest value, clamped to
  // [min, max]; the exact min and max for the first and last rank. 0 when
  // empty.
  std::uint64_t Quantile(double q) const;

  // Bucket arithmetic, public for tests.
  static std::size_t IndexOf(std::uint64_t ns);
  static std::uint64_t LowerBound(std::size_t index);
  static std::uint64_t Width(std::size_t index);

 private:
  std::vector<std::uint64_t> buckets_;
  std::uint64_t count_ = 0;
  std::uint64_t sum_ = 0;
  std::uint64_t min_ = UINT64_MAX;
  std::uint64_t max_ = 0;
};

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_LATENCY_HISTOGRAM_H_
