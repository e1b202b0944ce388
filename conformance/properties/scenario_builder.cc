#include "conformance/properties/scenario_builder.h"

#include <charconv>

#include "traces/bytes_escape.h"

namespace conformance::properties {

using traces::Arg;
using traces::Record;

std::string ToString(const TerminatorSpec& t) {
  switch (t.kind) {
    case TerminatorSpec::Kind::kNone:
      return "none";
    case TerminatorSpec::Kind::kCount:
      return "int:" + std::to_string(t.count);
    case TerminatorSpec::Kind::kString:
      break;
  }
  return "str:\"" + traces::EscapeBytes(t.text) + "\"";
}

std::ostream& operator<<(std::ostream& os, const TerminatorSpec& t) { return os << ToString(t); }

std::vector<Arg> TerminatorArgs(const TerminatorSpec& t) {
  switch (t.kind) {
    case TerminatorSpec::Kind::kNone:
      return {Word("none")};
    case TerminatorSpec::Kind::kCount:
      return {Word("int:" + std::to_string(t.count))};
    case TerminatorSpec::Kind::kString:
      break;
  }
  return {Word("str:"), Bytes(t.text)};
}

std::optional<TerminatorSpec> TerminatorFromArgs(const std::vector<Arg>& args, std::size_t first) {
  if (first >= args.size() || args[first].kind != Arg::Kind::kWord) return std::nullopt;
  const std::string& w = args[first].text;
  if (w == "none") return TerminatorSpec::None();
  if (w == "str:") {
    if (first + 1 >= args.size() || args[first + 1].kind != Arg::Kind::kBytes) return std::nullopt;
    return TerminatorSpec::String(args[first + 1].text);
  }
  if (w.rfind("int:", 0) != 0) return std::nullopt;
  long long n = 0;
  const char* begin = w.data() + 4;
  const char* end = w.data() + w.size();
  auto [p, ec] = std::from_chars(begin, end, n);
  if (ec != std::errc() || p != end || begin == end) return std::nullopt;
  return TerminatorSpec::Count(n);
}

Arg Word(std::string text) { return Arg{Arg::Kind::kWord, std::move(text)}; }
Arg Bytes(std::string data) { return Arg{Arg::Kind::kBytes, std::move(data)}; }

Record Input(std::string verb, std::vector<Arg> args, const std::string& channel) {
  return Record{Record::Direction::kInput, channel, std::move(verb), std::move(args), 0};
}

Record SetTerminatorInput(const TerminatorSpec& t, const std::string& channel) {
  return Input("set_terminator", TerminatorArgs(t), channel);
}

Record ReadInput(std::string data, const std::string& channel) { return Input("read", {Bytes(std::move(data))}, channel); }

Record ReactionInput(std::size_t call, std::string verb, std::vector<Arg> args, const std::string& channel) {
  std::vector<Arg> all = {Word("found_terminator"), Word(std::to_string(call)), Word(std::move(verb))};
  for (Arg& a : args) all.push_back(std::move(a));
  return Input("on", std::move(all), channel);
}

traces::Trace SingleChannelScenario(std::optional<std::size_t> in_buffer, std::optional<std::size_t> out_buffer) {
  traces::Trace t;
  traces::ChannelConfig c;
  c.id = kChannel;
  c.in_buffer = in_buffer;
  c.out_buffer = out_buffer;
  t.channels.push_back(c);
  return t;
}

bool IsByteRead(const Record& r) {
  return r.direction == Record::Direction::kInput && r.verb == "read" && r.args.size() == 1 &&
         r.args[0].kind == Arg::Kind::kBytes;
}

bool SetsTerminatorBeforeReading(const traces::Trace& t) {
  for (const Record& r : t.records) {
    if (r.direction != Record::Direction::kInput) continue;
    if (r.verb == "set_terminator") return true;
    if (r.verb == "read") return false;
  }
  return true;
}

int CountByteReads(const traces::Trace& t) {
  int n = 0;
  for (const Record& r : t.records) n += IsByteRead(r) ? 1 : 0;
  return n;
}

}  // namespace conformance::properties
