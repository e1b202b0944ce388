// Finishing a property run that did not pass.
//
// ReportFailure takes the failing case a search ended with (RapidCheck's
// shrunk one, or the first one an enumeration met), shrinks it further at the
// trace level (conformance/run/trace_shrinker.h: merge adjacent reads, drop empty
// ones and whatever inputs the failure does not need, shorten bytes) while the
// property's check still fails the same way (same category; and a terminator
// is still set before the first read if it was), and writes it to
// options.counterexample_dir as `<id>-<seed>.trace` with the header
// `origin counterexample <id> seed=<seed>`, the property's clauses, and the
// expected records the check filled in, so the file replays as failing. The written file is read
// back and replayed on the adapter once: its first difference (naming lines of
// the file) goes into the detail. Without a directory nothing is written.
//
// ReportAbort maps a case the adapter could not run onto the result:
// unsupported stays unsupported, an adapter failure is an adapter failure, a
// suite error is a failure; none is ever a pass.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_COUNTEREXAMPLE_WRITER_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_COUNTEREXAMPLE_WRITER_H_

#include <cstdint>
#include <string>

#include "conformance/properties/property_context.h"
#include "conformance/properties/property_suite.h"
#include "conformance/properties/scenario_check.h"

namespace conformance::properties {

// `how_found` says what search produced `failing` (e.g. "falsified after 12
// cases, shrunk by RapidCheck in 40 steps").
void ReportFailure(const PropertyContext& ctx, const GeneratedCase& failing, const ScenarioCheck& check,
                   const std::string& how_found, PropertyResult& result);

void ReportAbort(const CheckResult& verdict, PropertyResult& result);

// <dir>/<id>-<seed>.trace
// `counterexample` (inputs and expected records) less its trailing inputs,
// with the outputs they caused, that the failure does not need: dropped while
// a replay on ctx.adapter shows the same first difference. Unchanged if it
// does not fail when replayed.
traces::Trace DropTrailingInputs(const PropertyContext& ctx, traces::Trace counterexample);

std::string CounterexamplePath(const std::string& dir, const std::string& id, std::uint64_t seed);

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_COUNTEREXAMPLE_WRITER_H_
