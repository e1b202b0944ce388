#include "conformance/run/run_result.h"

#include <algorithm>
#include <set>

namespace conformance {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "passed";
    case Outcome::kFailed: return "failed";
    case Outcome::kExpectedFail: return "expected-fail";
    case Outcome::kUnexpectedPass: return "unexpected-pass";
    case Outcome::kUnsupported: return "unsupported";
    case Outcome::kAdapterFailure: return "adapter-failure";
    case Outcome::kDiffers: return "differs";
  }
  return "?";
}

Outcome OutcomeOf(Verdict v, bool listed, bool cpython_only) {
  switch (v) {
    case Verdict::kPass: return listed ? Outcome::kUnexpectedPass : Outcome::kPassed;
    case Verdict::kUnsupported: return Outcome::kUnsupported;
    case Verdict::kFail:
      if (listed) return Outcome::kExpectedFail;
      return cpython_only ? Outcome::kDiffers : Outcome::kFailed;
    case Verdict::kCaseError: return listed ? Outcome::kExpectedFail : Outcome::kFailed;
    case Verdict::kAdapterFailure: return listed ? Outcome::kExpectedFail : Outcome::kAdapterFailure;
  }
  return Outcome::kFailed;
}

bool IsUnexpectedFailure(Outcome o) { return o == Outcome::kFailed || o == Outcome::kAdapterFailure; }

void Totals::Add(Outcome o) {
  switch (o) {
    case Outcome::kPassed: ++passed; break;
    case Outcome::kFailed: ++failed; break;
    case Outcome::kExpectedFail: ++expected_fail; break;
    case Outcome::kUnexpectedPass: ++unexpected_pass; break;
    case Outcome::kUnsupported: ++unsupported; break;
    case Outcome::kAdapterFailure: ++adapter_failure; break;
    case Outcome::kDiffers: ++differs; break;
  }
}

std::string AreaOf(const std::string& id) { return id.substr(0, id.find('.')); }

Totals TallyCases(const ImplementationRun& run) {
  Totals t;
  for (const CaseReport& c : run.cases) t.Add(c.outcome);
  return t;
}

Totals TallyProperties(const ImplementationRun& run) {
  Totals t;
  for (const PropertyReport& p : run.properties) t.Add(p.outcome);
  return t;
}

std::map<std::string, Totals> TallyByArea(const ImplementationRun& run) {
  std::map<std::string, Totals> areas;
  for (const CaseReport& c : run.cases) areas[AreaOf(c.spec->id)].Add(c.outcome);
  return areas;
}

bool HasUnexpectedFailure(const ImplementationRun& run) {
  return TallyCases(run).unexpected() > 0 || TallyProperties(run).unexpected() > 0;
}

void GroupFailures(ImplementationRun& run) {
  std::vector<FailureGroup> groups;
  std::map<std::string, std::size_t> by_key;
  std::vector<std::set<std::string>> clauses;
  for (std::size_t i = 0; i < run.cases.size(); ++i) {
    const CaseReport& c = run.cases[i];
    const Verdict v = c.result.verdict;
    if (v == Verdict::kPass || v == Verdict::kUnsupported) continue;
    auto [at, added] = by_key.emplace(c.signature.key, groups.size());
    if (added) {
      groups.emplace_back();
      groups.back().signature = c.signature;
      clauses.emplace_back();
    }
    FailureGroup& g = groups[at->second];
    g.cases.push_back(i);
    g.unexpected += IsUnexpectedFailure(c.outcome);
    g.differs += c.outcome == Outcome::kDiffers;
    for (const std::string& clause : c.spec->clauses) clauses[at->second].insert(clause);
  }
  for (std::size_t k = 0; k < groups.size(); ++k) groups[k].clauses.assign(clauses[k].begin(), clauses[k].end());
  std::stable_sort(groups.begin(), groups.end(), [](const FailureGroup& a, const FailureGroup& b) {
    if (a.unexpected != b.unexpected) return a.unexpected > b.unexpected;
    return a.cases.size() > b.cases.size();
  });
  for (CaseReport& c : run.cases) c.group = -1;
  for (std::size_t k = 0; k < groups.size(); ++k) {
    for (std::size_t i : groups[k].cases) run.cases[i].group = static_cast<int>(k);
  }
  run.groups = std::move(groups);
}

}  // namespace conformance
