#include "reference/harness/reference_implementation.h"

#include "conformance/driver/capabilities.h"
#include "reference/harness/reference_session.h"

namespace harness {
namespace {

class ReferenceDriverSession : public conformance::DriverSession {
 public:
  explicit ReferenceDriverSession(const std::string& case_id) : session_("case \"" + case_id + "\"") {}
  void AddChannel(const traces::ChannelConfig& config) override { session_.AddChannel(config); }
  std::vector<traces::Record> Feed(const traces::Record& input) override { return session_.Feed(input); }

 private:
  ReferenceSession session_;
};

}  // namespace

conformance::ServedImplementation ReferenceImplementation() {
  conformance::ServedImplementation impl;
  impl.name = "asynchat-conformance C++ reference";
  impl.capabilities = conformance::AllCapabilities();
  // push() of anything but bytes does not compile in C++ (async_chat.h).
  impl.capabilities.erase("typed_push");
  impl.capabilities.erase("push_objects");
  impl.start_case = [](const std::string& case_id) { return std::make_unique<ReferenceDriverSession>(case_id); };
  return impl;
}

}  // namespace harness
