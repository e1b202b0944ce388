#include "traces/trace_compare.h"

#include <algorithm>
#include <map>
#include <set>

#include "traces/bytes_escape.h"
#include "traces/trace_format.h"

namespace traces {
namespace {

constexpr std::size_t kContext = 3;

// The `actual:` line where the implementation produced no record: the
// input that comes instead (`next`, null at the end of the transcript),
// never shown as if the implementation had produced it. `next_is` says how
// it follows: "the next record is" (strict, position by position) or "before
// the next input" (a missing error or raise).
std::string Nothing(const Record* next, const char* next_is = "the next record is the input") {
  if (!next) return "(nothing: the transcript ends here)";
  return std::string("(nothing: ") + next_is + " " + FormatRecord(*next) + ")";
}

std::string Actual(const Record& want, const Record& got) {
  const bool missing = want.direction == Record::Direction::kOutput && got.direction == Record::Direction::kInput;
  return missing ? Nothing(&got) : FormatRecord(got);
}

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
    m.message += "records differ\n  expected: " + FormatRecord(want[i]) + "\n  actual:   " + Actual(want[i], actual[i]);
  } else if (i < want.size()) {
    m.message += "expected record missing (the implementation produced nothing more)\n  expected: " +
                 FormatRecord(want[i]) + "\n  actual:   " + Nothing(nullptr);
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
  s += "], sent \"" + traces::EscapeBytes(m.sent) + "\", ";
  if (!m.failures.empty()) {
    s += "[";
    for (std::size_t i = 0; i < m.failures.size(); ++i) s += (i ? ", " : "") + m.failures[i];
    s += "], ";
  }
  return s + (m.closed ? "closed" : "open");
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

bool IsFailure(const Record& r) {
  return r.direction == Record::Direction::kOutput && (r.verb == "error" || r.verb == "raise");
}

// An `error` or `raise` record and the input that caused it (the last one
// before it, counted over all channels: both transcripts have the same
// inputs in the same order); -1 if none precedes it.
struct FailureAt {
  const Record* record;
  long cause;
};

std::map<std::string, std::vector<FailureAt>> FailuresByChannel(const std::vector<Record>& records) {
  std::map<std::string, std::vector<FailureAt>> out;
  long inputs = 0;
  for (const Record& r : records) {
    if (r.direction == Record::Direction::kInput) {
      ++inputs;
    } else if (IsFailure(r)) {
      out[r.channel].push_back({&r, inputs - 1});
    }
  }
  return out;
}

const Record* NthInput(const std::vector<Record>& records, long n) {
  for (const Record& r : records) {
    if (r.direction == Record::Direction::kInput && n-- == 0) return &r;
  }
  return nullptr;
}

// What an unexpected record means, by the input that caused it.
std::string WhatHappened(const Record& failure, const Record* cause) {
  if (failure.verb == "error") return "handle_error ran";
  if (cause && (cause->verb == "read" || cause->verb == "write")) {
    return "an exception escaped the " + cause->verb + " event to the loop";
  }
  return "the call raised";
}

std::optional<Mismatch> FailureMismatch(const Trace& expected, const std::vector<Record>& actual,
                                        const std::string& channel, const std::vector<FailureAt>& want,
                                        const std::vector<FailureAt>& got) {
  std::size_t i = 0;
  while (i < want.size() && i < got.size() && want[i].record->verb == got[i].record->verb) ++i;
  if (i == want.size() && i == got.size()) return std::nullopt;
  Mismatch m;
  std::string what;
  std::string detail;
  if (i < got.size()) {
    const Record* cause = NthInput(actual, got[i].cause);
    const Record* expected_cause = NthInput(expected.records, got[i].cause);
    what = WhatHappened(*got[i].record, cause) + " where the expected transcript has " +
           (i < want.size() ? FormatRecord(*want[i].record) : std::string("no error or raise"));
    m.line = i < want.size() ? want[i].record->line : expected_cause ? expected_cause->line : 0;
    detail = "\n  after:    " + (cause ? FormatRecord(*cause) : std::string("(no input)")) +
             "\n  actual:   " + FormatRecord(*got[i].record);
    if (i < want.size()) detail += "\n  expected: " + FormatRecord(*want[i].record);
  } else {
    const Record& missing = *want[i].record;
    what = missing.verb == "error" ? "the expected handle_error never ran"
                                   : "the expected exception was not raised";
    m.line = missing.line;
    // Where the missing record would have been: after the input that caused it.
    const Record* next = nullptr;
    for (std::size_t k = 0, inputs = 0; k < actual.size() && !next; ++k) {
      if (actual[k].direction == Record::Direction::kInput && static_cast<long>(inputs++) == want[i].cause + 1) {
        next = &actual[k];
      }
    }
    detail = "\n  expected: " + FormatRecord(missing) + "\n  actual:   " +
             (next ? Nothing(next, "no such record before the next input") : Nothing(nullptr));
  }
  m.message = expected.file + ":" + (m.line ? std::to_string(m.line) : std::string("end")) + ": channel " +
              channel + ": " + what + " (" + std::to_string(want.size()) + " error/raise records expected, " +
              std::to_string(got.size()) + " produced; a mismatch in every profile)" + detail;
  return m;
}

}  // namespace

std::optional<Mismatch> CompareFailureRecords(const Trace& expected, const std::vector<Record>& actual) {
  std::map<std::string, std::vector<FailureAt>> want = FailuresByChannel(expected.records);
  std::map<std::string, std::vector<FailureAt>> got = FailuresByChannel(actual);
  std::set<std::string> channels;
  for (const auto& [channel, list] : want) channels.insert(channel);
  for (const auto& [channel, list] : got) channels.insert(channel);
  for (const std::string& channel : channels) {
    if (auto m = FailureMismatch(expected, actual, channel, want[channel], got[channel])) return m;
  }
  return std::nullopt;
}

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
    } else if (IsFailure(r) && !r.args.empty()) {
      m.failures.push_back(r.verb + " " + r.args[0].text);
    }
  }
  return out;
}

std::optional<Mismatch> CompareTranscript(const Trace& expected, const std::vector<Record>& actual, Profile profile) {
  // The header's rule holds in every profile. Strict reports its own first
  // differing line when there is one (with context); a strict match implies
  // equal failure records, but the rule is applied regardless.
  std::optional<Mismatch> failures = CompareFailureRecords(expected, actual);
  if (profile == Profile::kStrict) {
    std::optional<Mismatch> m = CompareStrict(expected, actual);
    return m ? m : failures;
  }
  return failures ? failures : CompareSemantic(expected, actual);
}

}  // namespace traces
