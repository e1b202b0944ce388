#include "fuzz/model_differential.h"

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <utility>
#include <vector>

#include "conformance/model/chat_model.h"
#include "reference/harness/reference_replay.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace fuzz {
namespace {

// Runs one side; a refusal becomes a message instead of a transcript.
template <class F>
std::optional<std::vector<traces::Record>> RunSide(F run, std::string* error) {
  try {
    return run();
  } catch (const traces::TraceError& e) {
    *error = e.what();
    return std::nullopt;
  }
}

}  // namespace

traces::Trace ExpectedTrace(const traces::Trace& scenario, const std::string& origin) {
  traces::Trace t = scenario;
  t.origin = origin;
  t.records = conformance::RunModel(scenario);
  return t;
}

std::optional<std::string> CompareWithModel(const traces::Trace& scenario) {
  std::string ref_error, model_error;
  auto ref = RunSide([&] { return harness::ReplayOnReference(scenario); }, &ref_error);
  auto model = RunSide([&] { return conformance::RunModel(scenario); }, &model_error);
  if (!ref || !model) {
    if (!ref && !model) return std::nullopt;  // both refuse: not a behaviour difference
    std::string report = "reference and model disagree on whether the scenario can run:\n";
    report += "  reference: " + (ref ? std::string("ran") : ref_error) + "\n";
    report += "  model:     " + (model ? std::string("ran") : model_error) + "\n";
    return report + "--- scenario ---\n" + traces::FormatTrace(scenario);
  }
  // The strict profile is record-for-record equality (CompareTranscript's
  // failure-record rule follows from it), so agreeing transcripts need no
  // Trace built around them: the common case, per fuzz input.
  if (std::equal(model->begin(), model->end(), ref->begin(), ref->end(),
                 [](const traces::Record& m, const traces::Record& r) { return m.SameAs(r); })) {
    return std::nullopt;
  }
  traces::Trace expected = scenario;
  expected.file = "<model>";
  expected.records = std::move(*model);
  auto mismatch = traces::CompareTranscript(expected, *ref, traces::Profile::kStrict);
  if (!mismatch) return std::nullopt;
  traces::Trace actual = scenario;
  actual.records = std::move(*ref);
  return "reference differs from the model (strict profile)\n" + mismatch->message +
         "\n--- model (expected) ---\n" + traces::FormatTrace(expected) + "--- reference (actual) ---\n" +
         traces::FormatTrace(actual);
}

void AbortOnModelDifference(const traces::Trace& scenario) {
  if (auto report = CompareWithModel(scenario)) {
    std::fprintf(stderr, "%s", report->c_str());
    std::abort();
  }
}

}  // namespace fuzz
