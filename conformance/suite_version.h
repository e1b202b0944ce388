// The conformance suite's own version: what `conformance --version` and
// `trace --version` print, and what CHANGES.md's top section is the release
// of. It changes when case ids, options, exit statuses or reports change
// meaning for a user; the driver protocol (kDriverProtocolVersion,
// PROTOCOL.md) and the trace format (traces::kFormatVersion, FORMAT.md) keep
// their own numbers, which the version line names too.
#ifndef ASYNCHAT_CONFORMANCE_SUITE_VERSION_H_
#define ASYNCHAT_CONFORMANCE_SUITE_VERSION_H_

#include <string>

namespace conformance {

constexpr char kSuiteName[] = "asynchat-conformance";
constexpr char kSuiteVersion[] = "0.1.0";

// "asynchat-conformance 0.1.0 (driver protocol 1, trace format 1)"; a
// non-empty `more` goes inside the parentheses after a "; ".
std::string VersionLine(const std::string& more = "");

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_SUITE_VERSION_H_
