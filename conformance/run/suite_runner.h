// Running a selection (selection.h) on one implementation: every case, its
// failures grouped by root cause (run_result.h), a minimal counterexample per
// group, then the properties, judged against an expected-failures list. The result (run_result.h) is what the
// reports render. Nothing here throws for what an implementation does.
#ifndef ASYNCHAT_CONFORMANCE_RUN_SUITE_RUNNER_H_
#define ASYNCHAT_CONFORMANCE_RUN_SUITE_RUNNER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "conformance/driver/adapter.h"
#include "conformance/run/case_runner.h"
#include "conformance/run/expected_failures.h"
#include "conformance/run/run_result.h"
#include "conformance/run/selection.h"

namespace conformance {

struct RunOptions {
  std::string profile = "all";     // recorded in the result
  // How a failing case counts (level.h): at kDocumented a failure only
  // where CPython decides is Outcome::kDiffers and does not fail the run.
  Level level = Level::kDocumented;
  std::string effort = "default";  // property runs: quick 20, default 100, thorough 1000
  std::uint64_t seed = 1;          // of the properties
  std::string expected_failures_file;  // as the user gave it, for the reports
  // --counterexamples DIR as the user gave it: one counterexample per group
  // of failures (the smallest case of the group, shrunk) is written under
  // DIR/<impl>/counterexamples/. Empty: only for groups with an unexpected
  // failure, under a temporary directory (removed again if nothing is
  // written there).
  std::string counterexamples_dir;
  int max_counterexamples = -1;  // groups; -1: 25 without counterexamples_dir, all with it
  // Stop running cases once this many failed unexpectedly (the rest, and the
  // properties, are not run; the run still fails). 0: run everything.
  int max_failures = 0;
  int shrink_attempts = 2000;
  std::function<void(const std::string&)> progress;  // one line at a time; may be empty
};

// Property runs per property for an effort name.
int RunsFor(const std::string& effort);

// A short column heading for an implementation ("CPython 3.11", "medusa").
std::string Label(const std::string& impl, const AdapterInfo& info);

// What one implementation of a run is called, both unique within the run:
// its label (the column heading of RESULTS.md, the JSON "label", the JUnit
// suite name where its --impl is not enough) and its slug (the directory
// DIR/<slug>/counterexamples/ of its counterexamples).
struct RunName {
  std::string label;
  std::string slug;
};

// Throws std::invalid_argument (naming --label) unless `labels` is empty or
// has one label per implementation, none blank and none twice.
void CheckLabels(std::size_t implementations, const std::vector<std::string>& labels);

// The names of the implementations of one run (`impls` as given to --impl,
// "cmd:<command>" for --impl-cmd; `infos` their handshakes). With `labels`
// (--label, one per implementation, CheckLabels) those are the labels and
// their slugs are made of them; otherwise the labels are Label()'s and the
// slugs "cpython", "medusa", "python-<stem>", "command"... as
// conformance/implementations/ keeps them. Where two would be the same, a
// python:FILE is told by its parent folder ("python:a/x.py", "python-a-x"),
// and what is still the same is numbered ("command #1", "command-1").
std::vector<RunName> NameRuns(const std::vector<std::string>& impls, const std::vector<AdapterInfo>& infos,
                              const std::vector<std::string>& labels = {});

class SuiteRunner {
 public:
  // Works out every case's expected transcript once, for all implementations.
  SuiteRunner(const Selection& selection, RunOptions options);
  ~SuiteRunner();  // removes an unused temporary counterexample directory

  SuiteRunner(const SuiteRunner&) = delete;
  SuiteRunner& operator=(const SuiteRunner&) = delete;

  // `impl` as given to --impl ("cmd:<command>" for --impl-cmd), `name` its
  // label and slug (NameRuns: unique among the implementations this runner
  // runs); `expected` may be null.
  ImplementationRun Run(const std::string& impl, const RunName& name, Adapter& adapter,
                        const ExpectedFailures* expected);

 private:
  void WriteCounterexamples(Adapter& adapter, ImplementationRun& run);
  void RunProperties(Adapter& adapter, ImplementationRun& run, const ExpectedFailures* expected);
  std::string CounterexampleDir(bool& explicit_dir);  // of the implementation running (slug_)
  void Progress(const std::string& line) const;

  const Selection& selection_;
  RunOptions o_;
  std::vector<PreparedCase> prepared_;
  std::string temp_dir_;  // created on first use when no counterexamples_dir
  std::vector<std::string> slugs_;  // of the implementations run, for the clean-up
  std::string slug_;                // of the implementation running
};

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_SUITE_RUNNER_H_
