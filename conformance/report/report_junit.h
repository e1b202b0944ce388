// The JUnit XML report (`--junit FILE`), for CI systems that display test
// results: one <testsuite> per implementation and area ("cpython.terminator"),
// one <testcase> per case, plus a suite per implementation for the
// properties. An unexpected failure is a <failure> (an adapter failure an
// <error>), with the first mismatch or the adapter's stderr as its text and
// the root cause it is grouped under (run_result.h FailureGroup); an
// expected failure and an unsupported case are <skipped> with the reason, so
// the CI's red/green matches the command's exit status. An unexpected pass
// passes, with a note in <system-out>. A property's time is the wall time of
// its runs.
#ifndef ASYNCHAT_CONFORMANCE_REPORT_REPORT_JUNIT_H_
#define ASYNCHAT_CONFORMANCE_REPORT_REPORT_JUNIT_H_

#include <string>
#include <vector>

#include "conformance/report/report.h"

namespace conformance {

std::string RenderJUnit(const std::vector<ImplementationRun>& runs);

// `text` escaped for XML character data and attribute values; bytes XML 1.0
// cannot carry (control characters, invalid UTF-8) become \xHH.
std::string XmlEscape(const std::string& text);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_REPORT_REPORT_JUNIT_H_
