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
// A run has an unexpected failure if any case or property is failed or
// adapter-failure.
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

namespace conformance {

enum class Outcome { kPassed, kFailed, kExpectedFail, kUnexpectedPass, kUnsupported, kAdapterFailure };

// "passed", "failed", "expected-fail", "unexpected-pass", "unsupported", "adapter-failure".
const char* OutcomeName(Outcome o);
Outcome OutcomeOf(Verdict v, bool listed);
bool IsUnexpectedFailure(Outcome o);

struct CaseReport {
  const Case* spec = nullptr;  // outlives the report
  CaseResult result;
  Outcome outcome = Outcome::kPassed;
  std::string expected_reason;      // listed: the list's reason (may be empty)
  std::string counterexample_path;  // written: the path as the user gave it
  int counterexample_inputs = 0;
  std::string replay_command;
};

struct PropertyReport {
  PropertyResult result;
  Outcome outcome = Outcome::kPassed;
  std::string expected_reason;
};

struct Totals {
  int passed = 0, failed = 0, expected_fail = 0, unexpected_pass = 0, unsupported = 0, adapter_failure = 0;
  void Add(Outcome o);
  int total() const { return passed + failed + expected_fail + unexpected_pass + unsupported + adapter_failure; }
  int unexpected() const { return failed + adapter_failure; }
};

struct ImplementationRun {
  std::string impl;   // as given: "reference", "cpython", "python:/abs/asynchat.py", "cmd:<command>"
  std::string label;  // column heading: "reference", "CPython 3.11", "medusa", ...
  AdapterInfo info;
  std::string profile = "all";
  std::string effort;
  std::uint64_t seed = 0;
  double seconds = 0;  // wall time of the cases and properties
  double case_seconds = 0;
  std::string counterexample_dir;  // as shown; empty if none written
  std::string expected_failures_file;
  std::vector<std::string> stale_expected;  // list entries that matched nothing
  std::vector<CaseReport> cases;
  std::vector<PropertyReport> properties;
};

// The area of a case id: its first segment ("terminator.string.x" -> "terminator").
std::string AreaOf(const std::string& id);

Totals TallyCases(const ImplementationRun& run);
Totals TallyProperties(const ImplementationRun& run);
std::map<std::string, Totals> TallyByArea(const ImplementationRun& run);
bool HasUnexpectedFailure(const ImplementationRun& run);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_RUN_RESULT_H_
