// conformance: run the conformance suite (named cases, checked-in traces and
// RapidCheck properties) against one or more asynchat implementations, and
// report. `tools/bazel run //conformance -- --help` lists the options;
// conformance/README.md explains them.
//
//   conformance [--impl reference|reference-process|model|cpython|medusa|python:FILE]...
//               [--impl-cmd "<adapter command>"] [--label NAME]... [--profile strict|semantic|all]
//               [--filter GLOB]... [--exclude GLOB]... [--tag TAG]... [--exclude-tag TAG]...
//               [--list] [--show ID] [--version]
//               [--trace FILE]... [--traces-dir DIR] [--no-traces]
//               [--seed N] [--effort quick|default|thorough] [--no-properties]
//               [--timeout-ms N] [--memory-limit MIB] [--python PATH]
//               [--expected-failures FILE] [--json FILE] [--junit FILE]
//               [--results-md FILE] [--counterexamples DIR] [--max-counterexamples N]
//               [--max-failures N] [--verbose] [--quiet]
//
// Exit status: 0 no unexpected failure; 1 an unexpected failure (a case or
// property failed, or its adapter failed, and it is not listed as expected);
// 2 bad usage (unknown option or implementation, unreadable file, nothing
// selected), or an implementation that could not be started (its handshake
// failed: nothing is judged).
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
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

#include "base/file_writer.h"
#include "base/runfiles.h"
#include "base/shell_quote.h"
#include "base/whole_number_option.h"
#include "conformance/cases/case.h"
#include "conformance/cases/clause_coverage.h"
#include "conformance/driver/adapter_factory.h"
#include "conformance/driver/capabilities.h"
#include "conformance/driver/interrupt.h"
#include "conformance/properties/property_suite.h"
#include "conformance/report/implementation_notes.h"
#include "conformance/report/report_console.h"
#include "conformance/report/report_json.h"
#include "conformance/report/report_junit.h"
#include "conformance/report/report_results_md.h"
#include "conformance/run/case_runner.h"
#include "conformance/run/expected_failures.h"
#include "conformance/run/level.h"
#include "conformance/run/run_result.h"
#include "conformance/run/selection.h"
#include "conformance/run/suite_runner.h"
#include "conformance/suite_version.h"
#include "spec/checked_in.h"
#include "traces/bytes_escape.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

// Bad usage: reported with exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An implementation that could not be started (its handshake failed): the
// run is not judged at all, and exits 2 with this one message instead of a
// failure per case.
class CannotStart : public std::runtime_error {
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

// --seed: a whole number of decimal digits that fits in 64 bits. Checked on
// the text, before CLI11 converts it: CLI11's unsigned conversion wraps -1
// around and saturates 99999999999999999999 to the maximum without a word,
// and CLI::NonNegativeNumber's message ends in a double's 309-digit maximum.
CLI::Validator SeedValidator() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::string why = "'" + text + "' is not a seed: give a whole number from 0 to " +
                                std::to_string(std::numeric_limits<std::uint64_t>::max());
        if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return why;
        errno = 0;
        (void)std::strtoull(text.c_str(), nullptr, 10);
        return errno == ERANGE ? why : "";
      },
      "SEED");
}

struct Options {
  // --impl and --impl-cmd ("cmd:<command>") in the order given.
  std::vector<std::string> impls;
  std::vector<std::string> labels;  // --label: one per implementation, or none
  std::string profile = "all";
  std::string level = "documented";
  std::vector<std::string> filters;
  std::vector<std::string> excludes;
  std::vector<std::string> tags;
  std::vector<std::string> exclude_tags;
  bool list = false;
  bool version = false;      // --version
  bool coverage = false;     // --coverage
  std::string coverage_md;   // --coverage-md FILE
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
  int max_failures = 0;  // 0: no limit
  bool verbose = false;
  bool quiet = false;
  std::string command_line;  // for RESULTS.md
  std::string python;        // --python: the interpreter of python:FILE; "" the default
  std::uint64_t memory_limit_mib = kDefaultAdapterMemoryLimitMib;  // --memory-limit; 0: none
};


class Suite {
 public:
  explicit Suite(Options o) : o_(std::move(o)) {}

  int Main();

 private:
  void Collect();
  int List() const;
  int Version() const;
  int Coverage() const;
  int Show() const;
  std::unique_ptr<Adapter> Make(const std::string& impl) const;
  void Progress(const std::string& line) const {
    // It names what an adapter said of itself: no raw control bytes.
    if (!o_.quiet) std::cerr << "conformance: " << traces::EscapeControlBytes(line) << std::endl;
  }

