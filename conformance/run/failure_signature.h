// The root cause of a failing case, as far as its first mismatch tells: a
// signature that is the same for every case the same behaviour difference
// fails, and differs between genuinely different differences. Reports group
// failures by it (run_result.h FailureGroup) and the shrinker keeps it
// (counterexample.h), so a counterexample shows the failure it came from.
//
// A signature is made of the shape of the difference, never of the case's
// own bytes, channel ids or line numbers:
//   strict    the input before the first differing record (its verb; for
//             set_terminator and read the kind of terminator: int, str,
//             none or default), what was expected
//             there and what came instead, each an output record (its verb)
//             or no output (the next input, or the end). Where an expected
//             output is missing, also where the implementation produces that
//             verb later (after which input) or that it never does. Where
//             both are the same verb, the first argument that differs and
//             how (shorter, longer, smaller, larger, other).
//   semantic  for the first channel whose meaning differs: found_terminator
//             fewer or more, messages framed otherwise, bytes sent shorter,
//             longer or other, closed or not.
//   other verdicts (adapter-failure, case-error): the verdict and the first
//             line of its detail with numbers and quoted text blanked.
#ifndef ASYNCHAT_CONFORMANCE_RUN_FAILURE_SIGNATURE_H_
#define ASYNCHAT_CONFORMANCE_RUN_FAILURE_SIGNATURE_H_

#include <string>
#include <vector>

#include "conformance/run/verdict.h"
#include "traces/trace.h"

namespace conformance {

struct FailureSignature {
  std::string key;    // equal keys: the same root cause
  std::string title;  // one line for people, e.g. "after push: expected send, got no output (send comes after the next write)"

  bool operator==(const FailureSignature& o) const { return key == o.key; }
  bool operator!=(const FailureSignature& o) const { return key != o.key; }
};

// The signature of a transcript that differs from the expected one under
// `profile`. Transcripts that do not differ get key "none".
FailureSignature MismatchSignature(traces::Profile profile, const std::vector<traces::Record>& expected,
                                   const std::vector<traces::Record>& actual);

// The signature of a case's result: MismatchSignature for a fail (with the
// expected records the case was judged against), the verdict and its detail
// otherwise.
FailureSignature ResultSignature(Verdict verdict, const std::string& detail, traces::Profile profile,
                                 const std::vector<traces::Record>& expected,
                                 const std::vector<traces::Record>& actual);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_FAILURE_SIGNATURE_H_
