#include "conformance/driver/capabilities.h"

#include <algorithm>
#include <map>

namespace conformance {
namespace {

void AddForAction(const std::string& verb, const std::vector<traces::Arg>& args, std::set<std::string>& caps) {
  if (verb == "set_terminator") {
    const std::string& kind = args.at(0).text;
    if (kind == "none") caps.insert("none_terminator");
    else if (kind == "str:") caps.insert("string_terminator");
    else caps.insert("int_terminator");
  } else if (verb == "push_with_producer") {
    caps.insert(!args.empty() && args[0].kind == traces::Arg::Kind::kBytes ? "bytes_producer" : "producers");
  } else if (verb == "push_typed") {
    const bool object = !args.empty() && (args[0].text == "int" || args[0].text == "none");
    caps.insert(object ? "push_objects" : "typed_push");
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
      // protocol 2
      "chat_poll", "connect_reactions", "close_reactions", "listeners", "push_objects", "bytes_producer",
      "logging",
  };
  return all;
}

int CapabilityVersion(const std::string& capability) {
  static const std::set<std::string> second = {"chat_poll",    "connect_reactions", "close_reactions", "listeners",
                                               "push_objects", "bytes_producer",    "logging"};
  return second.count(capability) ? 2 : 1;
}

std::set<std::string> RequiredCapabilities(const traces::Trace& scenario) {
  std::set<std::string> caps;
  for (const traces::ChannelConfig& c : scenario.channels) {
    if (c.in_buffer || c.out_buffer) caps.insert("buffer_sizes");
    if (c.send_cap) caps.insert("send_control");
    if (!c.connected) caps.insert("connect");
    if (!c.app.empty()) caps.insert("asyncore_apps");
    if (!c.listener.empty() || !c.accepted_by.empty()) caps.insert("listeners");
    if (!c.log.empty()) caps.insert("logging");
  }
  for (const traces::Record& r : scenario.records) {
    if (r.direction != traces::Record::Direction::kInput) continue;
    if (r.verb == "read") {
      const traces::Arg& a = r.args.at(0);
      if (a.kind == traces::Arg::Kind::kWord && (a.text == "wouldblock" || a.text == "error")) caps.insert("recv_errors");
    } else if (r.verb == "send_budget" || r.verb == "send_error") {
      caps.insert("send_control");
    } else if (r.verb == "poll") {
      const traces::ChannelConfig* c = scenario.FindChannel(r.channel);
      if (c && !c->app.empty()) caps.insert("asyncore_apps");
      else if (c && !c->listener.empty()) caps.insert("listeners");
      else caps.insert("chat_poll");
    } else if (r.verb == "accept") {
      caps.insert("listeners");
    } else if (r.verb == "producer") {
      caps.insert("producers");
    } else if (r.verb == "on") {
      const std::string& when = r.args.at(0).text;
      const std::size_t action = when == "found_terminator" ? 2 : 1;
      caps.insert(when == "found_terminator" ? "reactions"
                  : when == "connect"        ? "connect_reactions"
                                             : "close_reactions");
      AddForAction(r.args.at(action).text, std::vector<traces::Arg>(r.args.begin() + action + 1, r.args.end()),
                   caps);
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

std::size_t EffectiveInBuffer(const traces::ChannelConfig& channel, std::optional<std::size_t> declared,
                              bool sizes_settable) {
  constexpr std::size_t kDocumentedDefault = 4096;  // spec: the documented ac_in_buffer_size
  if (sizes_settable && channel.in_buffer) return *channel.in_buffer;
  return declared.value_or(kDocumentedDefault);
}

std::string OversizedRead(const traces::Trace& scenario, std::optional<std::size_t> declared_in_buffer,
                          bool sizes_settable) {
  std::map<std::string, std::size_t> largest;
  for (const traces::Record& r : scenario.records) {
    if (r.direction != traces::Record::Direction::kInput || r.verb != "read" || r.args.empty()) continue;
    if (r.args[0].kind != traces::Arg::Kind::kBytes) continue;
    std::size_t& n = largest[r.channel];
    n = std::max(n, r.args[0].text.size());
  }
  for (const traces::ChannelConfig& c : scenario.channels) {
    if (!c.app.empty() || !largest.count(c.id)) continue;
    const std::size_t limit = EffectiveInBuffer(c, declared_in_buffer, sizes_settable);
    if (largest[c.id] > limit) {
      return "reads " + std::to_string(largest[c.id]) + " bytes at once on channel " + c.id +
             "; the implementation's in_buffer is " + std::to_string(limit);
    }
  }
  return "";
}

}  // namespace conformance
