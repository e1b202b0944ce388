// conformance: run the conformance suite (named cases, checked-in traces and
// RapidCheck properties) against one or more asynchat implementations, and
// report. `tools/bazel run //conformance -- --help` lists the options;
// conformance/README.md explains them.
//
//   conformance [--impl reference|reference-process|model|cpython|medusa|python:FILE]...
//               [--impl-cmd "<adapter command>"] [--profile strict|semantic|all]
//               [--filter GLOB]... [--exclude GLOB]... [--tag TAG]... [--list] [--show ID]
//               [--trace FILE]... [--traces-dir DIR] [--no-traces]
//               [--seed N] [--effort quick|default|thorough] [--no-properties]
//               [--timeout-ms N] [--expected-failures FILE] [--json FILE] [--junit FILE]
//               [--results-md FILE] [--counterexamples DIR] [--quiet]
//
// Exit status: 0 no unexpected failure; 1 an unexpected failure (a case or
// property failed, or its adapter failed, and it is not listed as expected);
// 2 bad usage (unknown option or implementation, unreadable file, nothing
// selected).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "conformance/driver/adapter_factory.h"
#include "conformance/driver/capabilities.h"
#include "conformance/run/case_runner.h"
#include "conformance/cases/case.h"
#include "conformance/run/counterexample.h"
#include "conformance/run/expected_failures.h"
#include "conformance/properties/property_suite.h"
#include "conformance/report/implementation_notes.h"
#include "conformance/report/report.h"
#include "conformance/report/report_console.h"
#include "conformance/report/report_json.h"
#include "conformance/report/report_junit.h"
#include "conformance/report/report_results_md.h"
#include "base/file_writer.h"
#include "base/runfiles.h"
#include "base/shell_quote.h"
#include "conformance/run/trace_shrinker.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

// Bad usage: reported with exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What is known of each implementation (its counterexamples and notes.md),
// in the runfiles and in the source tree (RESULTS.md is regenerated with
// --counterexamples pointing here).
constexpr char kImplementationsDir[] = "conformance/implementations";

// conformance/implementations/<impl>/notes.md of each registered --impl that
// has one (not python:FILE or cmd:, which name no directory there). A
// malformed file is bad usage, reported before anything runs.
NotesByImpl LoadNotes(const std::vector<std::string>& impls) {
  NotesByImpl notes;
  for (const std::string& impl : impls) {
    if (impl.find(':') != std::string::npos || notes.count(impl)) continue;
    const std::string shown = std::string(kImplementationsDir) + "/" + impl + "/notes.md";
    std::optional<std::string> path = base::FindRunfile(shown);
    if (!path) continue;
    std::ifstream in(*path, std::ios::binary);
    if (!in) throw UsageError("cannot read " + shown + " (" + *path + ")");
    std::stringstream text;
    text << in.rdbuf();
    try {
      notes[impl] = ParseImplementationNotes(text.str(), impl, shown);
    } catch (const NotesError& e) {
      throw UsageError(e.what());
    }
  }
  return notes;
}

struct Options {
  std::vector<std::string> impls;
  std::string impl_cmd;
  std::string profile = "all";
  std::vector<std::string> filters;
  std::vector<std::string> excludes;
  std::vector<std::string> tags;
  bool list = false;
  std::string show;
  std::vector<std::string> trace_files;
  std::string traces_dir;
  bool no_traces = false;
  std::uint64_t seed = 0;
  std::string effort = "default";
  bool no_properties = false;
  int timeout_ms = 5000;
  std::string expected_failures;
  std::string json, junit, results_md;
  std::string counterexamples;
  int max_counterexamples = -1;  // -1: 25 without --counterexamples, all with it
  int shrink_attempts = 2000;
  bool quiet = false;
  std::string command_line;  // for RESULTS.md
};


int RunsFor(const std::string& effort) {
  // Through a process adapter one property run costs a few milliseconds; the
  // default keeps the whole run against CPython to seconds.
  if (effort == "quick") return 20;
  if (effort == "thorough") return 1000;
  return 100;
}

