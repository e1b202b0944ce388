#include "conformance/run/failure_signature.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <optional>

#include "traces/trace_compare.h"

namespace conformance {
namespace {

using traces::Arg;
using traces::Record;

bool IsOutput(const Record& r) { return r.direction == Record::Direction::kOutput; }

// An input as context: its verb, and for set_terminator the kind of
// terminator (counting bytes and matching a string are different paths).
std::string InputName(const Record& r) {
  if (r.verb != "set_terminator" || r.args.empty()) return r.verb;
  const Arg& a = r.args[0];
  if (a.text.rfind("int:", 0) == 0) return "set_terminator int";
  if (a.text == "str:") return "set_terminator str";
  return "set_terminator " + a.text;
}

// The kind of terminator channel `channel` has before position `i`.
std::string TerminatorBefore(const std::vector<Record>& rs, std::size_t i, const std::string& channel) {
  for (std::size_t k = i; k-- > 0;) {
    if (!IsOutput(rs[k]) && rs[k].channel == channel && rs[k].verb == "set_terminator") {
      return InputName(rs[k]).substr(std::string("set_terminator ").size());
    }
  }
  return "default";
}

// The input before position `i` ("start" if none); for a read, with the
// kind of terminator it is framed by (counting bytes and matching a string
// are different paths).
std::string ContextBefore(const std::vector<Record>& rs, std::size_t i) {
  for (std::size_t k = i; k-- > 0;) {
    if (IsOutput(rs[k])) continue;
    if (rs[k].verb == "read") return "read (terminator " + TerminatorBefore(rs, k, rs[k].channel) + ")";
    return InputName(rs[k]);
  }
  return "start";
}

// What stands at position `i`: an output (its verb) or none (an input comes
// first, or the transcript ends there: which input follows depends on the
// case, not on the difference).
struct Slot {
  std::string key, words;
};
Slot SlotAt(const std::vector<Record>& rs, std::size_t i) {
  if (i < rs.size() && IsOutput(rs[i])) return {"out:" + rs[i].verb, rs[i].verb};
  return {"none", "no output"};
}

std::optional<long long> Number(const Arg& a) {
  long long v = 0;
  const char* end = a.text.data() + a.text.size();
  auto [p, ec] = std::from_chars(a.text.data(), end, v);
  if (a.kind != Arg::Kind::kWord || a.text.empty() || ec != std::errc() || p != end) return std::nullopt;
  return v;
}

std::string Relation(const Arg& want, const Arg& got) {
  if (want.kind == Arg::Kind::kBytes && got.kind == Arg::Kind::kBytes) {
    if (want.text.size() > got.text.size() && want.text.compare(0, got.text.size(), got.text) == 0) return "shorter";
    if (got.text.size() > want.text.size() && got.text.compare(0, want.text.size(), want.text) == 0) return "longer";
    return "other bytes";
  }
  const std::optional<long long> w = Number(want), g = Number(got);
  if (w && g) return *g < *w ? "smaller" : "larger";
  return "other";
}

// Where the implementation produces `verb` after position `i`: after which
// input, or never.
std::string LaterProduced(const std::vector<Record>& actual, std::size_t i, const std::string& verb) {
  for (std::size_t k = i; k < actual.size(); ++k) {
    if (IsOutput(actual[k]) && actual[k].verb == verb) {
      std::string after = ContextBefore(actual, k);
      return k > i && after != ContextBefore(actual, i) ? "after the next " + after : "later";
    }
  }
  return "never";
}

FailureSignature Strict(const std::vector<Record>& expected, const std::vector<Record>& actual) {
  std::size_t i = 0;
  while (i < expected.size() && i < actual.size() && expected[i].SameAs(actual[i])) ++i;
  if (i == expected.size() && i == actual.size()) return {"none", "no difference"};
  const std::string context = ContextBefore(expected, i);
  const Slot want = SlotAt(expected, i), got = SlotAt(actual, i);
  FailureSignature s;
  s.key = "strict|after " + context + "|expected " + want.key + "|got " + got.key;
  const std::string head = "after " + context + ": ";
  if (want.key.rfind("out:", 0) == 0 && got.key == want.key) {
    const Record& w = expected[i];
    const Record& g = actual[i];
    std::string how;
    for (std::size_t a = 0; a < std::max(w.args.size(), g.args.size()); ++a) {
      std::string rel;
      if (a >= w.args.size()) {
        rel = "extra";
      } else if (a >= g.args.size()) {
        rel = "missing";
      } else if (!(w.args[a] == g.args[a])) {
        rel = Relation(w.args[a], g.args[a]);
      }
      // The first differing argument only: later ones (a send's count) often
      // follow from it, and would split one cause by the case's sizes.
      if (!rel.empty()) {
        how = "argument " + std::to_string(a + 1) + " " + rel;
        break;
      }
    }
    if (how.empty()) how = "channel differs";
    s.key += "|" + how;
    s.title = head + w.verb + " differs: " + how;
  } else if (want.key.rfind("out:", 0) == 0) {
    const std::string later = LaterProduced(actual, i, expected[i].verb);
    s.key += "|" + expected[i].verb + " " + later;
    s.title = head + "expected " + want.words + ", got " + got.words;
    if (later == "never") {
      s.title += " (no " + expected[i].verb + " at all)";
    } else {
      s.title += " (" + expected[i].verb + " comes " + later + ")";
    }
  } else if (got.key.rfind("out:", 0) == 0) {
    s.title = head + "unexpected " + got.words + " (expected " + want.words + ")";
  } else {
    s.title = head + "expected " + want.words + ", got " + got.words;
  }
  return s;
}

FailureSignature Semantic(const std::vector<Record>& expected, const std::vector<Record>& actual) {
  std::map<std::string, traces::ChannelMeaning> want = traces::MeaningOf(expected);
  std::map<std::string, traces::ChannelMeaning> got = traces::MeaningOf(actual);
  for (const auto& [channel, w] : want) {
    traces::ChannelMeaning g = got.count(channel) ? got[channel] : traces::ChannelMeaning{};
    if (w == g) continue;
    std::string how;
    auto add = [&](const std::string& part) { how += (how.empty() ? "" : ", ") + part; };
    if (w.found != g.found) {
      add(g.found < w.found ? "fewer found_terminator" : "more found_terminator");
    } else if (w.messages != g.messages) {
      add("messages framed otherwise");
    }
    if (w.sent != g.sent) {
      if (w.sent.size() > g.sent.size() && w.sent.compare(0, g.sent.size(), g.sent) == 0) {
        add("sent bytes shorter");
      } else if (g.sent.size() > w.sent.size() && g.sent.compare(0, w.sent.size(), w.sent) == 0) {
        add("sent bytes longer");
      } else {
        add("other bytes sent");
      }
    }
    if (w.closed != g.closed) add(w.closed ? "not closed" : "closed");
    return {"semantic|" + how, "meaning differs: " + how};
  }
  return {"none", "no difference"};
}

// The first line of a detail, with what varies between cases (numbers,
// quoted text, a "FILE:LINE: " prefix) blanked.
std::string Shape(const std::string& detail) {
  std::string line = detail.substr(0, detail.find('\n'));
  std::string out;
  bool in_quotes = false, in_digits = false;
  for (char c : line) {
    if (c == '"') {
      if (!in_quotes) out += "\"...\"";
      in_quotes = !in_quotes;
      continue;
    }
    if (in_quotes) continue;
    if (std::isdigit(static_cast<unsigned char>(c))) {
      if (!in_digits) out += '#';
      in_digits = true;
      continue;
    }
    in_digits = false;
    out += c;
  }
  constexpr std::size_t kMax = 120;
  if (out.size() > kMax) out = out.substr(0, kMax) + "...";
  return out;
}

}  // namespace

FailureSignature MismatchSignature(traces::Profile profile, const std::vector<Record>& expected,
                                   const std::vector<Record>& actual) {
  return profile == traces::Profile::kStrict ? Strict(expected, actual) : Semantic(expected, actual);
}

FailureSignature ResultSignature(Verdict verdict, const std::string& detail, traces::Profile profile,
                                 const std::vector<Record>& expected, const std::vector<Record>& actual) {
  if (verdict == Verdict::kFail) return MismatchSignature(profile, expected, actual);
  const std::string shape = Shape(detail);
  const std::string name = VerdictName(verdict);
  return {name + "|" + shape, name + ": " + shape};
}

}  // namespace conformance
