// The console summary of a run, for a person at a terminal: the
// implementation, a table of outcomes per area (first id segment), the
// properties, then each unexpected failure in full (first mismatch, the
// counterexample written and the command that replays it) and one line per
// expected failure, unexpected pass and unsupported case.
#ifndef ASYNCHAT_CONFORMANCE_REPORT_REPORT_CONSOLE_H_
#define ASYNCHAT_CONFORMANCE_REPORT_REPORT_CONSOLE_H_

#include <ostream>

#include "conformance/report/report.h"

namespace conformance {

void PrintConsoleSummary(std::ostream& out, const ImplementationRun& run);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_REPORT_REPORT_CONSOLE_H_
