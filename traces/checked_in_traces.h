// The traces checked in under traces/, for tests that replay every one of
// them. Paths are relative to the test's working directory (its runfiles
// root), sorted so failures are reported in a stable order.
#ifndef ASYNCHAT_TRACES_CHECKED_IN_TRACES_H_
#define ASYNCHAT_TRACES_CHECKED_IN_TRACES_H_

#include <functional>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace traces {

// Every *.trace file under traces/ that `keep` accepts (all by default),
// parsed; a malformed one throws TraceError.
std::vector<Trace> CheckedInTraces(const std::function<bool(const Trace&)>& keep = nullptr);

// Those the C++ reference can be given (ReferenceCannotReplay is empty).
std::vector<Trace> TracesTheReferenceCanReplay();

}  // namespace traces

#endif  // ASYNCHAT_TRACES_CHECKED_IN_TRACES_H_
