// What the C++ side of the driver protocol (driver_server.h) serves: an
// implementation's name and capabilities (its hello) and, per case, a fresh
// session that runs one input at a time and returns the outputs it caused.
// Adapter binaries pick one (reference_implementation.h,
// model_implementation.h); a test can serve a fake.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_DRIVER_SESSION_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_DRIVER_SESSION_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace conformance {

// One case's channels and state. Both calls may throw traces::TraceError for
// a scenario no implementation could be given (e.g. a read longer than
// in_buffer); the server answers that with `fatal`.
class DriverSession {
 public:
  virtual ~DriverSession() = default;
  virtual void AddChannel(const traces::ChannelConfig& config) = 0;
  virtual std::vector<traces::Record> Feed(const traces::Record& input) = 0;
};

struct ServedImplementation {
  std::string name;  // one line, sent in hello
  std::set<std::string> capabilities;
  // Buffer sizes declared in hello (`in_buffer=N`), for an implementation
  // whose sizes are not the documented 4096.
  std::optional<std::size_t> in_buffer;
  std::optional<std::size_t> out_buffer;
  // A fresh session for case `case_id` (the id names it in error messages).
  std::function<std::unique_ptr<DriverSession>(const std::string& case_id)> start_case;
};

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_DRIVER_SESSION_H_
