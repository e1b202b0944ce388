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

// Records only app channels have. (poll and recv were app-only in format 1;
// format 2 records them for async_chat channels too, observables.h.)
const std::set<std::string>& AppOnlyVerbs() {
  static const std::set<std::string> verbs = {"print"};
  return verbs;
}

// Format 2 listeners: a listening dispatcher takes pending connections,
// polls and closes, and reports what its accept did.
const std::set<std::string>& ListenerInputs() {
  static const std::set<std::string> verbs = {"accept", "poll", "close"};
  return verbs;
}
const std::set<std::string>& ListenerOutputs() {
  static const std::set<std::string> verbs = {"accepted", "poll", "error", "raise", "handle_close", "close", "log"};
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
  if (!c.listener.empty()) {
    if (input ? !ListenerInputs().count(r.verb) : !ListenerOutputs().count(r.verb)) {
      return r.verb + " is not " + (input ? "an input" : "an output") + " of a listener (channel " + c.id +
             " is declared listener=" + c.listener + ")";
    }
    return "";
  }
  if (r.verb == "accept" || r.verb == "accepted") {
    return r.verb + " belongs to listeners only (channel " + c.id + " is not declared listener=...)";
  }
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
