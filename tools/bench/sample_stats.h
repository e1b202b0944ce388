// SampleStats: the median and the spread of repeated measurements, so every
// figure a benchmark prints carries its own noise.
#ifndef ASYNCHAT_TOOLS_BENCH_SAMPLE_STATS_H_
#define ASYNCHAT_TOOLS_BENCH_SAMPLE_STATS_H_

#include <algorithm>
#include <vector>

namespace bench {

struct SampleStats {
  double median = 0;
  double min = 0;
  double max = 0;
  // (max - min) / median, in percent; 0 for fewer than two samples.
  double spread_percent() const { return median > 0 ? (max - min) / median * 100.0 : 0.0; }
};

inline SampleStats Summarize(std::vector<double> samples) {
  SampleStats s;
  if (samples.empty()) return s;
  std::sort(samples.begin(), samples.end());
  const std::size_t n = samples.size();
  s.median = n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
  s.min = samples.front();
  s.max = samples.back();
  return s;
}

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_SAMPLE_STATS_H_
