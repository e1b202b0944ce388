// The one vocabulary of results: what the suite concludes about one case or
// one property on one implementation.
//   pass             the implementation did what is expected;
//   fail             it did not; the first difference says where;
//   unsupported      not run: the adapter lacks a capability the case needs,
//                    or refused a line;
//   adapter-failure  the adapter crashed, hung past the time limit or spoke
//                    garbage;
//   case-error       the suite's own fault (the model rejected a scenario the
//                    suite made); never the implementation's, never a pass.
// Expected failures (expected_failures.h) do not change a verdict; the
// reports set the two side by side.
#ifndef ASYNCHAT_CONFORMANCE_RUN_VERDICT_H_
#define ASYNCHAT_CONFORMANCE_RUN_VERDICT_H_

namespace conformance {

enum class Verdict { kPass, kFail, kUnsupported, kAdapterFailure, kCaseError };

// "pass", "fail", "unsupported", "adapter-failure", "case-error".
const char* VerdictName(Verdict v);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_VERDICT_H_