  Options o_;
  Selection selection_;
};

void Suite::Collect() {
  SelectionOptions so;
  so.filters = o_.filters;
  so.excludes = o_.excludes;
  so.tags = o_.tags;
  so.exclude_tags = o_.exclude_tags;
  so.profile = o_.profile;
  so.properties = !o_.no_properties;
  for (const std::string& f : o_.trace_files) so.trace_files.push_back({base::UserPath(f), f});
  if (o_.trace_files.empty() && !o_.no_traces) {
    if (o_.traces_dir.empty()) {
      so.traces_root = base::FindRunfile("traces").value_or("");
      if (so.traces_root.empty()) {
        Progress("warning: the checked-in traces are not in the runfiles; run through Bazel or give --traces-dir");
      }
      // The implementations' counterexamples come with the command, not with --traces-dir.
      so.implementations_root = base::FindRunfile(kImplementationsDir).value_or("");
      so.implementations_shown = kImplementationsDir;
    } else {
      so.traces_root = base::UserPath(o_.traces_dir);
      so.traces_shown = o_.traces_dir;
    }
  }
  try {
    selection_ = SelectCases(so);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}


int Suite::List() const {
  for (const SelectedCase& s : selection_.cases) {
    const Case& c = *s.spec;
    std::string tags;
    for (const std::string& t : c.tags) tags += (tags.empty() ? "" : ",") + t;
    std::string caps;
    for (const std::string& cap : RequiredCapabilities(c.scenario)) caps += (caps.empty() ? "" : ",") + cap;
    std::cout << c.id << "\n    " << c.description << "\n    profile " << (c.profile == traces::Profile::kStrict ? "strict" : "semantic")
              << "; checks " << JoinedClauses(c) << "\n    needs " << (caps.empty() ? "-" : caps) << "; tags "
              << (tags.empty() ? "-" : tags) << "\n";
  }
  for (const std::string& id : selection_.property_ids) std::cout << id << "\n    property\n";
  std::cout << selection_.cases.size() << " cases, " << selection_.property_ids.size() << " properties\n";
  return 0;
}

// The ids counted are the ones the default run selects (the options given
// still narrow them), so a CI log shows how many a run had to judge.
int Suite::Version() const {
  std::cout << VersionLine(std::to_string(selection_.cases.size() + selection_.property_ids.size()) + " case ids")
            << "\n";
  return 0;
}

int Suite::Show() const {
  for (const SelectedCase& s : selection_.cases) {
    if (s.spec->id != o_.show) continue;
    PreparedCase p = PrepareCase(*s.spec, s.source_file);
    if (!p.error.empty()) {
      std::cerr << "conformance: " << p.error << "\n";
      return 1;
    }
    // Exactly the text whose line numbers a mismatch names: for a trace
    // file the file itself, otherwise the prepared trace (its description
    // and a note say what the case is and checks).
    if (!s.source_file.empty() && s.spec->expected) {
      for (const TraceCase& tc : selection_.trace_cases) {
        if (&tc.spec == s.spec) {
          std::cout << tc.text;
          return 0;
        }
      }
    }
    std::cout << traces::FormatTrace(p.expected);
    return 0;
  }
  // A property has no transcript: it generates its scenarios.
  for (const std::string& id : selection_.property_ids) {
    if (id != o_.show) continue;
    std::string clauses;
    for (const std::string& clause : PropertyClauses(id)) clauses += (clauses.empty() ? "" : " ") + clause;
    std::cout << id << "\n    " << PropertyDescription(id) << "\n    checks " << clauses
              << "\n    a property: it generates its scenarios (no fixed transcript to show); run it with\n"
              << "    tools/bazel run //conformance -- --filter " << id << " --impl IMPL [--seed N]\n";
    return 0;
  }
  throw UsageError("--show " + o_.show + ": no selected case or property has this id (see --list)");
}

std::unique_ptr<Adapter> Suite::Make(const std::string& impl) const {
  AdapterOptions a;
  a.case_time_limit = std::chrono::milliseconds(o_.timeout_ms);
  a.memory_limit_mib = o_.memory_limit_mib;
  SetRunningImplementation(impl);
  try {
    if (impl.rfind("cmd:", 0) == 0) return MakeCommandAdapter(impl.substr(4), a);
    return MakeAdapter(impl, a, o_.python);
  } catch (const std::invalid_argument& e) {
    throw UsageError(std::string(impl.rfind("cmd:", 0) == 0 ? "--impl-cmd: " : "--impl: ") + e.what());
  }
}

// Every file and folder the run will write, checked before anything runs: a
// typo in a report path must not cost the whole run, nor make folders.
void CheckOutputPaths(const Options& o) {
  for (const auto& [option, path] : {std::pair<const char*, const std::string&>{"--json", o.json},
                                     {"--junit", o.junit},
                                     {"--results-md", o.results_md},
                                     {"--coverage-md", o.coverage_md}}) {
    if (path.empty()) continue;
    const std::string problem = base::FileWriteProblem(base::UserPath(path));
    if (!problem.empty()) throw UsageError(std::string(option) + " " + path + ": cannot write there: " + problem);
  }
  if (!o.counterexamples.empty()) {
    const std::string problem = base::DirectoryWriteProblem(base::UserPath(o.counterexamples));
    if (!problem.empty()) throw UsageError("--counterexamples " + o.counterexamples + ": cannot write there: " + problem);
  }
}

// --python: an interpreter that runs, for a python:FILE that is given (the
// other Python implementations name their own interpreter).
void CheckPython(const Options& o) {
  if (o.python.empty()) return;
  try {
    (void)PythonInterpreter(o.python);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  for (const std::string& impl : o.impls) {
    if (impl.rfind("python:", 0) == 0) return;
  }
  throw UsageError("--python " + o.python + ": no --impl python:FILE to run on it (cpython, medusa and cpython2.7 "
                   "name their own interpreter)");
}

void WriteFile(const std::string& shown, const std::string& text) {
  try {
    base::WriteFile(base::UserPath(shown), text);
  } catch (const std::runtime_error& e) {
    throw UsageError(e.what());
  }
}

// The clause -> cases matrix of the selected cases and properties (the whole
// suite unless filtered): printed, and with --coverage-md written as
// spec/COVERAGE.md is. Exit 1 if a citation is bad or a testable clause is
// cited by none of them.
int Suite::Coverage() const {
  std::vector<Citation> citations;
  for (const SelectedCase& s : selection_.cases) citations.push_back({s.spec->id, s.spec->clauses});
  for (const std::string& id : selection_.property_ids) citations.push_back({id, PropertyClauses(id)});
  const std::vector<spec::Clause>& clauses = spec::CheckedInClauses();
  const ClauseCoverage coverage = CheckClauseCoverage(clauses, citations);
  std::cout << CoverageText(clauses, coverage);
  if (!o_.coverage_md.empty()) WriteFile(o_.coverage_md, CoverageMarkdown(clauses, coverage, o_.command_line));
  return coverage.problems.empty() ? 0 : 1;
}

int Suite::Main() {
  if (o_.impls.empty()) o_.impls.push_back("reference");
  for (const std::string& impl : o_.impls) {
    // Checked before anything runs: an empty command (an unset CI variable)
    // must not silently leave the default implementation to be tested.
    if (impl.rfind("cmd:", 0) == 0 && impl.find_first_not_of(" \t\n", 4) == std::string::npos) {
      throw UsageError("--impl-cmd: the adapter command is empty");
    }
  }
  try {
    CheckLabels(o_.impls.size(), o_.labels);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  CheckOutputPaths(o_);
  CheckPython(o_);
  Collect();
  if (o_.version) return Version();
  if (o_.list) return List();
  if (o_.coverage || !o_.coverage_md.empty()) return Coverage();
  if (!o_.show.empty()) return Show();
  if (selection_.cases.empty() && selection_.property_ids.empty()) {
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
  // One that could not even load (a syntax error, no async_chat, a command
  // that exits) would fail every case the same way, or pass a run of only
  // properties: report it once, with the adapter's own words, and judge nothing.
  std::string cannot_start;
  for (std::size_t i = 0; i < adapters.size(); ++i) {
    const AdapterInfo& info = adapters[i]->info();
    if (info.protocol_version != 0) continue;
    if (!cannot_start.empty()) cannot_start += "\nconformance: ";
    cannot_start += "implementation " + o_.impls[i] + " could not be started: " +
                    (info.startup_error.empty() ? "the handshake failed" : info.startup_error);
    while (!cannot_start.empty() && cannot_start.back() == '\n') cannot_start.pop_back();
  }
  if (!cannot_start.empty()) throw CannotStart(cannot_start);

  RunOptions ro;
  ro.profile = o_.profile;
  ro.level = ParseLevel(o_.level);
  ro.effort = o_.effort;
  ro.seed = o_.seed;
  ro.expected_failures_file = o_.expected_failures;
  ro.counterexamples_dir = o_.counterexamples;
  ro.max_counterexamples = o_.max_counterexamples;
  ro.shrink_attempts = o_.shrink_attempts;
  ro.max_failures = o_.max_failures;
  ro.progress = [this](const std::string& line) { Progress(line); };
  SuiteRunner runner(selection_, ro);
  std::vector<AdapterInfo> infos;
  for (const std::unique_ptr<Adapter>& a : adapters) infos.push_back(a->info());
  const std::vector<RunName> names = NameRuns(o_.impls, infos, o_.labels);
  std::vector<ImplementationRun> runs;
  for (std::size_t i = 0; i < o_.impls.size(); ++i) {
    runs.push_back(runner.Run(o_.impls[i], names[i], *adapters[i], expected ? &*expected : nullptr));
    adapters[i].reset();  // ends an adapter process as soon as its run is done
    ConsoleOptions console;
    console.verbose = o_.verbose;
    PrintConsoleSummary(std::cout, runs.back(), console);
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
  return bad ? 1 : 0;
}

}  // namespace
}  // namespace conformance

int main(int argc, char** argv) {
  using conformance::Options;
  base::SetRunfilesArgv0(argv[0]);
  // Ctrl-C ends the adapter processes too, and says what was running.
  conformance::InstallInterruptHandler("conformance");
  Options o;
  CLI::App app{"Run the asynchat conformance suite against an implementation (see conformance/README.md)."};
  std::vector<std::string> impls;
  CLI::Option* impl = app.add_option("--impl", impls,
                                     "implementation under test: reference (default), reference-process, model, "
                                     "cpython, medusa, python:FILE; repeat to run several (side by side in "
                                     "--results-md)");
  std::vector<std::string> impl_cmds;
  CLI::Option* impl_cmd = app.add_option("--impl-cmd", impl_cmds,
                                         "an adapter command speaking conformance/PROTOCOL.md, run with /bin/sh -c "
                                         "(repeatable, like --impl)");
  app.add_option("--label", o.labels,
                 "what to call each implementation in the reports and its counterexample directory: one per --impl "
                 "and --impl-cmd, in their order (default: a name made from the --impl, unique in the run)");
  app.add_option("--level", o.level,
                 "documented: a failure only in what CPython 3.11 decides where the documents are silent (the exact "
                 "calls of a strict case citing a cpython-decided clause, or a case citing only such clauses) is "
                 "reported as a difference and does not fail the run; cpython: every expected record counts (for "
                 "CPython ports)")
      ->check(CLI::IsMember({"documented", "cpython"}))
      ->capture_default_str();
  app.add_option("--profile", o.profile, "run the strict cases, the semantic ones, or all")
      ->check(CLI::IsMember({"strict", "semantic", "all"}))
      ->capture_default_str();
  app.add_option("--filter", o.filters, "only case and property ids matching this glob (repeatable: any matches)");
  app.add_option("--exclude", o.excludes, "leave out case and property ids matching this glob (repeatable)");
  app.add_option("--tag", o.tags, "only cases carrying this tag (repeatable: all must be present); no properties");
  app.add_option("--exclude-tag", o.exclude_tags,
                 "leave out cases carrying this tag (repeatable: any leaves a case out); properties stay");
  app.add_flag("--version", o.version,
               "print the suite version, the driver protocol and trace format versions and the number of case ids");
  app.add_flag("--list", o.list, "list the selected cases (id, description, clauses, profile, capabilities, tags)");
  app.add_flag("--coverage", o.coverage,
               "print which spec/SPEC.md clauses the selected cases and properties cite; exit 1 if a testable clause "
               "has none or a citation is unknown");
  app.add_option("--coverage-md", o.coverage_md, "as --coverage, and write the matrix as markdown to FILE (spec/COVERAGE.md)");
  app.add_option("--show", o.show, "print the expected transcript of case ID as a trace: the text whose line numbers a mismatch names");
  app.add_option("--trace", o.trace_files, "run only these trace files as cases (expected: their own records)");
  app.add_option("--traces-dir", o.traces_dir, "where the checked-in traces are (default: the runfiles' traces/)");
  app.add_flag("--no-traces", o.no_traces, "do not run the checked-in traces as cases");
  app.add_option("--seed", o.seed, "seed of the property runs (default: random, printed; 1 with --results-md)")
      ->check(conformance::SeedValidator());
  app.add_option("--effort", o.effort, "property runs per property: quick 20, default 100, thorough 1000")
      ->check(CLI::IsMember({"quick", "default", "thorough"}))
      ->capture_default_str();
  app.add_flag("--no-properties", o.no_properties, "skip the RapidCheck properties");
  app.add_option("--timeout-ms", o.timeout_ms, "time limit per case for a process adapter, in milliseconds")
      ->check(CLI::Range(1, std::numeric_limits<int>::max()))
      ->capture_default_str();
  app.add_option("--memory-limit", o.memory_limit_mib,
                 "address space of each adapter process, in MiB; 0: no limit")
      ->check(base::WholeNumberUpTo(conformance::kMaxAdapterMemoryLimitMib, "a memory limit in MiB"))
      ->capture_default_str();
  CLI::Option* python = app.add_option(
      "--python", o.python, "the interpreter python:FILE runs on (a path, or a name on PATH; default /usr/bin/python3)");
  app.add_option("--expected-failures", o.expected_failures,
                 "file listing the case ids (or globs) known to fail, with '# why' (conformance/implementations/*/expected.txt)");
  app.add_option("--json", o.json, "write the full results as JSON to FILE");
  app.add_option("--junit", o.junit, "write JUnit XML to FILE");
  app.add_option("--results-md", o.results_md, "write the side-by-side RESULTS.md of all --impl to FILE");
  app.add_option("--counterexamples", o.counterexamples,
                 "write a minimal counterexample trace for every root cause (group of failing cases) under "
                 "DIR/<impl>/counterexamples/, as conformance/implementations/ keeps them (default: only root causes "
                 "with an unexpected failure, under a temporary directory printed in the summary)");
  app.add_option("--max-counterexamples", o.max_counterexamples,
                 "shrink at most this many root causes per implementation (default: 25, or all with --counterexamples)")
      ->check(CLI::Range(0, std::numeric_limits<int>::max()));
  app.add_option("--shrink-attempts", o.shrink_attempts, "at most this many runs of the implementation per shrink")
      ->check(CLI::Range(1, std::numeric_limits<int>::max()))
      ->capture_default_str();
  app.add_option("--max-failures", o.max_failures,
                 "stop running an implementation's cases after N unexpected failures (the rest and the properties are "
                 "not run; the run fails)")
      ->check(CLI::Range(1, std::numeric_limits<int>::max()));
  app.add_flag("-v,--verbose", o.verbose,
               "on the console, every unexpected failure in full and every expected failure and unsupported case "
               "(default: the first 3 failures in full, the others counted)");
  app.add_flag("-q,--quiet", o.quiet, "no progress lines on stderr");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  // The implementations in the order given (--label follows it). --impl-cmd
  // counts even when "": an empty command is bad usage, not "none".
  std::size_t next_impl = 0, next_cmd = 0;
  for (const CLI::Option* opt : app.parse_order()) {
    if (opt == impl && next_impl < impls.size()) o.impls.push_back(impls[next_impl++]);
    if (opt == impl_cmd && next_cmd < impl_cmds.size()) o.impls.push_back("cmd:" + impl_cmds[next_cmd++]);
  }
  // An unset variable in a CI script must not leave the default interpreter.
  if (python->count() > 0 && o.python.empty()) {
    std::cerr << "conformance: --python: the interpreter is empty\n";
    return 2;
  }
  o.command_line = "tools/bazel run //conformance --";
  for (int i = 1; i < argc; ++i) {
    // Progress output does not change the report; leave it out of the command it shows.
    if (std::string(argv[i]) == "-q" || std::string(argv[i]) == "--quiet") continue;
    o.command_line += " " + base::ShellQuote(argv[i]);
  }
  try {
    return conformance::Suite(std::move(o)).Main();
  } catch (const conformance::CannotStart& e) {
    // With the adapter's own stderr: no raw control bytes on the console.
    std::cerr << "conformance: " << traces::EscapeControlBytes(e.what()) << "\n";
    return 2;
  } catch (const conformance::UsageError& e) {
    std::cerr << "conformance: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "conformance: " << e.what() << "\n";
    return 2;
  }
}
