#include "conformance/properties/rapidcheck_runner.h"

#include <iostream>
#include <optional>
#include <sstream>

#include <rapidcheck.h>

#include "conformance/properties/counterexample_writer.h"

namespace conformance::properties {
namespace {

// RapidCheck reports through a listener; this one keeps quiet.
class SilentListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool accepted) override { shrinks += accepted ? 1 : 0; }
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
  int shrinks = 0;
};

// RapidCheck still writes to std::cerr (e.g. "Using configuration: ..." on
// first use); route both standard streams into a buffer while it runs.
class CaptureStdStreams {
 public:
  CaptureStdStreams() : old_out_(std::cout.rdbuf(buffer_.rdbuf())), old_err_(std::cerr.rdbuf(buffer_.rdbuf())) {}
  ~CaptureStdStreams() {
    std::cout.rdbuf(old_out_);
    std::cerr.rdbuf(old_err_);
  }
  CaptureStdStreams(const CaptureStdStreams&) = delete;
  CaptureStdStreams& operator=(const CaptureStdStreams&) = delete;

 private:
  std::ostringstream buffer_;
  std::streambuf* old_out_;
  std::streambuf* old_err_;
};

}  // namespace

PropertyResult RunRapidCheck(const PropertyContext& ctx, const std::function<GeneratedCase()>& body,
                             const ScenarioCheck& check) {
  PropertyResult result;
  int cases = 0;
  std::optional<CheckResult> abort;
  std::optional<GeneratedCase> last_failure;
  auto property = [&] {
    if (abort) return;  // stopped: pass quickly through the remaining cases
    GeneratedCase c = body();
    ++cases;
    if (c.verdict.verdict == Verdict::kPass) return;
    if (c.verdict.verdict != Verdict::kFail) {
      abort = std::move(c.verdict);
      return;
    }
    std::string detail = c.verdict.headline + "\n" + c.verdict.detail;
    // RapidCheck shrinks from here; the last failing case it evaluates is
    // the minimal one (every later try passed).
    last_failure = std::move(c);
    RC_FAIL(detail);
  };

  rc::detail::TestParams params;
  params.seed = ctx.seed;
  params.maxSuccess = ctx.options.runs;
  params.maxSize = kMaxSize;
  params.maxDiscardRatio = 10;
  rc::detail::TestMetadata metadata;
  metadata.id = ctx.id;
  metadata.description = ctx.description;
  SilentListener listener;
  const rc::detail::TestResult outcome = [&] {
    CaptureStdStreams capture;
    return rc::detail::checkProperty(rc::detail::toProperty(property), metadata, params, listener);
  }();

  if (abort) {
    result.runs = cases;
    ReportAbort(*abort, result);
    return result;
  }
  rc::detail::SuccessResult success;
  rc::detail::FailureResult failure;
  rc::detail::GaveUpResult gave_up;
  rc::detail::Error error;
  if (outcome.match(success)) {
    result.verdict = Verdict::kPass;
    result.runs = success.numSuccess;
  } else if (outcome.match(failure)) {
    result.runs = failure.numSuccess + 1;
    if (!last_failure) {
      // Something other than a verdict failed the case: an exception the
      // suite did not expect. Report RapidCheck's own account.
      result.verdict = Verdict::kFail;
      result.detail = "suite error (not the implementation's fault): " + failure.description;
      return result;
    }
    ReportFailure(ctx, *last_failure, check,
                  "falsified after " + std::to_string(failure.numSuccess) + " passing case(s), seed " +
                      std::to_string(ctx.seed) + "; RapidCheck shrink steps: " + std::to_string(listener.shrinks),
                  result);
  } else if (outcome.match(gave_up)) {
    result.runs = gave_up.numSuccess;
    result.verdict = Verdict::kFail;
    result.detail = "suite error: RapidCheck gave up (generators discard too much): " + gave_up.description;
  } else {
    outcome.match(error);
    result.verdict = Verdict::kFail;
    result.detail = "suite error: RapidCheck: " + error.description;
  }
  return result;
}

}  // namespace conformance::properties
