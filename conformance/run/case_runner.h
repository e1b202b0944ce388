// Running one conformance case on an Adapter and judging what came back.
//
// A case's expected transcript is its own (`Case::expected`, taken from a
// document or from a checked-in trace) or else the model's
// (RunModel(case.scenario)); the adapter's transcript is compared with it under
// the case's profile (traces::CompareTranscript); the verdict (verdict.h)
// comes with the first mismatch, with the line and the records before it, or
// with what the adapter said and its stderr. Nothing here throws for what an
// implementation does.
//
// Checked-in traces (traces/**/*.trace) run as cases too: id
// "trace.<path under traces/ without .trace, '/' as '.'>", expected = the
// trace's own records, profile from the trace. So do the implementations'
// counterexamples (conformance/implementations/<impl>/counterexamples/*.trace),
// as "trace.regressions.<impl>.<file name without .trace>": the ids they had
// when they were kept under traces/regressions/<impl>/, which published
// expected-failures files name.
#ifndef ASYNCHAT_CONFORMANCE_RUN_CASE_RUNNER_H_
#define ASYNCHAT_CONFORMANCE_RUN_CASE_RUNNER_H_

#include <optional>
#include <string>
#include <vector>

#include "conformance/driver/adapter.h"
#include "conformance/run/verdict.h"
#include "conformance/cases/case.h"
#include "traces/trace.h"

namespace conformance {

// A case with its expected transcript worked out once, so several adapters
// (and a shrink) can be judged against it.
struct PreparedCase {
  const Case* spec = nullptr;
  // The expected transcript as a trace: header from the case (a note says
  // what it checks), records with line numbers. For a checked-in trace,
  // `file` and lines are the file's (`conformance --show ID` prints the
  // file); otherwise `file` is the case id and lines are those of
  // FormatTrace(expected), exactly the text `conformance --show ID` prints.
  traces::Trace expected;
  std::string error;  // non-empty: the model could not run the scenario (case-error)
};

// `source_file`: for a case read from a trace file, the path to name in
// messages (the expected records keep that file's line numbers).
PreparedCase PrepareCase(const Case& c, const std::string& source_file = "");

struct CaseResult {
  std::string id;
  Verdict verdict = Verdict::kPass;
  std::string detail;       // see the verdicts above; empty for a pass
  int mismatch_line = 0;    // fail: line of the first differing expected record (0: past the end)
  std::vector<traces::Record> actual;  // what the adapter produced (partial unless it ran)
  double seconds = 0;       // wall time of the adapter's run
  // fail only (for the levels, level.h): whether the transcript means the
  // same as the expected one (semantic comparison); whether it does once
  // write events are added after the scenario (run again, against the
  // model: an implementation that sends later than CPython is given the
  // chance to); and whether it has an error or raise record the expected
  // one lacks.
  bool same_meaning = false;
  bool same_meaning_when_drained = false;
  bool unexpected_error = false;
  // Set where the case was fitted to buffer sizes the adapter declared
  // (buffer_fit.h): the scenario the adapter ran, and the model's transcript
  // there when that, not the prepared one, judged it. Whatever is worked out
  // from a failure afterwards (its signature, its level, its counterexample)
  // must see the same pair, or a size difference the verdict did not count
  // shows up as the failure (ScenarioRun, JudgedAgainst).
  std::optional<traces::Trace> fitted_scenario;
  std::optional<traces::Trace> fitted_expected;
};

// For an adapter that declared its buffer sizes, the case is first fitted to
// them (buffer_fit.h): run at those sizes against the model's transcript
// there, or unsupported with the reason.
CaseResult RunPreparedCase(Adapter& adapter, const PreparedCase& prepared);

// What `r` comes from: the scenario the adapter was given, and the
// transcript its verdict was judged against.
const traces::Trace& ScenarioRun(const PreparedCase& prepared, const CaseResult& r);
const traces::Trace& JudgedAgainst(const PreparedCase& prepared, const CaseResult& r);

// Whether `actual` has an `error` or `raise` record (same channel, verb and
// exception kind) more often than `expected`: an exception that escaped, or
// a handle_error, the expected transcript does not have.
bool HasUnexpectedFailureRecord(const std::vector<traces::Record>& expected, const std::vector<traces::Record>& actual);

// PrepareCase + RunPreparedCase.
CaseResult RunCase(Adapter& adapter, const Case& c);

// The scenario of a trace: its channels and '>' records (header kept).
traces::Trace ScenarioOf(const traces::Trace& trace);

// Case id of a trace file at `relative_path` under the traces root
// ("echo/documented.trace" -> "trace.echo.documented").
std::string TraceCaseId(const std::string& relative_path);

// A case read from a trace file, with the path its messages name.
struct TraceCase {
  Case spec;
  std::string source_file;  // as shown to the user, e.g. "traces/echo/documented.trace"
  std::string text;         // the file as read: its line numbers are the expected records'
};

// One trace file as a case: description, clauses and profile from its header,
// tags {"trace", "origin:<kind>"}. Throws traces::TraceError naming the file
// and line for a malformed trace or a clause id spec/SPEC.md does not define.
TraceCase TraceFileCase(const std::string& path, const std::string& id, const std::string& shown_path);

// Case id of a counterexample at `relative_path` under
// conformance/implementations ("medusa/counterexamples/a.b.trace" ->
// "trace.regressions.medusa.a.b").
std::string CounterexampleCaseId(const std::string& relative_path);

// Reads every *.trace under `root` (recursively, sorted by id) as a case;
// `display_root` prefixes the paths shown in messages (e.g. "traces"), and
// `case_id` turns a path relative to `root` into the case id.
// Throws traces::TraceError for a malformed trace, naming file and line, and
// std::runtime_error naming `root` if it is not a readable directory.
std::vector<TraceCase> LoadTraceCases(const std::string& root, const std::string& display_root = "traces",
                                      std::string (*case_id)(const std::string&) = TraceCaseId);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_CASE_RUNNER_H_
