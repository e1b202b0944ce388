// Running a property body under RapidCheck programmatically, quietly.
//
// The body draws its values with `*gen` (as inside rc::check), builds a
// scenario and checks it. RapidCheck runs it options.runs times from the
// context's seed (so a seed reproduces the run), shrinks a failure, and the
// minimal failing case goes to ReportFailure (counterexample_writer.h) with
// `check` for the trace-level shrink. Whatever RapidCheck prints is captured,
// not shown: the suite's console stays readable and the counterexample is in
// the result's detail.
//
// A case the adapter cannot run (unsupported, adapter failure) or the suite
// cannot judge stops the property: later cases are skipped without being
// generated, and the result says why (ReportAbort); it is never a pass.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_RAPIDCHECK_RUNNER_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_RAPIDCHECK_RUNNER_H_

#include <functional>

#include "conformance/properties/property_context.h"
#include "conformance/properties/scenario_check.h"

namespace conformance::properties {

// RapidCheck's maximum size: generators scale their lengths by it.
inline constexpr int kMaxSize = 100;

// Fills status, runs and, when not passing, detail and the counterexample.
PropertyResult RunRapidCheck(const PropertyContext& ctx, const std::function<GeneratedCase()>& body,
                             const ScenarioCheck& check);

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_RAPIDCHECK_RUNNER_H_