// A short column heading for an implementation.
std::string Label(const std::string& impl, const AdapterInfo& info) {
  if (impl == "cpython") {
    // "CPython 3.11.2 asynchat (...)" -> "CPython 3.11"
    const std::string& s = info.implementation;
    std::size_t at = s.find("CPython ");
    if (at == std::string::npos) return "CPython";
    std::size_t begin = at + 8, end = begin, dots = 0;
    while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == '.')) {
      if (s[end] == '.' && ++dots == 2) break;
      ++end;
    }
    return end > begin ? "CPython " + s.substr(begin, end - begin) : "CPython";
  }
  if (impl == "reference-process") return "reference (process)";
  if (impl.rfind("python:", 0) == 0) return "python:" + std::filesystem::path(impl.substr(7)).filename().string();
  if (impl.rfind("cmd:", 0) == 0) return "command";
  return impl;
}

// A directory name for an implementation's counterexamples.
std::string Slug(const std::string& impl) {
  if (impl.rfind("python:", 0) == 0) return "python-" + std::filesystem::path(impl.substr(7)).stem().string();
  if (impl.rfind("cmd:", 0) == 0) return "command";
  return impl;
}

bool MatchesAny(const std::vector<std::string>& globs, const std::string& id) {
  if (globs.empty()) return true;
  for (const std::string& g : globs) {
    if (fnmatch(g.c_str(), id.c_str(), 0) == 0) return true;
  }
  return false;
}

struct Selected {
  const Case* spec;
  std::string source_file;  // trace cases
};

class Suite {
 public:
  explicit Suite(Options o) : o_(std::move(o)) {}

  int Main();

 private:
  void Collect();
  int List() const;
  int Show() const;
  std::unique_ptr<Adapter> Make(const std::string& impl) const;
  ImplementationRun RunImplementation(const std::string& impl, Adapter& adapter, const ExpectedFailures* expected);
  void WriteCounterexamples(Adapter& adapter, ImplementationRun& run);
  void RunProperties(Adapter& adapter, ImplementationRun& run, const ExpectedFailures* expected);
  std::string CounterexampleDir(const std::string& impl, bool& explicit_dir);
  void Progress(const std::string& line) const {
    if (!o_.quiet) std::cerr << "conformance: " << line << std::endl;
  }

  Options o_;
  std::vector<TraceCase> trace_cases_;
  std::vector<Selected> selected_;
  std::vector<PreparedCase> prepared_;
  std::vector<std::string> property_ids_;
  std::string temp_dir_;  // created on first use when no --counterexamples
};

void Suite::Collect() {
  if (o_.trace_files.empty()) {
    if (!o_.no_traces) {
      std::string root = o_.traces_dir.empty() ? base::FindRunfile("traces").value_or("") : base::UserPath(o_.traces_dir);
      if (root.empty()) {
        Progress("warning: the checked-in traces are not in the runfiles; run through Bazel or give --traces-dir");
      } else {
        trace_cases_ = LoadTraceCases(root, o_.traces_dir.empty() ? "traces" : o_.traces_dir);
      }
      // The implementations' counterexamples come with the command, not with --traces-dir.
      if (std::optional<std::string> known = base::FindRunfile(kImplementationsDir); known && o_.traces_dir.empty()) {
        for (TraceCase& tc : LoadTraceCases(*known, kImplementationsDir, CounterexampleCaseId)) {
          trace_cases_.push_back(std::move(tc));
        }
        std::sort(trace_cases_.begin(), trace_cases_.end(),
                  [](const TraceCase& a, const TraceCase& b) { return a.spec.id < b.spec.id; });
      }
    }
  } else {
    for (const std::string& f : o_.trace_files) {
      std::string id = "trace.file." + std::filesystem::path(f).stem().string();
      trace_cases_.push_back(TraceFileCase(base::UserPath(f), id, f));
    }
  }
  auto wanted = [&](const Case& c) {
    if (!MatchesAny(o_.filters, c.id)) return false;
    if (!o_.excludes.empty() && MatchesAny(o_.excludes, c.id)) return false;
    if (o_.profile == "strict" && c.profile != traces::Profile::kStrict) return false;
    if (o_.profile == "semantic" && c.profile != traces::Profile::kSemantic) return false;
    for (const std::string& t : o_.tags) {
      if (std::find(c.tags.begin(), c.tags.end(), t) == c.tags.end()) return false;
    }
    return true;
  };
  if (o_.trace_files.empty()) {
    for (const Case& c : AllCases()) {
      if (wanted(c)) selected_.push_back({&c, ""});
    }
  }
  for (const TraceCase& t : trace_cases_) {
    if (wanted(t.spec)) selected_.push_back({&t.spec, t.source_file});
  }
  std::sort(selected_.begin(), selected_.end(), [](const Selected& a, const Selected& b) { return a.spec->id < b.spec->id; });
  for (std::size_t i = 1; i < selected_.size(); ++i) {
    if (selected_[i].spec->id == selected_[i - 1].spec->id) {
      throw UsageError("two cases have the id " + selected_[i].spec->id + " (a trace file named like a case?)");
    }
  }
  if (!o_.no_properties && o_.trace_files.empty() && o_.tags.empty()) {
    for (const std::string& id : PropertyIds()) {
      if (MatchesAny(o_.filters, id) && (o_.excludes.empty() || !MatchesAny(o_.excludes, id))) {
        property_ids_.push_back(id);
      }
    }
  }
}

