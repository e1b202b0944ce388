#include "conformance/driver/adapter.h"

#include "conformance/driver/capabilities.h"
#include "conformance/driver/interrupt.h"
#include "traces/observables.h"

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
    if (scenario.version > info().protocol_version) {
      // A version-2 trace compares version-2 outputs (handle_close, recv,
      // log): a version-1 adapter cannot report them, so it cannot pass or
      // fail such a case.
      CaseOutcome outcome;
      outcome.status = CaseOutcome::Status::kUnsupported;
      outcome.detail = "the case is a trace of format " + std::to_string(scenario.version) +
                       " (it compares handle_close, recv and log records); the adapter speaks driver protocol " +
                       std::to_string(info().protocol_version);
      return outcome;
    }
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
  // An implementation reports every observable of its protocol version; a
  // version-1 trace is compared with what version 1 records.
  CaseOutcome outcome = RunSupported(case_id, scenario);
  outcome.transcript = traces::ObservableAt(outcome.transcript, scenario.version, scenario);
  return outcome;
}

}  // namespace conformance
