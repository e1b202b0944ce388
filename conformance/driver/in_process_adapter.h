// An Adapter that runs an implementation in this process, without the driver
// protocol: whole scenarios by a function. The reference's harness and the
// model register theirs by name (adapter_registry.h); in-process runs are the
// fast path of the properties.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_IN_PROCESS_ADAPTER_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_IN_PROCESS_ADAPTER_H_

#include <functional>
#include <memory>
#include <vector>

#include "conformance/driver/adapter.h"
#include "conformance/driver/driver_session.h"
#include "traces/trace.h"

namespace conformance {

// Runs a whole scenario; returns its transcript (inputs and outputs). A
// malformed scenario (traces::TraceError) is the caller's fault, not the
// implementation's: it propagates out of Adapter::Run.
using ScenarioRunner = std::function<std::vector<traces::Record>(const traces::Trace&)>;

// Name and capabilities are `served`'s, as the same implementation's adapter
// binary says them in its hello, so both ways of running it look alike.
std::unique_ptr<Adapter> MakeInProcessAdapter(const ServedImplementation& served, ScenarioRunner run);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_IN_PROCESS_ADAPTER_H_
