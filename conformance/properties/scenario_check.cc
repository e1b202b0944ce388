#include "conformance/properties/scenario_check.h"

#include <algorithm>
#include <exception>
#include <map>

#include "conformance/model/chat_model.h"
#include "conformance/properties/scenario_builder.h"
#include "conformance/properties/whole_stream.h"
#include "traces/trace_compare.h"

namespace conformance::properties {
namespace {

using traces::Record;

bool IsOutput(const Record& r) { return r.direction == Record::Direction::kOutput; }

}  // namespace

CheckResult CheckResult::Fail(std::string category, std::string headline, std::string detail,
                      traces::Trace counterexample) {
  CheckResult v;
  v.verdict = Verdict::kFail;
  v.category = std::move(category);
  v.headline = std::move(headline);
  v.detail = std::move(detail);
  v.counterexample = std::move(counterexample);
  return v;
}

CheckResult CheckResult::SuiteError(std::string detail) {
  CheckResult v;
  v.verdict = Verdict::kCaseError;
  v.detail = std::move(detail);
  return v;
}

std::optional<CheckResult> RunOnAdapter(Adapter& adapter, const std::string& case_id, const traces::Trace& scenario,
                                    std::vector<Record>& transcript) {
  CaseOutcome outcome;
  try {
    outcome = adapter.Run(case_id, scenario);
  } catch (const std::exception& e) {
    // Adapters report what the implementation does; a throw means the
    // scenario itself was refused as malformed: the suite's bug.
    return CheckResult::SuiteError(std::string("the adapter rejected a generated scenario: ") + e.what());
  }
  return VerdictOfOutcome(std::move(outcome), scenario, transcript);
}

std::optional<CheckResult> VerdictOfOutcome(CaseOutcome outcome, const traces::Trace& scenario,
                                            std::vector<Record>& transcript) {
  if (outcome.status == CaseOutcome::Status::kRan) {
    transcript = std::move(outcome.transcript);
    return std::nullopt;
  }
  CheckResult v;
  v.verdict = outcome.status == CaseOutcome::Status::kUnsupported ? Verdict::kUnsupported
                                                                : Verdict::kAdapterFailure;
  v.detail = outcome.detail;
  v.counterexample = scenario;  // what it was given, for the report
  return v;
}

std::optional<CheckResult> RunOnModel(const traces::Trace& scenario, std::vector<Record>& transcript) {
  try {
    transcript = RunModel(scenario);
    return std::nullopt;
  } catch (const std::exception& e) {
    // The suite generated a scenario the model refuses: the suite's bug.
    return CheckResult::SuiteError(std::string("the model rejected a generated scenario: ") + e.what());
  }
}

traces::Trace WithExpected(const traces::Trace& scenario, std::vector<Record> expected, traces::Profile profile) {
  traces::Trace t = scenario;
  if (t.file.empty()) t.file = "<generated>";  // how mismatch messages name it
  t.records = std::move(expected);
  t.profile = profile;
  return t;
}

std::string StrictCategory(const std::vector<Record>& expected, const std::vector<Record>& actual) {
  std::size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i].SameAs(actual[i])) ++i;
  if (i == expected.size() && i == actual.size()) return "";
  auto verb = [](const std::vector<Record>& v, std::size_t k) {
    if (k >= v.size()) return std::string("(missing)");
    return std::string(IsOutput(v[k]) ? "<" : ">") + v[k].verb;
  };
  return verb(expected, i) + "/" + verb(actual, i);
}

std::string SemanticCategory(const std::vector<Record>& expected, const std::vector<Record>& actual) {
  std::map<std::string, traces::ChannelMeaning> want = traces::MeaningOf(expected), got = traces::MeaningOf(actual);
  for (const auto& [channel, w] : want) {
    const traces::ChannelMeaning g = got.count(channel) ? got[channel] : traces::ChannelMeaning{};
    if (w.failures != g.failures) return "error and raise records";
    if (w.found != g.found) return "found_terminator count";
    if (w.messages != g.messages) return "messages";
    if (w.sent != g.sent) return "bytes sent";
    if (w.closed != g.closed) return "closing";
  }
  return "";
}

CheckResult CheckModelAgreement(Adapter& adapter, const std::string& case_id, const traces::Trace& scenario) {
  std::vector<Record> actual, expected;
  if (auto v = RunOnAdapter(adapter, case_id, scenario, actual)) return *v;
  if (auto v = RunOnModel(scenario, expected)) return *v;
  traces::Trace want = WithExpected(scenario, std::move(expected), traces::Profile::kStrict);
  std::optional<traces::Mismatch> m = traces::CompareTranscript(want, actual, traces::Profile::kStrict);
  if (!m) return CheckResult::Pass();
  std::string category = StrictCategory(want.records, actual);
  want.notes.push_back("expected records: the model's transcript (conformance/model), compared strictly");
  return CheckResult::Fail(std::move(category), "differs from the model (strict)", m->message, std::move(want));
}

CheckResult CheckChunkingInvariance(Adapter& adapter, const std::string& case_id, const traces::Trace& chunked) {
  const traces::Trace whole = WholeStreamOf(chunked);
  std::vector<Record> chunked_out, whole_out;
  if (auto v = RunOnAdapter(adapter, case_id + "/chunked", chunked, chunked_out)) return *v;
  if (auto v = RunOnAdapter(adapter, case_id + "/whole", whole, whole_out)) return *v;
  // The chunked inputs, then what the whole-stream delivery produced: in the
  // semantic profile only each channel's meaning is compared, not positions.
  traces::Trace want = WithExpected(chunked, {}, traces::Profile::kSemantic);
  for (const Record& r : chunked.records) {
    if (!IsOutput(r)) want.records.push_back(r);
  }
  for (const Record& r : whole_out) {
    if (IsOutput(r)) want.records.push_back(r);
  }
  std::optional<traces::Mismatch> m = traces::CompareTranscript(want, chunked_out, traces::Profile::kSemantic);
  if (!m) return CheckResult::Pass();
  const int whole_reads = CountByteReads(whole);
  want.notes.push_back("expected records: the same stream delivered in " + std::to_string(whole_reads) +
                       " read(s) instead of " + std::to_string(CountByteReads(chunked)) +
                       " (split only where a discard_buffers or close reaction drops the rest of a read); "
                       "compared by meaning");
  std::string category = SemanticCategory(want.records, chunked_out);
  return CheckResult::Fail(category,
                       "the chunked delivery (" + std::to_string(CountByteReads(chunked)) + " reads) and the whole stream (" +
                           std::to_string(whole_reads) + " read(s)) differ in " + category,
                       m->message, std::move(want));
}

}  // namespace conformance::properties
