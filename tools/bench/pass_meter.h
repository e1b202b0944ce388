// PassMeter: the wall-clock cost of asyncore::loop passes over one map, in
// whole batches of passes (loop(count = batch)) until a time budget is spent,
// so the clock is read rarely and every pass is a real loop() pass.
#ifndef ASYNCHAT_TOOLS_BENCH_PASS_METER_H_
#define ASYNCHAT_TOOLS_BENCH_PASS_METER_H_

#include <cstdint>
#include <functional>

#include "reference/asyncore/loop.h"

namespace bench {

struct PassRun {
  double seconds = 0;
  long passes = 0;
  std::uint64_t events = 0;  // what `events` counted during the run
  double us_per_pass() const { return passes ? seconds * 1e6 / static_cast<double>(passes) : 0; }
  double events_per_pass() const { return passes ? static_cast<double>(events) / static_cast<double>(passes) : 0; }
};

// Runs loop(options with count = batch) until at least min_seconds passed.
// `events` is read before and after (e.g. the active pair's bounces).
PassRun MeasurePasses(asyncore::LoopOptions options, double min_seconds, const std::function<std::uint64_t()>& events,
                      long batch = 16);

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_PASS_METER_H_
