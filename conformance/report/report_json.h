// The machine-readable report (`--json FILE`): every run, case and property
// with its verdict, outcome, detail, counterexample and replay command (a
// failing case: its "group" and "root_cause"), the groups of failures
// ("groups": root cause, signature, case ids, clauses, counterexample), plus
// the tallies, as one JSON document. The shape is versioned by "format"; a
// field is only ever added.
#ifndef ASYNCHAT_CONFORMANCE_REPORT_REPORT_JSON_H_
#define ASYNCHAT_CONFORMANCE_REPORT_REPORT_JSON_H_

#include <string>
#include <vector>

#include "conformance/report/report.h"

namespace conformance {

inline constexpr char kJsonReportFormat[] = "asynchat-conformance-report 1";

std::string RenderJson(const std::vector<ImplementationRun>& runs);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_REPORT_REPORT_JSON_H_