int Suite::List() const {
  for (const Selected& s : selected_) {
    const Case& c = *s.spec;
    std::string tags;
    for (const std::string& t : c.tags) tags += (tags.empty() ? "" : ",") + t;
    std::string caps;
    for (const std::string& cap : RequiredCapabilities(c.scenario)) caps += (caps.empty() ? "" : ",") + cap;
    std::cout << c.id << "\n    " << c.description << "\n    profile " << (c.profile == traces::Profile::kStrict ? "strict" : "semantic")
              << "; checks " << c.document << "\n    needs " << (caps.empty() ? "-" : caps) << "; tags "
              << (tags.empty() ? "-" : tags) << "\n";
  }
  for (const std::string& id : property_ids_) std::cout << id << "\n    property\n";
  std::cout << selected_.size() << " cases, " << property_ids_.size() << " properties\n";
  return 0;
}

int Suite::Show() const {
  for (const Selected& s : selected_) {
    if (s.spec->id != o_.show) continue;
    PreparedCase p = PrepareCase(*s.spec, s.source_file);
    if (!p.error.empty()) {
      std::cerr << "conformance: " << p.error << "\n";
      return 1;
    }
    std::cout << "# case " << s.spec->id << ": " << s.spec->description << "\n# checks " << s.spec->document << "\n"
              << traces::FormatTrace(p.expected);
    return 0;
  }
  throw UsageError("--show " + o_.show + ": no selected case has this id (see --list)");
}

std::unique_ptr<Adapter> Suite::Make(const std::string& impl) const {
  AdapterOptions a;
  a.case_time_limit = std::chrono::milliseconds(o_.timeout_ms);
  try {
    if (impl.rfind("cmd:", 0) == 0) return MakeCommandAdapter(impl.substr(4), a);
    return MakeAdapter(impl, a);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string("--impl: ") + e.what());
  }
}

std::string Suite::CounterexampleDir(const std::string& impl, bool& explicit_dir) {
  explicit_dir = !o_.counterexamples.empty();
  if (explicit_dir) return o_.counterexamples + "/" + Slug(impl) + "/counterexamples";
  if (temp_dir_.empty()) {
    const char* base = std::getenv("TEST_TMPDIR");
    std::string tmpl = (base ? std::string(base) : std::filesystem::temp_directory_path().string()) +
                       "/asynchat-conformance-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("cannot create a directory like " + tmpl);
    temp_dir_ = buf.data();
  }
  return temp_dir_ + "/" + Slug(impl) + "/counterexamples";
}

