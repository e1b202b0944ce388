#include "conformance/driver/in_process_adapter.h"

#include "conformance/driver/protocol_lines.h"

namespace conformance {
namespace {

class InProcessAdapter : public Adapter {
 public:
  InProcessAdapter(const ServedImplementation& served, ScenarioRunner run) : run_(std::move(run)) {
    info_.protocol_version = kDriverProtocolVersion;
    info_.implementation = served.name;
    info_.capabilities = served.capabilities;
  }

  const AdapterInfo& info() const override { return info_; }

 protected:
  CaseOutcome RunSupported(const std::string& /*case_id*/, const traces::Trace& scenario) override {
    CaseOutcome outcome;
    outcome.transcript = run_(scenario);
    return outcome;
  }

 private:
  AdapterInfo info_;
  ScenarioRunner run_;
};

}  // namespace

std::unique_ptr<Adapter> MakeInProcessAdapter(const ServedImplementation& served, ScenarioRunner run) {
  return std::make_unique<InProcessAdapter>(served, std::move(run));
}

}  // namespace conformance
