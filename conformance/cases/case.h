// A named conformance case: a scenario plus the clauses of spec/SPEC.md it
// checks.
//
// Ids are stable and hierarchical (area.topic.variant, e.g.
// "terminator.string.straddle.3"); once published an id keeps its meaning, and
// a case whose meaning changes gets a new id. The expected transcript is the
// model's (conformance/model) unless the case carries one taken directly from
// a document (e.g. the documented echo run), which is then also a check of the
// model.
#ifndef ASYNCHAT_CONFORMANCE_CASES_CASE_H_
#define ASYNCHAT_CONFORMANCE_CASES_CASE_H_

#include <optional>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace conformance {

struct Case {
  std::string id;
  std::string description;  // one line
  // The ids of the spec/SPEC.md clauses it checks, most specific first, e.g.
  // {"chat.terminator.string.prefix-held", "chat.collect.never-empty"}.
  std::vector<std::string> clauses;
  traces::Profile profile = traces::Profile::kStrict;
  std::vector<std::string> tags;
  traces::Trace scenario;  // channels and '>' inputs only
  std::optional<std::vector<traces::Record>> expected;  // from a document; else the model's transcript
};

// All registered cases, sorted by id; ids are unique.
const std::vector<Case>& AllCases();

// The clause ids separated by spaces, as reports print what a case checks.
std::string JoinedClauses(const Case& c);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_CASES_CASE_H_
