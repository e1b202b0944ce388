#include "traces/observables.h"

#include <utility>
#include <vector>

namespace traces {
namespace {

bool IsChat(const ChannelConfig& c) { return c.app.empty() && c.listener.empty(); }

}  // namespace

std::string Version2Name(const Record& r, const ChannelConfig& c) {
  const bool input = r.direction == Record::Direction::kInput;
  const std::string kind = input ? " input" : " output";
  if (!c.listener.empty() || !c.accepted_by.empty()) return "a record of a listener or accepted channel";
  if (!input) {
    if (r.verb == "handle_close" || r.verb == "log" || r.verb == "accepted") return r.verb + kind;
    if (IsChat(c) && (r.verb == "recv" || r.verb == "poll")) return r.verb + kind + " of an async_chat channel";
    return "";
  }
  if (r.verb == "poll" && IsChat(c)) return "poll input of an async_chat channel";
  if (r.verb == "accept") return "accept input";
  std::string verb = r.verb;
  std::vector<Arg> args = r.args;
  if (verb == "on" && !args.empty()) {
    if (args[0].text == "connect" || args[0].text == "handle_close") return "on " + args[0].text + " reaction";
    // on found_terminator N ACTION...: the action decides.
    if (args.size() < 3) return "";
    verb = args[2].text;
    args.assign(args.begin() + 3, args.end());
  }
  if (verb == "push_typed" && !args.empty() && (args[0].text == "int" || args[0].text == "none")) {
    return "push_typed " + args[0].text;
  }
  if (verb == "push_with_producer" && !args.empty() && args[0].kind == Arg::Kind::kBytes) {
    return "push_with_producer of a bytes object";
  }
  return "";
}

int VersionNeeded(const Record& r, const ChannelConfig& channel) {
  return Version2Name(r, channel).empty() ? 1 : 2;
}

int VersionNeeded(const ChannelConfig& channel) {
  return channel.listener.empty() && channel.accepted_by.empty() && channel.log.empty() ? 1 : 2;
}

namespace {

bool UnobservableAt(const Record& r, int version, const Trace& scenario) {
  const ChannelConfig* c = scenario.FindChannel(r.channel);
  return c && r.direction == Record::Direction::kOutput && VersionNeeded(r, *c) > version;
}

}  // namespace

std::vector<Record> ObservableAt(const std::vector<Record>& records, int version, const Trace& scenario) {
  if (version >= kFormatVersion) return records;
  std::vector<Record> out;
  out.reserve(records.size());
  for (const Record& r : records) {
    if (!UnobservableAt(r, version, scenario)) out.push_back(r);
  }
  return out;
}

std::vector<Record> ObservableAt(std::vector<Record>&& records, int version, const Trace& scenario) {
  if (version < kFormatVersion) {
    std::erase_if(records, [&](const Record& r) { return UnobservableAt(r, version, scenario); });
  }
  return std::move(records);
}

}  // namespace traces
