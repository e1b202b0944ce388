#include "conformance/model/model_implementation.h"

#include <stdexcept>

#include "conformance/driver/capabilities.h"
#include "conformance/model/chat_model.h"

namespace conformance {
namespace {

class ModelDriverSession : public DriverSession {
 public:
  // Every observable of the newest format: the server leaves out what an
  // older session does not record (driver_server.h).
  explicit ModelDriverSession(const std::string& case_id) {
    scenario_.file = "case \"" + case_id + "\"";
    scenario_.version = traces::kFormatVersion;
  }

  void AddChannel(const traces::ChannelConfig& config) override { scenario_.channels.push_back(config); }

  std::vector<traces::Record> Feed(const traces::Record& input) override {
    scenario_.records.push_back(input);
    std::vector<traces::Record> transcript;
    try {
      transcript = RunModel(scenario_);
    } catch (...) {
      scenario_.records.pop_back();  // the case goes on without the input the model refused
      throw;
    }
    // The outputs after the last input are the ones it caused.
    std::size_t last_input = transcript.size();
    for (std::size_t i = transcript.size(); i-- > 0;) {
      if (transcript[i].direction == traces::Record::Direction::kInput) {
        last_input = i;
        break;
      }
    }
    if (last_input == transcript.size() || !transcript[last_input].SameAs(input)) {
      throw std::logic_error("the model's transcript does not end with the input just fed");
    }
    return std::vector<traces::Record>(transcript.begin() + last_input + 1, transcript.end());
  }

 private:
  traces::Trace scenario_;
};

}  // namespace

ServedImplementation ModelImplementation() {
  ServedImplementation impl;
  impl.name = "asynchat-conformance executable model (the documents; CPython 3.11 where they are silent)";
  impl.capabilities = AllCapabilities();
  impl.capabilities.erase("asyncore_apps");  // the model is of async_chat only
  impl.start_case = [](const std::string& case_id) { return std::make_unique<ModelDriverSession>(case_id); };
  return impl;
}

}  // namespace conformance
