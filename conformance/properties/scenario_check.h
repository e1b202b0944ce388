// Checking one scenario on an adapter: the verdict a property gives one
// generated case, and the checks several properties share.
//
// A check never throws for what the implementation does. It runs the
// scenario (and whatever it derives from it) on the adapter and says:
//  - pass;
//  - fail, with the first difference, a category (what differs, so a shrink
//    can insist on "fails the same way") and the counterexample: the scenario
//    as run with the expected records filled in, so it replays as failing;
//  - unsupported / adapter failure: the adapter could not run it (a property
//    then stops; neither is ever a pass);
//  - suite error: the suite itself could not judge (the model rejected a
//    scenario the suite generated); a bug here, reported, never a pass.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_SCENARIO_CHECK_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_SCENARIO_CHECK_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "conformance/driver/adapter.h"
#include "conformance/run/verdict.h"
#include "traces/trace.h"

namespace conformance::properties {

// kCaseError: the suite itself could not judge (see the top of this file).
struct CheckResult {
  Verdict verdict = Verdict::kPass;
  std::string category;          // kFail: what differs
  std::string headline;          // kFail: one line saying what broke
  std::string detail;            // kFail: the first difference in full; otherwise why it did not run
  traces::Trace counterexample;  // kFail: inputs as run plus expected records

  bool failed() const { return verdict == Verdict::kFail; }
  static CheckResult Pass() { return {}; }
  static CheckResult Fail(std::string category, std::string headline, std::string detail, traces::Trace counterexample);
  static CheckResult SuiteError(std::string detail);
};

using ScenarioCheck = std::function<CheckResult(Adapter&, const traces::Trace&)>;

// Runs `scenario` on the adapter. On kRan returns nullopt and sets
// `transcript`; otherwise the verdict saying why it did not run.
std::optional<CheckResult> RunOnAdapter(Adapter& adapter, const std::string& case_id, const traces::Trace& scenario,
                                    std::vector<traces::Record>& transcript);

// As RunOnAdapter, for an outcome already had (from Adapter::RunBatch).
std::optional<CheckResult> VerdictOfOutcome(CaseOutcome outcome, const traces::Trace& scenario,
                                            std::vector<traces::Record>& transcript);

// The model's transcript for `scenario`, or a suite-error verdict.
std::optional<CheckResult> RunOnModel(const traces::Trace& scenario, std::vector<traces::Record>& transcript);

// `scenario`'s inputs with `expected` (a transcript: inputs and outputs) as
// its records and the profile set: a trace that replays against `expected`.
traces::Trace WithExpected(const traces::Trace& scenario, std::vector<traces::Record> expected,
                           traces::Profile profile);

// What kind of difference: strict: the verbs of the first differing records
// ("collect/found_terminator", "close/(missing)"); semantic: the first part of
// the meaning that differs ("messages", "found_terminator count",
// "bytes sent", "closing"). Empty if they agree.
std::string StrictCategory(const std::vector<traces::Record>& expected, const std::vector<traces::Record>& actual);
std::string SemanticCategory(const std::vector<traces::Record>& expected, const std::vector<traces::Record>& actual);

// Strict agreement of the adapter's transcript with the model's.
CheckResult CheckModelAgreement(Adapter& adapter, const std::string& case_id, const traces::Trace& scenario);

// Semantic agreement of the chunked delivery with the whole-stream delivery
// (whole_stream.h), both on the adapter. The counterexample is the chunked
// inputs followed by the whole run's outputs, profile semantic.
CheckResult CheckChunkingInvariance(Adapter& adapter, const std::string& case_id, const traces::Trace& chunked);

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_SCENARIO_CHECK_H_
