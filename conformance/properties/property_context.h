// What every property run shares: the adapter, the options, the seed, and the
// shape of one generated case. Header only.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_PROPERTY_CONTEXT_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_PROPERTY_CONTEXT_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "conformance/driver/adapter.h"
#include "conformance/properties/generators.h"
#include "conformance/properties/property_suite.h"
#include "conformance/properties/scenario_check.h"
#include "traces/trace.h"

namespace conformance::properties {

struct PropertyContext {
  Adapter& adapter;
  const PropertyOptions& options;
  std::uint64_t seed;       // never 0 here: the suite picked one if asked to
  std::string id;           // "property.<name>"
  std::string description;  // one line
  ChannelSizes sizes;       // what the generated channels may give (ChannelSizesFor the adapter)
  std::vector<std::string> clauses;  // of spec/SPEC.md, written into its counterexamples
};

// One generated scenario and what the check said about it.
struct GeneratedCase {
  traces::Trace scenario;
  CheckResult verdict;
};

// A property: its id, what it checks (in words and as clause ids), a probe scenario that uses every
// capability its scenarios may use (capabilities.h decides what the adapter
// lacks), and how to run it.
struct PropertyDefinition {
  std::string id;
  std::string description;
  std::vector<std::string> clauses;  // the spec/SPEC.md clauses it checks
  traces::Trace probe;
  std::function<PropertyResult(const PropertyContext&)> run;
};

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_PROPERTY_CONTEXT_H_
