#include "conformance/run/verdict.h"

namespace conformance {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "pass";
    case Verdict::kFail: return "fail";
    case Verdict::kUnsupported: return "unsupported";
    case Verdict::kAdapterFailure: return "adapter-failure";
    case Verdict::kCaseError: return "case-error";
  }
  return "?";
}

}  // namespace conformance
