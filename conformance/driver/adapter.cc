#include "conformance/driver/adapter.h"

#include "conformance/driver/capabilities.h"
#include "conformance/driver/interrupt.h"

namespace conformance {

CaseOutcome Adapter::Run(const std::string& case_id, const traces::Trace& scenario) {
  SetRunningCase(case_id);
  if (info().protocol_version != 0) {
    if (std::string missing = MissingCapabilities(scenario, info().capabilities); !missing.empty()) {
      CaseOutcome outcome;
      outcome.status = CaseOutcome::Status::kUnsupported;
      outcome.detail = "the adapter does not declare the capabilities this case needs: " + missing;
      return outcome;
    }
  }
  return RunSupported(case_id, scenario);
}

}  // namespace conformance
