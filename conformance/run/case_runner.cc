#include "conformance/run/case_runner.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include "conformance/model/chat_model.h"
#include "conformance/run/buffer_fit.h"
#include "spec/checked_in.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

// The scenario with write events appended to every channel: enough for an
// implementation that sends later than CPython (only from write events, one
// queue entry or one capped send each) to send everything it queued. Only
// appended: a write slipped in earlier would send what a later input of the
// case (a discard_buffers, a close) is there to drop.
traces::Trace Drained(const traces::Trace& scenario) {
  constexpr std::size_t kMaxWrites = 2000;
  std::map<std::string, std::size_t> writes;
  std::map<std::string, std::size_t> cap;
  for (const traces::ChannelConfig& ch : scenario.channels) {
    writes[ch.id] = 8;
    cap[ch.id] = std::max<std::size_t>(1, std::min<std::size_t>(ch.send_cap.value_or(16), 16));
  }
  for (const traces::Record& r : scenario.records) {
    if (r.direction != traces::Record::Direction::kInput || !writes.count(r.channel)) continue;
    std::size_t bytes = 0;
    for (const traces::Arg& a : r.args) bytes += a.kind == traces::Arg::Kind::kBytes ? a.text.size() : 0;
    writes[r.channel] += 2 + bytes / cap[r.channel];
  }
  traces::Trace drained = scenario;
  for (const traces::ChannelConfig& ch : scenario.channels) {
    for (std::size_t i = 0; i < std::min(writes[ch.id], kMaxWrites); ++i) {
      drained.records.push_back(traces::Record{traces::Record::Direction::kInput, ch.id, "write", {}, 0});
    }
  }
  return drained;
}

// Whether the implementation, given those write events, ends up meaning
// what the model means there: level.h's "same meaning" for an
// implementation whose difference is only when it sends. The model stands
// in for the case's expectation only where it agrees with it on the
// scenario itself (a trace file's or a document's transcript may say more).
// False where the model cannot run the scenario (app= channels) or the
// adapter does not run it.
bool SameMeaningWhenDrained(Adapter& adapter, const std::string& id, const traces::Trace& scenario,
                            const traces::Trace& case_expected) {
  traces::Trace expected;
  const traces::Trace drained = Drained(scenario);
  try {
    expected.channels = scenario.channels;
    expected.records = RunModel(scenario);
    if (traces::CompareTranscript(expected, case_expected.records, traces::Profile::kSemantic)) return false;
    expected.channels = drained.channels;
    expected.records = RunModel(drained);
  } catch (const std::exception&) {
    return false;
  }
  CaseOutcome got;
  try {
    got = adapter.Run(id, drained);
  } catch (const std::exception&) {
    return false;
  }
  return got.status == CaseOutcome::Status::kRan &&
         !traces::CompareTranscript(expected, got.transcript, traces::Profile::kSemantic);
}

}  // namespace

PreparedCase PrepareCase(const Case& c, const std::string& source_file) {
  PreparedCase p;
  p.spec = &c;
  traces::Trace& e = p.expected;
  e.file = c.id;
  e.description = c.description;
  e.profile = c.profile;
  e.version = c.scenario.version;
  e.clauses = c.clauses;
  e.channels = c.scenario.channels;
  try {
    // What the case checks goes into the trace itself (a note, one line), so
    // that what `conformance --show ID` prints is exactly this trace's text
    // and the line numbers below are those of the printed lines.
    const std::string what = "expected transcript of case " + c.id + " (checks " + JoinedClauses(c) + ")";
    if (c.expected) {
      e.records = *c.expected;
      e.notes.push_back(what + ", as the case gives it");
    } else {
      e.records = RunModel(c.scenario);
      e.notes.push_back(what + ", from the model");
    }
    if (!source_file.empty() && c.expected) {
      e.file = source_file;  // the records keep the file's own line numbers
    } else {
      // Number the records as the written transcript would, so a mismatch's
      // line points into what `conformance --show ID` prints.
      e = traces::ParseTrace(traces::FormatTrace(e), c.id);
    }
  } catch (const std::exception& ex) {
    p.error = "case " + c.id + ": the model cannot run this scenario: " + ex.what();
  }
  return p;
}

