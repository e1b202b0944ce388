// A named conformance case: a scenario plus what it checks.
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
  std::string document;     // what it checks, e.g. "003 async_chat.set_terminator" or "CPython 3.11 (documents silent)"
  traces::Profile profile = traces::Profile::kStrict;
  std::vector<std::string> tags;
  traces::Trace scenario;  // channels and '>' inputs only
  std::optional<std::vector<traces::Record>> expected;  // from a document; else the model's transcript
};

// All registered cases, sorted by id; ids are unique.
const std::vector<Case>& AllCases();

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_CASES_CASE_H_
