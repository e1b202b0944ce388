#include "traces/channel_apps.h"

#include <set>

namespace traces {
namespace {

const std::set<std::string>& AppInputs() {
  static const std::set<std::string> verbs = {"read", "write", "poll", "send_budget", "send_error"};
  return verbs;
}

// Outputs only async_chat produces (its callbacks and producers).
const std::set<std::string>& ChatOnlyOutputs() {
  static const std::set<std::string> verbs = {"collect", "found_terminator", "more"};
  return verbs;
}

// Outputs only app channels produce.
const std::set<std::string>& AppOnlyVerbs() {
  static const std::set<std::string> verbs = {"poll", "recv", "print"};
  return verbs;
}

}  // namespace

const std::vector<std::string>& AppNames() {
  static const std::vector<std::string> names = {kAsyncoreEchoHandler, kAsyncoreHttpClient};
  return names;
}

bool IsAppName(const std::string& name) {
  for (const std::string& n : AppNames()) {
    if (n == name) return true;
  }
  return false;
}

std::string AppConfigProblem(const ChannelConfig& c) {
  if (c.app.empty()) return "";
  const std::string app = "app=" + c.app;
  if (c.in_buffer || c.out_buffer) {
    return std::string(c.in_buffer ? "in_buffer" : "out_buffer") + " does not apply to " + app +
           " (it is an async_chat setting; the application reads with recv(" + std::to_string(kAppRecvSize) + "))";
  }
  if (c.app == kAsyncoreHttpClient && c.connected) {
    return app + " connects in its constructor: declare it connected=0";
  }
  if (c.app == kAsyncoreEchoHandler && !c.connected) {
    return app + " is made from an accepted, connected socket: connected=0 does not apply";
  }
  return "";
}

std::string AppRecordProblem(const ChannelConfig& c, const Record& r) {
  const bool input = r.direction == Record::Direction::kInput;
  if (c.app.empty()) {
    if (AppOnlyVerbs().count(r.verb)) {
      return r.verb + " is " + (input ? "an input" : "an output") + " of app= channels only (channel " + c.id +
             " is an async_chat)";
    }
    return "";
  }
  const std::string app = "app=" + c.app;
  if (input && !AppInputs().count(r.verb)) {
    return r.verb + " is not an input of an " + app +
           " channel (its inputs are read, write, poll, send_budget, send_error)";
  }
  if (!input && ChatOnlyOutputs().count(r.verb)) return r.verb + " is not an output of an " + app + " channel";
  if (!input && r.verb == "print" && c.app != kAsyncoreHttpClient) {
    return "print is an output of app=" + std::string(kAsyncoreHttpClient) + " only";
  }
  return "";
}

}  // namespace traces
