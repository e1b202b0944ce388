// The differential oracle of the framing and output-queue fuzz targets: a
// scenario runs on the C++ reference (harness::ReplayOnReference: AsyncChat
// over ScriptedTransport) and on the executable model of the documents
// (conformance::RunModel), and the two transcripts must agree record for
// record (the strict profile: the same collect calls with the same bytes,
// the same sends, the same closes, in the same order).
#ifndef ASYNCHAT_FUZZ_MODEL_DIFFERENTIAL_H_
#define ASYNCHAT_FUZZ_MODEL_DIFFERENTIAL_H_

#include <optional>
#include <string>

#include "traces/trace.h"

namespace fuzz {

// nullopt if reference and model agree; otherwise a report: the first
// difference, then both transcripts as trace text (the model's as the
// expected outputs, so it can be saved as a regression trace as is).
// A scenario either side refuses (TraceError) is reported as a difference
// too: decoded scenarios are always runnable.
std::optional<std::string> CompareWithModel(const traces::Trace& scenario);

// The scenario with the model's transcript as its records: a trace that
// replays against any implementation. `origin` is the header's origin line.
traces::Trace ExpectedTrace(const traces::Trace& scenario, const std::string& origin);

// Calls CompareWithModel and, on a difference, prints the report to stderr
// and aborts (what a fuzz target does with a finding).
void AbortOnModelDifference(const traces::Trace& scenario);

}  // namespace fuzz

#endif  // ASYNCHAT_FUZZ_MODEL_DIFFERENTIAL_H_
