#include "conformance/driver/protocol_lines.h"

#include <charconv>
#include <stdexcept>
#include <vector>

#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::Arg;

[[noreturn]] void Fail(const std::string& file, int line, const std::string& what, std::string_view text) {
  throw traces::TraceError(file + ":" + std::to_string(line) + ": " + what + ": " + std::string(text));
}

std::string FirstWord(std::string_view s) { return std::string(s.substr(0, s.find(' '))); }

bool ParseVersion(const Arg& a, int& out) {
  if (a.kind != Arg::Kind::kWord || a.text.empty()) return false;
  auto [p, ec] = std::from_chars(a.text.data(), a.text.data() + a.text.size(), out);
  return ec == std::errc() && p == a.text.data() + a.text.size();
}

// `keyword "<text>"`: the quoted text, or std::invalid_argument.
std::string QuotedArgument(std::string_view text, const std::string& keyword) {
  std::vector<Arg> t = traces::TokenizeLine(text);
  if (t.size() != 2 || t[1].kind != Arg::Kind::kBytes) throw std::invalid_argument(keyword + " takes one quoted string");
  return t[1].text;
}

// `in_buffer=N` / `out_buffer=N` of a hello: true if `word` is one (and sets
// the size), std::invalid_argument if it is one with a bad N.
bool ParseDeclaredSize(const std::string& word, AdapterInfo& info) {
  const std::size_t eq = word.find('=');
  if (eq == std::string::npos) return false;
  const std::string key = word.substr(0, eq), value = word.substr(eq + 1);
  if (key != "in_buffer" && key != "out_buffer") return false;  // a declaration this suite does not know
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (value.empty() || ec != std::errc() || p != value.data() + value.size() || n == 0) {
    throw std::invalid_argument(key + " must be a whole number of bytes, at least 1: " + word);
  }
  std::optional<std::size_t>& slot = key == "in_buffer" ? info.in_buffer : info.out_buffer;
  if (slot) throw std::invalid_argument(key + " is declared twice");
  slot = n;
  return true;
}

}  // namespace

std::string HandshakeLine() { return "asynchat-driver " + std::to_string(kDriverProtocolVersion); }

std::string CaseLine(const std::string& case_id) { return "case " + traces::QuoteBytes(case_id); }

std::string ChannelLine(const traces::ChannelConfig& c) { return traces::FormatChannelLine(c); }

Request ParseRequest(std::string_view text, const std::string& file, int line) {
  Request r;
  const std::string head = FirstWord(text);
  try {
    if (text.empty()) throw std::invalid_argument("empty request line");
    if (head == ">") {
      r.kind = Request::Kind::kInput;
      r.input = traces::ParseRecordLine(text, file, line);
      return r;
    }
    if (head == "channel") {
      r.kind = Request::Kind::kChannel;
      r.channel = traces::ParseChannelLine(text, file, line);
      return r;
    }
    if (head == "<") throw std::invalid_argument("an output record is not a request");
    std::vector<Arg> t = traces::TokenizeLine(text);
    if (head == "asynchat-driver") {
      r.kind = Request::Kind::kHandshake;
      if (t.size() != 2 || !ParseVersion(t[1], r.version)) throw std::invalid_argument("expected asynchat-driver N");
    } else if (head == "case") {
      r.kind = Request::Kind::kCase;
      r.case_id = QuotedArgument(text, "case");
    } else if (head == kEndLine || head == kQuitLine) {
      r.kind = head == kEndLine ? Request::Kind::kEnd : Request::Kind::kQuit;
      if (t.size() != 1) throw std::invalid_argument(head + " takes no arguments");
    } else {
      throw std::invalid_argument("unknown request " + head);
    }
  } catch (const std::invalid_argument& e) {
    Fail(file, line, e.what(), text);
  }
  return r;
}

std::string UnsupportedLine(std::string_view reason) { return "unsupported " + traces::QuoteBytes(reason); }

std::string FatalLine(std::string_view reason) { return "fatal " + traces::QuoteBytes(reason); }

std::string HelloLine(int version, const std::string& implementation, const std::set<std::string>& capabilities,
                      std::optional<std::size_t> in_buffer, std::optional<std::size_t> out_buffer) {
  std::string out = "hello " + std::to_string(version) + " " + traces::QuoteBytes(implementation);
  for (const std::string& c : capabilities) out += " " + c;
  if (in_buffer) out += " in_buffer=" + std::to_string(*in_buffer);
  if (out_buffer) out += " out_buffer=" + std::to_string(*out_buffer);
  return out;
}

Answer ParseAnswer(std::string_view text, const std::string& file, int line) {
  Answer a;
  const std::string head = FirstWord(text);
  try {
    if (head == "<") {
      a.kind = Answer::Kind::kOutput;
      a.output = traces::ParseRecordLine(text, file, line);
      return a;
    }
    if (head == ">") throw std::invalid_argument("an input record in an answer (inputs are never echoed)");
    if (text == kOkLine) {
      a.kind = Answer::Kind::kOk;
    } else if (head == "unsupported" || head == "fatal") {
      a.kind = head == "fatal" ? Answer::Kind::kFatal : Answer::Kind::kUnsupported;
      a.reason = QuotedArgument(text, head);
    } else if (head == "hello") {
      a.kind = Answer::Kind::kHello;
      std::vector<Arg> t = traces::TokenizeLine(text);
      if (t.size() < 2 || !ParseVersion(t[1], a.hello.protocol_version)) {
        throw std::invalid_argument("expected hello N \"<implementation>\" <capability>...");
      }
      if (a.hello.protocol_version < kOldestDriverProtocolVersion || a.hello.protocol_version > kDriverProtocolVersion) {
        return a;  // its shape is that version's business
      }
      if (t.size() < 3 || t[2].kind != Arg::Kind::kBytes) throw std::invalid_argument("hello needs the implementation as a quoted string");
      a.hello.implementation = t[2].text;
      for (std::size_t i = 3; i < t.size(); ++i) {
        if (t[i].kind != Arg::Kind::kWord) throw std::invalid_argument("capabilities are words, got a string");
        if (!ParseDeclaredSize(t[i].text, a.hello)) a.hello.capabilities.insert(t[i].text);
      }
    } else {
      throw std::invalid_argument("not a protocol answer (ok, unsupported, fatal, hello or an output record)");
    }
  } catch (const std::invalid_argument& e) {
    Fail(file, line, e.what(), text);
  }
  return a;
}

}  // namespace conformance
