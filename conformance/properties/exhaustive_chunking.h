// property.exhaustive_chunking: bounded-exhaustive, not random. For each
// terminator schedule below, every stream up to a maximum length over a small
// alphabet of the bytes that matter to it, in every chunking (all 2^(n-1)
// ways to cut n bytes into reads), must give the model's exact transcript
// (strict) and mean what the stream delivered in one read means (semantic).
// Schedules: str "\r\n" over {a,\r,\n}; "aa", "aba", int:3 and none over
// {a,b}; and a switching one over {a,\r,\n}: "\r\n", then int:2, then "aa",
// then none, changed inside found_terminator.
//
// The effort knob: the maximum lengths grow by one for every fourfold of
// options.runs over 100 (and shrink likewise below it): the default checks
// 53,018 scenarios, 1,034,970 at runs=1000. runs in the result is the number checked. The
// streams are enumerated shortest first, so the first failure is already
// small; it is still shrunk and written like any counterexample. The
// chunkings of one stream go to the adapter together (Adapter::RunBatch, up
// to 64 at a time; pipelined to a process adapter that allows it) and are
// judged one by one in the same order, so what is checked and reported is
// that of running them one at a time.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_EXHAUSTIVE_CHUNKING_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_EXHAUSTIVE_CHUNKING_H_

#include <cstddef>
#include <string>
#include <vector>

#include "conformance/properties/property_context.h"
#include "conformance/properties/scenario_builder.h"

namespace conformance::properties {

struct ExhaustiveSchedule {
  std::string name;
  std::string alphabet;
  TerminatorSpec first;
  std::vector<TerminatorSpec> then;  // set inside found_terminator calls 1, 2, ...
  std::size_t max_length = 0;        // at the default effort
};

// The schedules at effort `runs`.
std::vector<ExhaustiveSchedule> ExhaustiveSchedules(int runs);

// Scenarios the enumeration will check at effort `runs`.
std::size_t ExhaustiveScenarioCount(int runs);

PropertyDefinition ExhaustiveChunkingProperty();

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_EXHAUSTIVE_CHUNKING_H_
