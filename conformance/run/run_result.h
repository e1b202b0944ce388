// The results of a conformance run (suite_runner.h makes them, every report
// renders them: console, JSON, JUnit, RESULTS.md): per implementation, each
// case's verdict judged against the expected-failure list, the properties,
// and the tallies.
//
// Outcomes (what a report counts), from a verdict and whether the case is
// listed as an expected failure:
//   passed            pass, not listed
//   failed            fail or case-error, not listed         (unexpected)
//   adapter-failure   adapter-failure, not listed            (unexpected)
//   expected-fail     fail, case-error or adapter-failure, listed
//   unexpected-pass   pass, listed (reported; the list is stale, the run is not failed)
//   unsupported       unsupported, listed or not (never a pass, never a failure)
//   differs           fail, not listed, judged at --level documented, and
//                     only a difference from CPython there (level.h): it
//                     does not fail the run; at --level cpython it is failed
// A run has an unexpected failure if any case or property is failed or
// adapter-failure.
//
// Failing cases (fail, case-error, adapter-failure; listed or not) are
// grouped by the signature of their first mismatch (failure_signature.h):
// one group per root cause, which the reports lead with, and one
// counterexample per group.
#ifndef ASYNCHAT_CONFORMANCE_RUN_RUN_RESULT_H_
#define ASYNCHAT_CONFORMANCE_RUN_RUN_RESULT_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "conformance/driver/adapter.h"
#include "conformance/run/case_runner.h"
#include "conformance/cases/case.h"
#include "conformance/properties/property_suite.h"
#include "conformance/run/failure_signature.h"
#include "conformance/run/level.h"

namespace conformance {

enum class Outcome { kPassed, kFailed, kExpectedFail, kUnexpectedPass, kUnsupported, kAdapterFailure, kDiffers };

// "passed", "failed", "expected-fail", "unexpected-pass", "unsupported", "adapter-failure", "differs".
const char* OutcomeName(Outcome o);
// `cpython_only`: a fail that level.h forgives at the run's level.
Outcome OutcomeOf(Verdict v, bool listed, bool cpython_only = false);
bool IsUnexpectedFailure(Outcome o);

struct CaseReport {
  const Case* spec = nullptr;  // outlives the report
  CaseResult result;
  Outcome outcome = Outcome::kPassed;
  std::string expected_reason;      // listed: the list's reason (may be empty)
  std::string counterexample_path;  // written: the path as the user gave it
  int counterexample_inputs = 0;
  std::string replay_command;
  FailureSignature signature;  // failing cases only
  int group = -1;              // failing cases: index into ImplementationRun::groups
  // A fail that --level documented forgives (level.h), whatever the run's
  // level: what RESULTS.md's documented-level column counts.
  bool cpython_only = false;
};

// Failing cases with one signature.
struct FailureGroup {
  FailureSignature signature;
  std::vector<std::size_t> cases;    // indices into ImplementationRun::cases, in run order
  int unexpected = 0;                // how many of them are unexpected failures
  int differs = 0;                   // how many only differ from CPython (Outcome::kDiffers)
  std::vector<std::string> clauses;  // cited by its cases, sorted, each once
  // The group's counterexample, when one was written (or a checked-in one
  // the group contains): the path as shown, its inputs, how to replay it.
  std::string counterexample_path;
  int counterexample_inputs = 0;
  std::string replay_command;
};

struct PropertyReport {
  PropertyResult result;
  Outcome outcome = Outcome::kPassed;
  bool cpython_only = false;  // as CaseReport's, judged on its counterexample
  std::string expected_reason;
  double seconds = 0;  // wall time of the property's runs
};

struct Totals {
  int passed = 0, failed = 0, expected_fail = 0, unexpected_pass = 0, unsupported = 0, adapter_failure = 0, differs = 0;
  void Add(Outcome o);
  int total() const {
    return passed + failed + expected_fail + unexpected_pass + unsupported + adapter_failure + differs;
  }
  int unexpected() const { return failed + adapter_failure; }
};

struct ImplementationRun {
  std::string impl;   // as given: "reference", "cpython", "python:/abs/asynchat.py", "cmd:<command>"
  std::string label;  // column heading: "reference", "CPython 3.11", "medusa", ...
  AdapterInfo info;
  std::string profile = "all";
  Level level = Level::kDocumented;
  std::string effort;
  std::uint64_t seed = 0;
  double seconds = 0;  // wall time of the cases and properties
  double case_seconds = 0;
  std::string counterexample_dir;  // as shown; empty if none written
  // Root causes left without a counterexample by the limit on how many are
  // shrunk (--max-counterexamples), and that limit.
  int root_causes_without_counterexample = 0;
  int counterexample_limit = 0;
  std::string expected_failures_file;
  std::vector<std::string> stale_expected;  // list entries that matched nothing
  std::vector<CaseReport> cases;
  std::vector<PropertyReport> properties;
  // Most unexpected failures first (then most cases, then first seen).
  std::vector<FailureGroup> groups;
  // --max-failures stopped the run: this many selected cases (and every
  // property) were not run.
  std::size_t cases_not_run = 0;
};

// The area of a case id: its first segment ("terminator.string.x" -> "terminator").
std::string AreaOf(const std::string& id);

Totals TallyCases(const ImplementationRun& run);
Totals TallyProperties(const ImplementationRun& run);
std::map<std::string, Totals> TallyByArea(const ImplementationRun& run);
bool HasUnexpectedFailure(const ImplementationRun& run);

// Groups the failing cases of `run` by their signature (CaseReport::signature,
// set beforehand): fills run.groups and each failing case's `group`.
void GroupFailures(ImplementationRun& run);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_RUN_RESULT_H_