void Suite::WriteCounterexamples(Adapter& adapter, ImplementationRun& run) {
  // An adapter that never handshook fails every case the same way; a trace
  // per case would say nothing the summary does not.
  if (adapter.info().protocol_version == 0) return;
  bool explicit_dir = false;
  std::string dir;
  int written = 0;
  const std::string flag = ImplFlag(run.impl);
  for (std::size_t i = 0; i < run.cases.size(); ++i) {
    CaseReport& c = run.cases[i];
    Verdict v = c.result.verdict;
    if (v != Verdict::kFail && v != Verdict::kAdapterFailure) continue;
    const Case& spec = *c.spec;
    // A checked-in counterexample is already minimal: point at it.
    if (std::find(spec.tags.begin(), spec.tags.end(), "origin:counterexample") != spec.tags.end()) {
      c.replay_command = ReplayCommand(selected_[i].source_file, flag);
      continue;
    }
    if (dir.empty()) dir = CounterexampleDir(run.impl, explicit_dir);
    // Without --counterexamples only what needs attention is shrunk.
    if (!explicit_dir && !IsUnexpectedFailure(c.outcome)) continue;
    // Shrinking costs up to --shrink-attempts runs of the case; a badly broken
    // implementation fails hundreds of cases, and a few minimal
    // counterexamples say what the rest would.
    const int max = o_.max_counterexamples >= 0 ? o_.max_counterexamples : explicit_dir ? 1 << 30 : 25;
    if (written >= max) {
      Progress(fmt::format("{}: {} counterexamples written; not shrinking the other failures (--max-counterexamples)",
                           run.impl, written));
      break;
    }
    ShrinkOptions so;
    so.max_attempts = o_.shrink_attempts;
    Counterexample ce = MakeCounterexample(adapter, prepared_[i], c.result, run.info.implementation, so);
    std::string shown = dir + "/" + spec.id + ".trace";
    WriteCounterexample(ce.trace, explicit_dir ? base::UserPath(shown) : shown);
    ++written;
    c.counterexample_path = shown;
    c.counterexample_inputs = ce.inputs_after;
    c.replay_command = ReplayCommand(shown, flag);
    if (ce.shrunk) {
      Progress(fmt::format("{}: {} shrunk from {} to {} inputs in {} attempts", run.impl, spec.id, ce.inputs_before,
                           ce.inputs_after, ce.stats.attempts));
    } else {
      Progress(fmt::format("{}: {} written as it is ({} inputs; {})", run.impl, spec.id, ce.inputs_after,
                           VerdictName(c.result.verdict)));
    }
  }
  if (written) run.counterexample_dir = dir;
}

void Suite::RunProperties(Adapter& adapter, ImplementationRun& run, const ExpectedFailures* expected) {
  if (property_ids_.empty()) return;
  bool explicit_dir = false;
  PropertyOptions po;
  po.seed = run.seed;
  po.runs = RunsFor(o_.effort);
  po.counterexample_dir = CounterexampleDir(run.impl, explicit_dir);  // as shown; the writer resolves it
  po.replay_impl_flag = ImplFlag(run.impl);
  for (const std::string& id : property_ids_) {
    Progress(fmt::format("{}: property {} ({} runs)", run.impl, id, po.runs));
    for (PropertyResult& r : RunPropertySuite(adapter, po, id)) {
      PropertyReport p;
      const Verdict v = r.verdict;
      const ExpectedFailures::Entry* e = expected ? expected->Find(r.id) : nullptr;
      p.outcome = OutcomeOf(v, e != nullptr);
      if (e) p.expected_reason = e->reason;
      if (!r.counterexample_path.empty()) run.counterexample_dir = CounterexampleDir(run.impl, explicit_dir);
      p.result = std::move(r);
      run.properties.push_back(std::move(p));
    }
  }
}

