#include "traces/trace_compare.h"

#include <algorithm>
#include <map>

#include "traces/bytes_escape.h"
#include "traces/trace_format.h"

namespace traces {
namespace {

constexpr std::size_t kContext = 3;

std::optional<Mismatch> CompareStrict(const Trace& expected, const std::vector<Record>& actual) {
  const std::vector<Record>& want = expected.records;
  std::size_t n = std::min(want.size(), actual.size());
  std::size_t i = 0;
  while (i < n && want[i].SameAs(actual[i])) ++i;
  if (i == want.size() && i == actual.size()) return std::nullopt;
  Mismatch m;
  m.line = i < want.size() ? want[i].line : 0;
  std::string where = expected.file + ":" + (m.line ? std::to_string(m.line) : std::string("end"));
  m.message = where + ": ";
  if (i < want.size() && i < actual.size()) {
    m.message += "records differ\n  expected: " + FormatRecord(want[i]) + "\n  actual:   " + FormatRecord(actual[i]);
  } else if (i < want.size()) {
    m.message += "expected record missing (the implementation produced nothing more)\n  expected: " +
                 FormatRecord(want[i]);
  } else {
    m.message += "extra record after the end of the trace\n  actual:   " + FormatRecord(actual[i]);
  }
  m.message += "\n  context (last matching records):";
  for (std::size_t k = i > kContext ? i - kContext : 0; k < i; ++k) {
    m.message += "\n    " + std::to_string(want[k].line) + ": " + FormatRecord(want[k]);
  }
  if (i == 0) m.message += " (none)";
  return m;
}

std::string Describe(const ChannelMeaning& m) {
  std::string s = "found_terminator x" + std::to_string(m.found) + ", messages [";
  for (std::size_t i = 0; i < m.messages.size(); ++i) {
    s += (i ? ", \"" : "\"") + traces::EscapeBytes(m.messages[i]) + "\"";
  }
  return s + "], sent \"" + traces::EscapeBytes(m.sent) + "\", " + (m.closed ? "closed" : "open");
}

std::optional<Mismatch> CompareSemantic(const Trace& expected, const std::vector<Record>& actual) {
  std::map<std::string, ChannelMeaning> want = MeaningOf(expected.records);
  std::map<std::string, ChannelMeaning> got = MeaningOf(actual);
  for (const auto& [channel, w] : want) {
    ChannelMeaning g = got.count(channel) ? got[channel] : ChannelMeaning{};
    if (w == g) continue;
    Mismatch m;
    m.line = w.first_line;
    m.message = expected.file + ":" + std::to_string(m.line) + ": channel " + channel +
                " differs in meaning\n  expected: " + Describe(w) + "\n  actual:   " + Describe(g);
    return m;
  }
  return std::nullopt;
}

}  // namespace

std::map<std::string, ChannelMeaning> MeaningOf(const std::vector<Record>& records) {
  std::map<std::string, ChannelMeaning> out;
  for (const Record& r : records) {
    ChannelMeaning& m = out[r.channel];
    if (!m.first_line) m.first_line = r.line;
    if (r.direction != Record::Direction::kOutput) continue;
    if (r.verb == "collect" && !r.args.empty()) {
      m.messages.back() += r.args[0].text;
    } else if (r.verb == "found_terminator") {
      ++m.found;
      m.messages.emplace_back();
    } else if (r.verb == "send" && r.args.size() == 2) {
      m.sent += r.args[0].text.substr(0, std::stoull(r.args[1].text));
    } else if (r.verb == "close") {
      m.closed = true;
    }
  }
  return out;
}

std::optional<Mismatch> CompareTranscript(const Trace& expected, const std::vector<Record>& actual, Profile profile) {
  return profile == Profile::kStrict ? CompareStrict(expected, actual) : CompareSemantic(expected, actual);
}

}  // namespace traces
