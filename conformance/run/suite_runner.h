// Running a selection (selection.h) on one implementation: every case, then
// the minimal counterexamples of its failures, then the properties, judged
// against an expected-failures list. The result (run_result.h) is what the
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
  std::string effort = "default";  // property runs: quick 20, default 100, thorough 1000
  std::uint64_t seed = 1;          // of the properties
  std::string expected_failures_file;  // as the user gave it, for the reports
  // --counterexamples DIR as the user gave it: every failure is shrunk and
  // written under DIR/<impl>/counterexamples/. Empty: only unexpected
  // failures, under a temporary directory (removed again if nothing is
  // written there).
  std::string counterexamples_dir;
  int max_counterexamples = -1;  // -1: 25 without counterexamples_dir, all with it
  int shrink_attempts = 2000;
  std::function<void(const std::string&)> progress;  // one line at a time; may be empty
};

// Property runs per property for an effort name.
int RunsFor(const std::string& effort);

// A short column heading for an implementation ("CPython 3.11", "medusa").
std::string Label(const std::string& impl, const AdapterInfo& info);

class SuiteRunner {
 public:
  // Works out every case's expected transcript once, for all implementations.
  SuiteRunner(const Selection& selection, RunOptions options);
  ~SuiteRunner();  // removes an unused temporary counterexample directory

  SuiteRunner(const SuiteRunner&) = delete;
  SuiteRunner& operator=(const SuiteRunner&) = delete;

  // `impl` as given to --impl ("cmd:<command>" for --impl-cmd); `expected`
  // may be null.
  ImplementationRun Run(const std::string& impl, Adapter& adapter, const ExpectedFailures* expected);

 private:
  void WriteCounterexamples(Adapter& adapter, ImplementationRun& run);
  void RunProperties(Adapter& adapter, ImplementationRun& run, const ExpectedFailures* expected);
  std::string CounterexampleDir(const std::string& impl, bool& explicit_dir);
  void Progress(const std::string& line) const;

  const Selection& selection_;
  RunOptions o_;
  std::vector<PreparedCase> prepared_;
  std::string temp_dir_;  // created on first use when no counterexamples_dir
  std::vector<std::string> slugs_;  // of the implementations run, for the clean-up
};

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_SUITE_RUNNER_H_
