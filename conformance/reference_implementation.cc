#include "conformance/reference_implementation.h"

#include "conformance/capabilities.h"
#include "traces/reference_session.h"

namespace conformance {
namespace {

class ReferenceDriverSession : public DriverSession {
 public:
  explicit ReferenceDriverSession(const std::string& case_id) : session_("case \"" + case_id + "\"") {}
  void AddChannel(const traces::ChannelConfig& config) override { session_.AddChannel(config); }
  std::vector<traces::Record> Feed(const traces::Record& input) override { return session_.Feed(input); }

 private:
  traces::ReferenceSession session_;
};

}  // namespace

ServedImplementation ReferenceImplementation() {
  ServedImplementation impl;
  impl.name = "asynchat-conformance C++ reference";
  impl.capabilities = AllCapabilities();
  impl.capabilities.erase("typed_push");
  impl.start_case = [](const std::string& case_id) { return std::make_unique<ReferenceDriverSession>(case_id); };
  return impl;
}

}  // namespace conformance
