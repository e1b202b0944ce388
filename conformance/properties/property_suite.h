// The RapidCheck properties of the conformance suite, runnable against any
// Adapter: in process against the reference (the fast path the unit tests
// use) and through the driver protocol against any implementation.
//
// Each property generates scenarios, runs them on the adapter, and checks what
// came back against the model or against the same stream delivered whole. A
// failure is shrunk (the content and the chunking: adjacent chunks merged,
// empty ones dropped), written as a replayable trace, and reported with the
// command that replays it and the seed that reproduces the run.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_PROPERTY_SUITE_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_PROPERTY_SUITE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "conformance/driver/adapter.h"
#include "conformance/run/verdict.h"

namespace conformance {

struct PropertyOptions {
  std::uint64_t seed = 0;              // 0: pick one and report it
  int runs = 100;                      // generated scenarios per property (the effort knob)
  std::string counterexample_dir;      // where shrunk failures are written as .trace files, as the user gave it
                                       // (resolved by base::UserPath); empty: not written
  std::string replay_impl_flag = "--impl reference";  // printed in the replay command
};

struct PropertyResult {
  std::string id;           // "property.chunking_invariance", ...
  std::string description;  // one line
  Verdict verdict = Verdict::kPass;  // never kCaseError: a suite error fails the property
  int runs = 0;             // scenarios actually run
  std::uint64_t seed = 0;   // reproduces this property's run
  std::string detail;       // failure: the first difference; unsupported: the missing capabilities
  std::string counterexample_path;  // the shrunk trace, when written
  std::string replay_command;       // e.g. "tools/bazel run //tools:trace -- replay FILE --impl cpython"
};

// Ids of all properties, in run order.
std::vector<std::string> PropertyIds();

// The spec/SPEC.md clause ids property `id` checks (empty for an unknown id).
std::vector<std::string> PropertyClauses(const std::string& id);

// What property `id` checks, one line ("" for an unknown id).
std::string PropertyDescription(const std::string& id);

// Runs the properties whose id matches `filter` (a glob; "*" for all). A
// property needing a capability the adapter does not declare is unsupported;
// on an adapter whose handshake failed (protocol_version 0) every property is
// an adapter failure with the adapter's error, never unsupported.
std::vector<PropertyResult> RunPropertySuite(Adapter& adapter, const PropertyOptions& options,
                                             const std::string& filter = "*");

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_PROPERTY_SUITE_H_
