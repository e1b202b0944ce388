#include "conformance/driver/capabilities.h"

namespace conformance {
namespace {

void AddForAction(const std::string& verb, const std::vector<traces::Arg>& args, std::set<std::string>& caps) {
  if (verb == "set_terminator") {
    const std::string& kind = args.at(0).text;
    if (kind == "none") caps.insert("none_terminator");
    else if (kind == "str:") caps.insert("string_terminator");
    else caps.insert("int_terminator");
  } else if (verb == "push_with_producer") {
    caps.insert("producers");
  } else if (verb == "push_typed") {
    caps.insert("typed_push");
  } else if (verb == "close_when_done" || verb == "discard_buffers") {
    caps.insert(verb);
  }
}

}  // namespace

const std::set<std::string>& AllCapabilities() {
  static const std::set<std::string> all = {
      "string_terminator", "int_terminator",  "none_terminator", "buffer_sizes",
      "producers",         "reactions",       "close_when_done", "discard_buffers",
      "recv_errors",       "send_control",    "connect",         "typed_push",
      "asyncore_apps",
  };
  return all;
}

std::set<std::string> RequiredCapabilities(const traces::Trace& scenario) {
  std::set<std::string> caps;
  for (const traces::ChannelConfig& c : scenario.channels) {
    if (c.in_buffer || c.out_buffer) caps.insert("buffer_sizes");
    if (c.send_cap) caps.insert("send_control");
    if (!c.connected) caps.insert("connect");
    if (!c.app.empty()) caps.insert("asyncore_apps");
  }
  for (const traces::Record& r : scenario.records) {
    if (r.direction != traces::Record::Direction::kInput) continue;
    if (r.verb == "read") {
      const traces::Arg& a = r.args.at(0);
      if (a.kind == traces::Arg::Kind::kWord && (a.text == "wouldblock" || a.text == "error")) caps.insert("recv_errors");
    } else if (r.verb == "send_budget" || r.verb == "send_error") {
      caps.insert("send_control");
    } else if (r.verb == "poll") {
      caps.insert("asyncore_apps");  // an input of app= channels only
    } else if (r.verb == "producer") {
      caps.insert("producers");
    } else if (r.verb == "on") {
      caps.insert("reactions");
      AddForAction(r.args.at(2).text, std::vector<traces::Arg>(r.args.begin() + 3, r.args.end()), caps);
    } else {
      AddForAction(r.verb, r.args, caps);
    }
  }
  return caps;
}

std::string MissingCapabilities(const traces::Trace& scenario, const std::set<std::string>& have) {
  std::string missing;
  for (const std::string& c : RequiredCapabilities(scenario)) {
    if (have.count(c)) continue;
    if (!missing.empty()) missing += ' ';
    missing += c;
  }
  return missing;
}

}  // namespace conformance
