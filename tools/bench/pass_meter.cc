#include "tools/bench/pass_meter.h"

#include <chrono>

namespace bench {

PassRun MeasurePasses(asyncore::LoopOptions options, double min_seconds, const std::function<std::uint64_t()>& events,
                      long batch) {
  using Clock = std::chrono::steady_clock;
  options.count = batch;
  PassRun run;
  const std::uint64_t events_before = events();
  const Clock::time_point start = Clock::now();
  do {
    asyncore::loop(options);
    run.passes += batch;
    run.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  } while (run.seconds < min_seconds);
  run.events = events() - events_before;
  return run;
}

}  // namespace bench
