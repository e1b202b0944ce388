#include "conformance/in_process_adapter.h"

#include <functional>

#include "conformance/capabilities.h"
#include "conformance/model/chat_model.h"
#include "conformance/model_implementation.h"
#include "conformance/protocol_lines.h"
#include "conformance/reference_implementation.h"
#include "traces/reference_replay.h"

namespace conformance {
namespace {

using RunFn = std::function<std::vector<traces::Record>(const traces::Trace&)>;

// Runs whole scenarios by a function. A malformed scenario (traces::TraceError)
// is the caller's fault, not the implementation's: it propagates.
class InProcessAdapter : public Adapter {
 public:
  // Name and capabilities as the same implementation's adapter binary says
  // them in its hello, so both ways of running it look alike in a report.
  InProcessAdapter(const ServedImplementation& served, RunFn run) : run_(std::move(run)) {
    info_.protocol_version = kDriverProtocolVersion;
    info_.implementation = served.name;
    info_.capabilities = served.capabilities;
  }

  const AdapterInfo& info() const override { return info_; }

  CaseOutcome Run(const std::string& /*case_id*/, const traces::Trace& scenario) override {
    CaseOutcome outcome;
    if (std::string missing = MissingCapabilities(scenario, info_.capabilities); !missing.empty()) {
      outcome.status = CaseOutcome::Status::kUnsupported;
      outcome.detail = "the adapter does not declare the capabilities this case needs: " + missing;
      return outcome;
    }
    outcome.transcript = run_(scenario);
    return outcome;
  }

 private:
  AdapterInfo info_;
  RunFn run_;
};

}  // namespace

std::unique_ptr<Adapter> MakeReferenceAdapter() {
  return std::make_unique<InProcessAdapter>(ReferenceImplementation(), traces::ReplayOnReference);
}

std::unique_ptr<Adapter> MakeModelAdapter() { return std::make_unique<InProcessAdapter>(ModelImplementation(), RunModel); }

}  // namespace conformance
