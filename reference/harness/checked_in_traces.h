// The traces checked in under traces/ and the implementations' counterexamples
// under conformance/implementations/, for tests that replay every one of them
// (data: //traces:all_traces, //conformance/implementations:counterexamples).
// Paths are relative to the test's working directory (its runfiles root),
// sorted so failures are reported in a stable order.
#ifndef ASYNCHAT_REFERENCE_HARNESS_CHECKED_IN_TRACES_H_
#define ASYNCHAT_REFERENCE_HARNESS_CHECKED_IN_TRACES_H_

#include <functional>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace harness {

// Every *.trace file under those two folders (a missing one is skipped) that `keep` accepts (all by default),
// parsed; a malformed one throws TraceError.
std::vector<traces::Trace> CheckedInTraces(const std::function<bool(const traces::Trace&)>& keep = nullptr);

// Those the C++ reference can be given (ReferenceCannotReplay is empty).
std::vector<traces::Trace> TracesTheReferenceCanReplay();

}  // namespace harness

#endif  // ASYNCHAT_REFERENCE_HARNESS_CHECKED_IN_TRACES_H_
