// RunControl: the phases of a load run, set by the main thread and read by
// every worker, plus the counters the main thread watches while it waits.
// Phases only move forward: connect -> warm-up -> measure -> drain (or
// abort, from any phase, when a worker reported an error).
#ifndef ASYNCHAT_TOOLS_LOADGEN_RUN_CONTROL_H_
#define ASYNCHAT_TOOLS_LOADGEN_RUN_CONTROL_H_

#include <atomic>

namespace loadgen {

enum class Phase : int {
  kConnect = 0,  // open every connection, send nothing
  kWarmup = 1,   // load, not recorded
  kMeasure = 2,  // load, recorded
  kDrain = 3,    // no new messages; wait for the outstanding echoes
  kAbort = 4,    // stop at once
};

struct RunControl {
  std::atomic<Phase> phase{Phase::kConnect};
  std::atomic<int> connected{0};  // connections established, all workers
  std::atomic<int> errors{0};     // errors reported, all workers
  std::atomic<int> finished{0};   // workers whose Run() returned
  // Set by the first message completed in the measure phase: a slow server
  // on a busy machine gets its measurement extended until it has one.
  std::atomic<bool> measured_any{false};
};

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_RUN_CONTROL_H_
