// AllCases(): every area's cases, built once, sorted by id. Duplicate ids
// are not removed here: cases_test fails on them, naming the id, so two
// areas can never silently shadow each other's case.
#include <algorithm>

#include "conformance/cases/areas.h"
#include "conformance/cases/case.h"

namespace conformance {

const std::vector<Case>& AllCases() {
  static const std::vector<Case> all = [] {
    cases::CaseList list;
    cases::AddTerminatorCases(list);
    cases::AddIntegerCases(list);
    cases::AddNoneCases(list);
    cases::AddReactionCases(list);
    cases::AddOutputCases(list);
    cases::AddProducerCases(list);
    cases::AddCloseCases(list);
    cases::AddSendCases(list);
    cases::AddErrorCases(list);
    cases::AddEscapeCases(list);
    cases::AddFaultCases(list);
    cases::AddConnectCases(list);
    cases::AddPushObjectCases(list);
    cases::AddDefaultsCases(list);
    cases::AddDocumentedCases(list);
    cases::AddObserveCases(list);
    cases::AddPollCases(list);
    cases::AddReactionV2Cases(list);
    cases::AddListenerCases(list);
    std::vector<Case> out = list.Take();
    std::stable_sort(out.begin(), out.end(), [](const Case& a, const Case& b) { return a.id < b.id; });
    return out;
  }();
  return all;
}

std::string JoinedClauses(const Case& c) {
  std::string out;
  for (const std::string& id : c.clauses) out += (out.empty() ? "" : " ") + id;
  return out;
}

}  // namespace conformance
