// What the reports (console, JSON, JUnit, RESULTS.md) share: the run's
// results (run/run_result.h) and how a long line is shortened for reading.
#ifndef ASYNCHAT_CONFORMANCE_REPORT_REPORT_H_
#define ASYNCHAT_CONFORMANCE_REPORT_REPORT_H_

#include <cstddef>
#include <string>

#include "conformance/run/run_result.h"

namespace conformance {

// `text` with every line longer than `max_chars` cut to its head and tail,
// saying how much was cut:
// a mismatch of two 4096-byte sends is unreadable in full on a console (the
// JSON report keeps it whole).
std::string ClipLongLines(const std::string& text, std::size_t max_chars = 200);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_REPORT_REPORT_H_