CaseResult RunPreparedCase(Adapter& adapter, const PreparedCase& prepared) {
  const Case& c = *prepared.spec;
  CaseResult r;
  r.id = c.id;
  if (!prepared.error.empty()) {
    r.verdict = Verdict::kCaseError;
    r.detail = prepared.error;
    return r;
  }
  // Fitted to the buffer sizes the adapter declared, if any; then
  // Adapter::Run refuses a case needing an undeclared capability (kUnsupported).
  const BufferFit fit = FitToBufferSizes(c, prepared.expected, adapter.info());
  if (!fit.unsupported.empty()) {
    r.verdict = Verdict::kUnsupported;
    r.detail = fit.unsupported;
    return r;
  }
  auto start = std::chrono::steady_clock::now();
  CaseOutcome outcome;
  try {
    outcome = adapter.Run(c.id, fit.scenario);
  } catch (const std::exception& ex) {
    // Adapters promise not to throw; one that does must not end the run.
    outcome.status = CaseOutcome::Status::kAdapterFailure;
    outcome.detail = std::string("the adapter threw: ") + ex.what();
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.actual = std::move(outcome.transcript);
  if (adapter.info().in_buffer || adapter.info().out_buffer) r.fitted_scenario = fit.scenario;
  r.fitted_expected = fit.expected;
  switch (outcome.status) {
    case CaseOutcome::Status::kUnsupported:
      r.verdict = Verdict::kUnsupported;
      r.detail = outcome.detail;
      return r;
    case CaseOutcome::Status::kAdapterFailure:
      r.verdict = Verdict::kAdapterFailure;
      r.detail = outcome.detail;
      return r;
    case CaseOutcome::Status::kRan:
      break;
  }
  const traces::Trace& expected = fit.expected ? *fit.expected : prepared.expected;
  if (auto m = traces::CompareTranscript(expected, r.actual, c.profile)) {
    r.verdict = Verdict::kFail;
    r.detail = fit.failure_preamble.empty() ? m->message : fit.failure_preamble + ":\n" + m->message;
    r.mismatch_line = m->line;
    r.same_meaning = !traces::CompareTranscript(expected, r.actual, traces::Profile::kSemantic);
    r.same_meaning_when_drained = r.same_meaning || SameMeaningWhenDrained(adapter, c.id, fit.scenario, expected);
    r.unexpected_error = HasUnexpectedFailureRecord(expected.records, r.actual);
  }
  return r;
}

const traces::Trace& ScenarioRun(const PreparedCase& prepared, const CaseResult& r) {
  return r.fitted_scenario ? *r.fitted_scenario : prepared.spec->scenario;
}

const traces::Trace& JudgedAgainst(const PreparedCase& prepared, const CaseResult& r) {
  return r.fitted_expected ? *r.fitted_expected : prepared.expected;
}

bool HasUnexpectedFailureRecord(const std::vector<traces::Record>& expected, const std::vector<traces::Record>& actual) {
  // Per channel, verb and kind (the first argument: the exception's type).
  std::map<std::tuple<std::string, std::string, std::string>, int> balance;
  auto key = [](const traces::Record& r) {
    return std::make_tuple(r.channel, r.verb, r.args.empty() ? std::string() : r.args[0].text);
  };
  auto failure = [](const traces::Record& r) {
    return r.direction == traces::Record::Direction::kOutput && (r.verb == "error" || r.verb == "raise");
  };
  for (const traces::Record& r : expected) {
    if (failure(r)) ++balance[key(r)];
  }
  for (const traces::Record& r : actual) {
    if (failure(r) && --balance[key(r)] < 0) return true;
  }
  return false;
}

CaseResult RunCase(Adapter& adapter, const Case& c) { return RunPreparedCase(adapter, PrepareCase(c)); }

traces::Trace ScenarioOf(const traces::Trace& trace) {
  traces::Trace s = trace;
  std::erase_if(s.records, [](const traces::Record& r) { return r.direction != traces::Record::Direction::kInput; });
  return s;
}

std::string TraceCaseId(const std::string& relative_path) {
  std::string id = relative_path;
  const std::string ext = ".trace";
  if (id.size() > ext.size() && id.compare(id.size() - ext.size(), ext.size(), ext) == 0) {
    id.resize(id.size() - ext.size());
  }
  std::replace(id.begin(), id.end(), '/', '.');
  return "trace." + id;
}

std::string CounterexampleCaseId(const std::string& relative_path) {
  // <impl>/counterexamples/<case>.trace
  std::string impl = relative_path.substr(0, relative_path.find('/'));
  std::string file = relative_path.substr(relative_path.rfind('/') + 1);
  return TraceCaseId("regressions/" + impl + "/" + file);
}

TraceCase TraceFileCase(const std::string& path, const std::string& id, const std::string& shown_path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw traces::TraceError(shown_path + ": cannot open trace file");
  std::ostringstream text;
  text << in.rdbuf();
  traces::Trace trace = traces::ParseTrace(text.str(), shown_path);
  for (const std::string& id : trace.clauses) {
    if (!spec::FindCheckedInClause(id)) {
      throw traces::TraceError(shown_path + ":" + std::to_string(trace.clauses_line) + ": unknown clause id " + id +
                               ": spec/SPEC.md defines no such clause");
    }
  }

  TraceCase tc;
  tc.source_file = shown_path;
  tc.text = text.str();
  Case& c = tc.spec;
  c.id = id;
  c.description = trace.description.empty() ? "checked-in trace " + shown_path : trace.description;
  c.clauses = trace.clauses;
  c.profile = trace.profile;
  c.tags.push_back("trace");
  if (!trace.origin.empty()) c.tags.push_back("origin:" + trace.origin.substr(0, trace.origin.find(' ')));
  c.expected = trace.records;
  c.scenario = ScenarioOf(trace);
  return tc;
}

std::vector<TraceCase> LoadTraceCases(const std::string& root, const std::string& display_root,
                                      std::string (*case_id)(const std::string&)) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) throw std::runtime_error("traces directory " + root + " is not a directory");
  std::vector<std::string> relative;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".trace") {
      // Lexically: the runfiles tree is symlinks into the source tree, and
      // fs::relative would resolve them.
      relative.push_back(it->path().lexically_relative(root).generic_string());
    }
  }
  if (ec) throw std::runtime_error("cannot read traces directory " + root + ": " + ec.message());
  std::vector<TraceCase> cases;
  for (const std::string& rel : relative) {
    cases.push_back(TraceFileCase(root + "/" + rel, case_id(rel), display_root + "/" + rel));
  }
  std::sort(cases.begin(), cases.end(),
            [](const TraceCase& a, const TraceCase& b) { return a.spec.id < b.spec.id; });
  return cases;
}

}  // namespace conformance
