#include "conformance/run/counterexample.h"

#include <cctype>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>

#include "base/file_writer.h"
#include "base/runfiles.h"
#include "base/shell_quote.h"
#include "conformance/model/chat_model.h"
#include "conformance/run/failure_signature.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::Record;

std::optional<std::vector<Record>> ModelOf(const traces::Trace& scenario) {
  try {
    return RunModel(scenario);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// The mismatch message without its "FILE:LINE: " prefix and context, on one
// line, for a note; a long one keeps its head and tail.
std::string OneLine(const std::string& message) {
  std::string s = message;
  if (std::size_t p = s.find(": "); p != std::string::npos && p < s.find('\n')) s.erase(0, p + 2);
  if (std::size_t ctx = s.find("\n  context"); ctx != std::string::npos) s.resize(ctx);
  std::string out;
  for (char ch : s) {
    if (ch != '\n') out += ch;
  }
  constexpr std::size_t kMax = 400, kTail = 120;
  if (out.size() > kMax) {
    out = out.substr(0, kMax - kTail) + "...[" + std::to_string(out.size() - kMax) + " characters]..." +
          out.substr(out.size() - kTail);
  }
  return out;
}

}  // namespace

Counterexample MakeCounterexample(Adapter& adapter, const PreparedCase& prepared, const CaseResult& failure,
                                  const std::string& implementation, const ShrinkOptions& options) {
  const Case& c = *prepared.spec;
  Counterexample out;
  out.inputs_before = CountInputs(c.scenario);

  // Shrunk from, and written with, the buffer sizes the failure was judged
  // at (buffer_fit.h): a replay of the file is fitted to the same sizes, so
  // it runs as the case did.
  const traces::Trace& run = ScenarioRun(prepared, failure);
  traces::Trace scenario = run;
  std::vector<Record> expected = JudgedAgainst(prepared, failure).records;
  std::optional<std::vector<Record>> model = ModelOf(run);
  std::string shrink_note;
  if (failure.verdict == Verdict::kFail && model) {
    traces::Trace model_trace = run;
    model_trace.records = *model;
    // The case's own signature; the shrink judges candidates against the
    // model, which must see that same first difference on the whole case.
    const FailureSignature want = MismatchSignature(c.profile, expected, failure.actual);
    const bool model_agrees = traces::CompareTranscript(model_trace, failure.actual, c.profile) &&
                              MismatchSignature(c.profile, *model, failure.actual) == want;
    if (model_agrees) {
      const std::string id = c.id;
      auto still_fails = [&](const traces::Trace& candidate) {
        std::optional<std::vector<Record>> m = ModelOf(candidate);
        if (!m) return false;
        CaseOutcome o;
        try {
          o = adapter.Run(id, candidate);
        } catch (const std::exception&) {
          return false;
        }
        if (o.status != CaseOutcome::Status::kRan) return false;
        traces::Trace e = candidate;
        e.records = *m;
        return traces::CompareTranscript(e, o.transcript, c.profile) &&
               MismatchSignature(c.profile, *m, o.transcript) == want;
      };
      scenario = Shrink(run, still_fails, options, &out.stats);
      std::optional<std::vector<Record>> shrunk_model = ModelOf(scenario);
      if (!shrunk_model) {
        // No candidate was accepted and the shrinker's normalized start is
        // one the model refuses: keep the case as it is.
        scenario = run;
        shrunk_model = model;
      }
      expected = *shrunk_model;
      out.shrunk = true;
      try {
        traces::Trace e = scenario;
        e.records = expected;
        e.file = "here";
        if (auto m = traces::CompareTranscript(e, adapter.Run(id, scenario).transcript, c.profile)) {
          out.first_mismatch = OneLine(m->message);
        }
      } catch (const std::exception&) {
        // The note is a convenience; the shrink predicate already ran this.
      }
      shrink_note = "shrunk from " + std::to_string(out.inputs_before) + " inputs to " +
                    std::to_string(CountInputs(scenario)) + " in " + std::to_string(out.stats.attempts) +
                    " attempts" + (out.stats.exhausted ? " (attempt budget spent: may not be minimal)" : "") +
                    "; expected records from the model (conformance/model)";
    }
  }
  if (!out.shrunk) {
    const std::string records = failure.fitted_expected
                                    ? "expected records from the model at the implementation's buffer sizes"
                                    : "expected records as the case gives them";
    if (failure.verdict != Verdict::kFail) {
      shrink_note = "not shrunk (" + std::string(VerdictName(failure.verdict)) + "); " + records;
    } else if (!model) {
      // e.g. an app= channel (traces/channel_apps.h): the model is of async_chat.
      shrink_note = "not shrunk: the model cannot run this scenario; " + records;
    } else {
      traces::Trace model_trace = run;
      model_trace.records = *model;
      shrink_note = traces::CompareTranscript(model_trace, failure.actual, c.profile)
                        ? "not shrunk: the model's first difference is not the case's; " + records
                        : "not shrunk: the model agrees with the implementation here; " + records;
    }
  }
  out.inputs_after = CountInputs(scenario);

  traces::Trace& t = out.trace;
  // Its expected records are those of the case's format version.
  t.version = c.scenario.version;
  // A shrunk trace no longer does what the case describes: say what it is.
  t.description = out.shrunk ? "shrunk from case " + c.id + ", failing the same way; the case: " + c.description
                             : c.description;
  t.origin = "counterexample " + c.id;
  t.version = c.scenario.version;  // the records it may hold, and what its transcript records
  t.clauses = c.clauses;
  t.profile = c.profile;
  t.notes.push_back(implementation + " fails case " + c.id);
  std::string first = failure.verdict == Verdict::kFail ? OneLine(failure.detail) : failure.detail.substr(0, failure.detail.find('\n'));
  if (!first.empty()) t.notes.push_back(std::string(VerdictName(failure.verdict)) + " on the full case: " + first);
  if (!out.first_mismatch.empty()) t.notes.push_back("on this trace: " + out.first_mismatch);
  t.notes.push_back(shrink_note);
  out.shrink_note = shrink_note;
  t.channels = scenario.channels;
  t.records = expected;
  for (Record& r : t.records) r.line = 0;
  return out;
}

void WriteCounterexample(const traces::Trace& counterexample, const std::string& path) {
  // Its folders are under the directory the user named (checked before the
  // run) or under a temporary one.
  base::WriteFile(path, traces::FormatTrace(counterexample), base::MissingFolders::kCreate);
}

std::string ImplFlag(const std::string& impl) {
  if (impl.rfind("cmd:", 0) == 0) return "--impl-cmd " + base::ShellQuote(impl.substr(4));
  return "--impl " + base::ShellQuote(impl);
}

std::string AbsoluteTracePath(const std::string& trace_path) {
  namespace fs = std::filesystem;
  if (fs::path(trace_path).is_absolute()) return trace_path;
  std::error_code ec;
  // As the user named it (--trace, --traces-dir, --counterexamples), from
  // where the command was run.
  const fs::path user = fs::absolute(base::UserPath(trace_path), ec);
  if (!ec && fs::exists(user, ec)) return user.lexically_normal().string();
  // A checked-in trace, named from the top of the repository: `bazel run`
  // says where that is; otherwise the runfile is a link into the source tree.
  if (const char* workspace = std::getenv("BUILD_WORKSPACE_DIRECTORY")) {
    const fs::path in_workspace = fs::path(workspace) / trace_path;
    if (fs::exists(in_workspace, ec)) return in_workspace.lexically_normal().string();
  }
  if (std::optional<std::string> runfile = base::FindRunfile(trace_path)) {
    const fs::path source = fs::canonical(*runfile, ec);
    return ec ? *runfile : source.string();
  }
  return ec ? trace_path : user.lexically_normal().string();
}

std::string ReplayCommandFromTop(const std::string& trace_path, const std::string& impl_flag) {
  return "tools/bazel run //tools:trace -- replay " + base::ShellQuote(trace_path) + " " + impl_flag;
}

std::string ReplayCommand(const std::string& trace_path, const std::string& impl_flag) {
  return ReplayCommandFromTop(AbsoluteTracePath(trace_path), impl_flag);
}

}  // namespace conformance
