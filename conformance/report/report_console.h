// The console summary of a run, for a person at a terminal, short enough to
// read whatever the run found:
//   - the implementation and a table of outcomes per area (first id segment);
//   - the groups of failures, one line per root cause (run_result.h
//     FailureGroup): its title, how many cases, the clauses they cite, its
//     counterexample (the first 10 groups: the most unexpected failures);
//   - the properties, one line each (the detail of a failing one);
//   - the first few unexpected failures in full (first mismatch,
//     counterexample, replay command): one of each root cause first;
//   - expected failures counted by reason, unsupported cases counted by what
//     they need, unexpected passes listed;
//   - the result line.
// With `verbose`, every root cause, every unexpected failure in full and
// every expected failure and unsupported case on a line of its own.
#ifndef ASYNCHAT_CONFORMANCE_REPORT_REPORT_CONSOLE_H_
#define ASYNCHAT_CONFORMANCE_REPORT_REPORT_CONSOLE_H_

#include <ostream>

#include "conformance/report/report.h"

namespace conformance {

struct ConsoleOptions {
  bool verbose = false;
  // Without verbose:
  int failures_in_full = 3;
  int groups_shown = 10;
};

void PrintConsoleSummary(std::ostream& out, const ImplementationRun& run, const ConsoleOptions& options = {});

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_REPORT_REPORT_CONSOLE_H_
