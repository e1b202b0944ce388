#include "conformance/run/run_result.h"

namespace conformance {

const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "passed";
    case Outcome::kFailed: return "failed";
    case Outcome::kExpectedFail: return "expected-fail";
    case Outcome::kUnexpectedPass: return "unexpected-pass";
    case Outcome::kUnsupported: return "unsupported";
    case Outcome::kAdapterFailure: return "adapter-failure";
  }
  return "?";
}

Outcome OutcomeOf(Verdict v, bool listed) {
  switch (v) {
    case Verdict::kPass: return listed ? Outcome::kUnexpectedPass : Outcome::kPassed;
    case Verdict::kUnsupported: return Outcome::kUnsupported;
    case Verdict::kFail:
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

}  // namespace conformance
