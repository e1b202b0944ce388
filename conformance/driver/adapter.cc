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

std::optional<CaseOutcome> Adapter::Refusal(const traces::Trace& scenario) const {
  if (info().protocol_version == 0) return std::nullopt;
  CaseOutcome outcome;
  outcome.status = CaseOutcome::Status::kUnsupported;
  if (scenario.version > info().protocol_version) {
    // A version-2 trace compares version-2 outputs (handle_close, recv,
    // log): a version-1 adapter cannot report them, so it cannot pass or
    // fail such a case.
    outcome.detail = "the case is a trace of format " + std::to_string(scenario.version) +
                     " (it compares handle_close, recv and log records); the adapter speaks driver protocol " +
                     std::to_string(info().protocol_version);
    return outcome;
  }
  if (std::string missing = MissingCapabilities(scenario, info().capabilities); !missing.empty()) {
    outcome.detail = "the adapter does not declare the capabilities this case needs: " + missing;
    return outcome;
  }
  // Only where the adapter declared its sizes: without a declaration the
  // suite assumes the documented defaults, which every case fits.
  if (info().in_buffer) {
    const bool settable = info().capabilities.count("buffer_sizes") > 0;
    if (std::string oversized = OversizedRead(scenario, info().in_buffer, settable); !oversized.empty()) {
      outcome.detail = oversized;
      return outcome;
    }
  }
  return std::nullopt;
}

CaseOutcome Adapter::Run(const std::string& case_id, const traces::Trace& given) {
  SetRunningCase(case_id);
  const traces::Trace scenario = WithoutDeclaredSizes(given, info());
  if (std::optional<CaseOutcome> refused = Refusal(scenario)) return *refused;
  // An implementation reports every observable of its protocol version; a
  // version-1 trace is compared with what version 1 records.
  CaseOutcome outcome = RunSupported(case_id, scenario);
  outcome.transcript = traces::ObservableAt(outcome.transcript, scenario.version, scenario);
  return outcome;
}

std::vector<CaseOutcome> Adapter::RunBatch(const std::string& case_id, const std::vector<traces::Trace>& given) {
  SetRunningCase(case_id);
  std::vector<traces::Trace> scenarios;
  scenarios.reserve(given.size());
  for (const traces::Trace& g : given) scenarios.push_back(WithoutDeclaredSizes(g, info()));
  std::vector<CaseOutcome> outcomes(scenarios.size());
  std::vector<std::size_t> supported;
  std::vector<const traces::Trace*> to_run;
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (std::optional<CaseOutcome> refused = Refusal(scenarios[i])) {
      outcomes[i] = std::move(*refused);
    } else {
      supported.push_back(i);
      to_run.push_back(&scenarios[i]);
    }
  }
  std::vector<CaseOutcome> ran = to_run.empty() ? std::vector<CaseOutcome>{} : RunSupportedBatch(case_id, to_run);
  for (std::size_t k = 0; k < supported.size(); ++k) {
    const traces::Trace& scenario = scenarios[supported[k]];
    ran[k].transcript = traces::ObservableAt(ran[k].transcript, scenario.version, scenario);
    outcomes[supported[k]] = std::move(ran[k]);
  }
  return outcomes;
}

std::vector<CaseOutcome> Adapter::RunSupportedBatch(const std::string& case_id,
                                                    const std::vector<const traces::Trace*>& scenarios) {
  std::vector<CaseOutcome> outcomes;
  outcomes.reserve(scenarios.size());
  for (const traces::Trace* s : scenarios) outcomes.push_back(RunSupported(case_id, *s));
  return outcomes;
}

}  // namespace conformance
