#include "conformance/driver/adapter.h"

#include "conformance/driver/capabilities.h"
#include "conformance/driver/interrupt.h"

namespace conformance {

traces::Trace WithoutDeclaredSizes(const traces::Trace& scenario, const AdapterInfo& info) {
  if (info.capabilities.count("buffer_sizes")) return scenario;
  traces::Trace t = scenario;
  for (traces::ChannelConfig& c : t.channels) {
    if (!c.app.empty()) continue;
    if (c.in_buffer && c.in_buffer == info.in_buffer) c.in_buffer.reset();
    if (c.out_buffer && c.out_buffer == info.out_buffer) c.out_buffer.reset();
  }
  return t;
}

CaseOutcome Adapter::Run(const std::string& case_id, const traces::Trace& given) {
  SetRunningCase(case_id);
  const traces::Trace scenario = WithoutDeclaredSizes(given, info());
  if (info().protocol_version != 0) {
    if (std::string missing = MissingCapabilities(scenario, info().capabilities); !missing.empty()) {
      CaseOutcome outcome;
      outcome.status = CaseOutcome::Status::kUnsupported;
      outcome.detail = "the adapter does not declare the capabilities this case needs: " + missing;
      return outcome;
    }
    // Only where the adapter declared its sizes: without a declaration the
    // suite assumes the documented defaults, which every case fits.
    if (info().in_buffer) {
      const bool settable = info().capabilities.count("buffer_sizes") > 0;
      if (std::string oversized = OversizedRead(scenario, info().in_buffer, settable); !oversized.empty()) {
        CaseOutcome outcome;
        outcome.status = CaseOutcome::Status::kUnsupported;
        outcome.detail = oversized;
        return outcome;
      }
    }
  }
  return RunSupported(case_id, scenario);
}

}  // namespace conformance