ImplementationRun Suite::RunImplementation(const std::string& impl, Adapter& adapter, const ExpectedFailures* expected) {
  auto start = std::chrono::steady_clock::now();
  ImplementationRun run;
  run.impl = impl;
  run.info = adapter.info();
  run.label = Label(impl, run.info);
  run.profile = o_.profile;
  run.effort = property_ids_.empty() ? "" : o_.effort;
  run.seed = o_.seed;
  if (expected) run.expected_failures_file = o_.expected_failures;
  Progress(fmt::format("{}: {} ({} cases, {} properties)", impl,
                       run.info.implementation.empty() ? "no handshake" : run.info.implementation, selected_.size(),
                       property_ids_.size()));

  const std::size_t n = selected_.size();
  auto last_report = std::chrono::steady_clock::now();
  int unexpected = 0;
  for (std::size_t i = 0; i < n; ++i) {
    CaseReport c;
    c.spec = selected_[i].spec;
    c.result = RunPreparedCase(adapter, prepared_[i]);
    const ExpectedFailures::Entry* e = expected ? expected->Find(c.spec->id) : nullptr;
    c.outcome = OutcomeOf(c.result.verdict, e != nullptr);
    if (e) c.expected_reason = e->reason;
    unexpected += IsUnexpectedFailure(c.outcome);
    run.cases.push_back(std::move(c));
    auto now = std::chrono::steady_clock::now();
    if (i + 1 == n || now - last_report > std::chrono::seconds(2) || (i + 1) % std::max<std::size_t>(1, n / 4) == 0) {
      last_report = now;
      Progress(fmt::format("{}: {}/{} cases ({}%), {} unexpected failures", impl, i + 1, n, (i + 1) * 100 / n,
                           unexpected));
    }
  }
  run.case_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  WriteCounterexamples(adapter, run);
  RunProperties(adapter, run, expected);

  if (expected) {
    std::vector<std::string> ids;
    for (const CaseReport& c : run.cases) ids.push_back(c.spec->id);
    for (const PropertyReport& p : run.properties) ids.push_back(p.result.id);
    // Only meaningful when everything ran: a filtered run leaves entries unmatched.
    if (o_.filters.empty() && o_.excludes.empty() && o_.tags.empty() && o_.trace_files.empty() && o_.profile == "all") {
      // Without the properties, entries for them are not stale: count every
      // property as seen.
      if (run.properties.empty()) {
        for (const std::string& id : PropertyIds()) ids.push_back(id);
      }
      for (const ExpectedFailures::Entry& e : expected->Unused(ids)) {
        run.stale_expected.push_back(e.pattern + " (" + expected->file() + ":" + std::to_string(e.line) + ")");
      }
    }
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

void WriteFile(const std::string& shown, const std::string& text) {
  try {
    base::WriteFile(base::UserPath(shown), text);
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
}

int Suite::Main() {
  if (o_.impls.empty() && o_.impl_cmd.empty()) o_.impls.push_back("reference");
  if (!o_.impl_cmd.empty()) o_.impls.push_back("cmd:" + o_.impl_cmd);
  Collect();
  if (o_.list) return List();
  if (!o_.show.empty()) return Show();
  if (selected_.empty() && property_ids_.empty()) {
    throw UsageError("nothing selected: no case or property matches the --filter/--tag/--profile given (see --list)");
  }
  std::optional<ExpectedFailures> expected;
  if (!o_.expected_failures.empty()) {
    try {
      expected = ExpectedFailures::Read(base::UserPath(o_.expected_failures));
    } catch (const std::exception& e) {
      throw UsageError(e.what());
    }
  }
  const NotesByImpl notes = LoadNotes(o_.impls);
  if (o_.seed == 0) {
    // A RESULTS.md must come out the same each time; an ordinary run explores.
    o_.seed = o_.results_md.empty() ? (std::random_device{}() | 1u) : 1;
  }
  // Every implementation is started (and handshaken) before any runs, so a
  // misspelt --impl is bad usage at once, not after the others ran.
  std::vector<std::unique_ptr<Adapter>> adapters;
  for (const std::string& impl : o_.impls) adapters.push_back(Make(impl));
  for (const Selected& s : selected_) prepared_.push_back(PrepareCase(*s.spec, s.source_file));

  std::vector<ImplementationRun> runs;
  for (std::size_t i = 0; i < o_.impls.size(); ++i) {
    runs.push_back(RunImplementation(o_.impls[i], *adapters[i], expected ? &*expected : nullptr));
    adapters[i].reset();  // ends an adapter process as soon as its run is done
    PrintConsoleSummary(std::cout, runs.back());
  }
  if (!o_.json.empty()) WriteFile(o_.json, RenderJson(runs));
  if (!o_.junit.empty()) WriteFile(o_.junit, RenderJUnit(runs));
  if (!o_.results_md.empty()) {
    WriteFile(o_.results_md, RenderResultsMarkdown(runs, notes, o_.command_line, o_.results_md));
  }
  bool bad = false;
  for (const ImplementationRun& r : runs) bad |= HasUnexpectedFailure(r);
  if (runs.size() > 1) {
    std::cout << "\n";
    for (const ImplementationRun& r : runs) {
      Totals t = TallyCases(r);
      std::cout << fmt::format("{:<22} {}: {} passed, {} unexpected failures, {} expected failures, {} unsupported\n",
                               r.label, HasUnexpectedFailure(r) ? "FAIL" : "PASS", t.passed, t.unexpected(),
                               t.expected_fail, t.unsupported);
    }
  }
  for (const std::string& f : {o_.json, o_.junit, o_.results_md}) {
    if (!f.empty()) std::cout << "wrote " << f << "\n";
  }
  if (!temp_dir_.empty()) {
    // The properties need a directory before they know whether they fail;
    // leave none behind when nothing was written (remove() spares non-empty ones).
    std::error_code ec;
    for (const std::string& impl : o_.impls) std::filesystem::remove(temp_dir_ + "/" + Slug(impl), ec);
    std::filesystem::remove(temp_dir_, ec);
  }
  return bad ? 1 : 0;
}

}  // namespace
}  // namespace conformance

int main(int argc, char** argv) {
  using conformance::Options;
  base::SetRunfilesArgv0(argv[0]);
  Options o;
  CLI::App app{"Run the asynchat conformance suite against an implementation (see conformance/README.md)."};
  app.add_option("--impl", o.impls,
                 "implementation under test: reference (default), reference-process, model, cpython, medusa, "
                 "python:FILE; repeat to run several (side by side in --results-md)");
  app.add_option("--impl-cmd", o.impl_cmd, "an adapter command speaking conformance/PROTOCOL.md, run with /bin/sh -c");
  app.add_option("--profile", o.profile, "run the strict cases, the semantic ones, or all")
      ->check(CLI::IsMember({"strict", "semantic", "all"}))
      ->capture_default_str();
  app.add_option("--filter", o.filters, "only case and property ids matching this glob (repeatable: any matches)");
  app.add_option("--exclude", o.excludes, "leave out case and property ids matching this glob (repeatable)");
  app.add_option("--tag", o.tags, "only cases carrying this tag (repeatable: all must be present); no properties");
  app.add_flag("--list", o.list, "list the selected cases (id, description, document, profile, capabilities, tags)");
  app.add_option("--show", o.show, "print the expected transcript of case ID as a trace (mismatch lines refer to it)");
  app.add_option("--trace", o.trace_files, "run only these trace files as cases (expected: their own records)");
  app.add_option("--traces-dir", o.traces_dir, "where the checked-in traces are (default: the runfiles' traces/)");
  app.add_flag("--no-traces", o.no_traces, "do not run the checked-in traces as cases");
  app.add_option("--seed", o.seed, "seed of the property runs (default: random, printed; 1 with --results-md)")
      ->check(CLI::NonNegativeNumber);  // unsigned: CLI11 would wrap -1 around
  app.add_option("--effort", o.effort, "property runs per property: quick 20, default 100, thorough 1000")
      ->check(CLI::IsMember({"quick", "default", "thorough"}))
      ->capture_default_str();
  app.add_flag("--no-properties", o.no_properties, "skip the RapidCheck properties");
  app.add_option("--timeout-ms", o.timeout_ms, "time limit per case for a process adapter, in milliseconds")
      ->check(CLI::Range(1, std::numeric_limits<int>::max()))
      ->capture_default_str();
  app.add_option("--expected-failures", o.expected_failures,
                 "file listing the case ids (or globs) known to fail, with '# why' (conformance/implementations/*/expected.txt)");
  app.add_option("--json", o.json, "write the full results as JSON to FILE");
  app.add_option("--junit", o.junit, "write JUnit XML to FILE");
  app.add_option("--results-md", o.results_md, "write the side-by-side RESULTS.md of all --impl to FILE");
  app.add_option("--counterexamples", o.counterexamples,
                 "write a minimal counterexample trace for every failing case under DIR/<impl>/counterexamples/, as "
                 "conformance/implementations/ keeps them (default: only "
                 "unexpected failures, under a temporary directory printed in the summary)");
  app.add_option("--max-counterexamples", o.max_counterexamples,
                 "shrink at most this many failing cases per implementation (default: 25, or all with --counterexamples)")
      ->check(CLI::Range(0, std::numeric_limits<int>::max()));
  app.add_option("--shrink-attempts", o.shrink_attempts, "at most this many runs of the implementation per shrink")
      ->check(CLI::Range(1, std::numeric_limits<int>::max()))
      ->capture_default_str();
  app.add_flag("-q,--quiet", o.quiet, "no progress lines on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  o.command_line = "tools/bazel run //conformance --";
  for (int i = 1; i < argc; ++i) {
    // Progress output does not change the report; leave it out of the command it shows.
    if (std::string(argv[i]) == "-q" || std::string(argv[i]) == "--quiet") continue;
    o.command_line += " " + base::ShellQuote(argv[i]);
  }
  try {
    return conformance::Suite(std::move(o)).Main();
  } catch (const conformance::UsageError& e) {
    std::cerr << "conformance: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "conformance: " << e.what() << "\n";
    return 2;
  }
}
