#include "conformance/properties/counterexample_writer.h"

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <optional>

#include "base/runfiles.h"
#include "conformance/properties/scenario_builder.h"
#include "conformance/run/case_runner.h"
#include "conformance/run/counterexample.h"
#include "conformance/run/trace_shrinker.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance::properties {
namespace {

// Writes the file, reads it back and replays it on the adapter; returns what
// to add to the detail. `path` is as the user gave it (messages name it);
// the file is where it means (base::UserPath: under `bazel run` a relative
// path is the user's working directory's).
std::string WriteAndReplay(const PropertyContext& ctx, const traces::Trace& counterexample, const std::string& path) {
  const std::string file = base::UserPath(path);
  WriteCounterexample(counterexample, file);
  traces::Trace written = traces::ReadTraceFile(file);
  written.file = path;
  CaseOutcome outcome = ctx.adapter.Run(ctx.id + "/replay", ScenarioOf(written));
  if (outcome.status != CaseOutcome::Status::kRan) {
    return "replaying " + path + " did not run: " + outcome.detail;
  }
  std::optional<traces::Mismatch> m = traces::CompareTranscript(written, outcome.transcript, written.profile);
  if (!m) return "note: " + path + " passed when replayed (is the implementation deterministic?)";
  return "replay: " + m->message;
}

// The first difference when `t` (inputs and expected records) is replayed on
// the adapter, or nullopt if it passes or does not run.
std::optional<std::string> ReplayDifference(const PropertyContext& ctx, const traces::Trace& t) {
  CaseOutcome outcome;
  try {
    outcome = ctx.adapter.Run(ctx.id + "/trim", ScenarioOf(t));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  if (outcome.status != CaseOutcome::Status::kRan) return std::nullopt;
  std::optional<traces::Mismatch> m = traces::CompareTranscript(t, outcome.transcript, t.profile);
  if (!m) return std::nullopt;
  return m->message;
}

}  // namespace

traces::Trace DropTrailingInputs(const PropertyContext& ctx, traces::Trace counterexample) {
  // A check may add inputs of its own after the scenario (producer_fifo's
  // drain writes), which the trace-level shrink never sees. The expected
  // records of a prefix of the inputs are a prefix of the expected records
  // (the outputs after an input are what it caused), so the last input and
  // its outputs can go as long as the replay shows the same first difference.
  const std::optional<std::string> want = ReplayDifference(ctx, counterexample);
  if (!want) return counterexample;
  while (CountInputs(counterexample) > 1) {
    traces::Trace c = counterexample;
    auto last = std::find_if(c.records.rbegin(), c.records.rend(),
                             [](const traces::Record& r) { return r.direction == traces::Record::Direction::kInput; });
    c.records.erase(std::prev(last.base()), c.records.end());
    if (ReplayDifference(ctx, c) != want) break;
    counterexample = std::move(c);
  }
  return counterexample;
}

std::string CounterexamplePath(const std::string& dir, const std::string& id, std::uint64_t seed) {
  return (std::filesystem::path(dir) / (id + "-" + std::to_string(seed) + ".trace")).string();
}

void ReportFailure(const PropertyContext& ctx, const GeneratedCase& failing, const ScenarioCheck& check,
                   const std::string& how_found, PropertyResult& result) {
  result.verdict = Verdict::kFail;
  const std::string& category = failing.verdict.category;
  // "Fails the same way": the same check fails with the same kind of
  // difference, so the shrink does not drift to another bug.
  // Nor to a scenario no application would make: reading before any
  // set_terminator is an AttributeError in CPython, so a counterexample that
  // did so would show a different difference there than here.
  const bool sets_terminator = SetsTerminatorBeforeReading(failing.scenario);
  auto still_fails = [&](const traces::Trace& candidate) {
    if (sets_terminator && !SetsTerminatorBeforeReading(candidate)) return false;
    CheckResult v = check(ctx.adapter, candidate);
    return v.failed() && v.category == category;
  };
  ShrinkStats stats;
  traces::Trace shrunk = Shrink(ScenarioOf(failing.scenario), still_fails, ShrinkOptions{}, &stats);
  CheckResult verdict = check(ctx.adapter, shrunk);
  if (!verdict.failed()) {
    // Not reproducible on a second run: keep what the search saw.
    verdict = failing.verdict;
    shrunk = failing.scenario;
  }
  traces::Trace counterexample = DropTrailingInputs(ctx, verdict.counterexample);
  counterexample.file.clear();
  counterexample.description = ctx.description;
  counterexample.origin = "counterexample " + ctx.id + " seed=" + std::to_string(ctx.seed);
  counterexample.clauses = ctx.clauses;
  counterexample.notes.insert(counterexample.notes.begin(),
                              "implementation: " + ctx.adapter.info().implementation);
  const std::string found = how_found + "; trace-level shrink: " + std::to_string(CountInputs(failing.scenario)) +
                            " -> " + std::to_string(CountInputs(counterexample)) + " inputs, " +
                            std::to_string(CountByteReads(counterexample)) + " read(s) (" + std::to_string(stats.attempts) +
                            " attempts)";
  // The difference as the written file shows it (its line numbers) when
  // there is one, else as the check saw it.
  std::string difference = verdict.detail;
  if (!ctx.options.counterexample_dir.empty()) {
    const std::string path = CounterexamplePath(ctx.options.counterexample_dir, ctx.id, ctx.seed);
    try {
      difference = WriteAndReplay(ctx, counterexample, path);
      result.counterexample_path = path;
      result.replay_command = ReplayCommand(path, ctx.options.replay_impl_flag);
    } catch (const std::exception& e) {
      difference += std::string("\ncould not write the counterexample: ") + e.what();
    }
  }
  result.detail = verdict.headline + "\n" + difference + "\n" + found;
}

void ReportAbort(const CheckResult& verdict, PropertyResult& result) {
  switch (verdict.verdict) {
    case Verdict::kUnsupported:
      result.verdict = Verdict::kUnsupported;
      result.detail = "the adapter refused a scenario: " + verdict.detail;
      break;
    case Verdict::kAdapterFailure:
      result.verdict = Verdict::kAdapterFailure;
      result.detail = verdict.detail + "\nscenario:\n" + traces::FormatTrace(verdict.counterexample);
      break;
    default:
      result.verdict = Verdict::kFail;
      result.detail = "suite error (not the implementation's fault): " + verdict.detail;
      break;
  }
}

}  // namespace conformance::properties
