#include "traces/trace_format.h"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

#include "spec/clauses.h"
#include "traces/bytes_escape.h"
#include "traces/channel_apps.h"
#include "traces/errno_names.h"
#include "traces/observables.h"

namespace traces {
namespace {

// Terminator strings are written str:"..."; they are kept as a word "str:"
// followed by a bytes arg in memory and joined again on output.
constexpr char kStrPrefix[] = "str:";

class LineError {
 public:
  explicit LineError(std::string what) : what_(std::move(what)) {}
  const std::string& what() const { return what_; }

 private:
  std::string what_;
};

std::vector<Arg> Tokenize(std::string_view s) {
  try {
    return TokenizeLine(s);
  } catch (const std::invalid_argument& e) {
    throw LineError(e.what());
  }
}

bool IsId(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

// Every number in a trace is a 64-bit signed integer. False for text that is
// not an integer; an integer beyond that range is an error of its own, so
// that int:99999999999999999999 is not reported as a malformed terminator.
bool ParseInt(const std::string& s, long long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc::result_out_of_range && p == s.data() + s.size()) {
    throw LineError("integer " + s + " is out of range (trace integers are 64-bit: " +
                    std::to_string(std::numeric_limits<long long>::min()) + " to " +
                    std::to_string(std::numeric_limits<long long>::max()) + ")");
  }
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

void ExpectArgs(const std::vector<Arg>& a, std::size_t n, const std::string& verb) {
  if (a.size() != n) {
    throw LineError(verb + " takes " + std::to_string(n) + " argument(s), got " + std::to_string(a.size()));
  }
}

void ExpectWord(const Arg& a, const std::string& what) {
  if (a.kind != Arg::Kind::kWord) throw LineError(what + " expected, got a string");
}

void ExpectBytes(const Arg& a, const std::string& what) {
  if (a.kind != Arg::Kind::kBytes) throw LineError(what + " expected as a quoted string, got " + a.text);
}

void ExpectCount(const Arg& a, const std::string& what) {
  long long v;
  ExpectWord(a, what);
  if (!ParseInt(a.text, v) || v < 0) throw LineError(what + " must be a non-negative integer, got " + a.text);
}

void ExpectErrno(const Arg& a) {
  ExpectWord(a, "errno name");
  if (!ErrnoFromName(a.text)) throw LineError("unknown errno name " + a.text);
}

// set_terminator's argument: none | int:N | str: "bytes" (two args in memory).
std::size_t ValidateTerminator(const std::vector<Arg>& a, std::size_t i) {
  if (i >= a.size()) throw LineError("set_terminator needs none, int:N or str:\"...\"");
  ExpectWord(a[i], "terminator");
  if (a[i].text == "none") return i + 1;
  if (a[i].text == kStrPrefix) {
    if (i + 1 >= a.size() || a[i + 1].kind != Arg::Kind::kBytes) throw LineError("str: must be followed by \"...\"");
    return i + 2;
  }
  long long v;
  if (a[i].text.rfind("int:", 0) == 0 && ParseInt(a[i].text.substr(4), v)) return i + 1;
  throw LineError("bad terminator " + a[i].text + " (expected none, int:N or str:\"...\")");
}

// Where an action runs: as an input of its own, or inside a callback (`on`).
enum class Reaction { kNone, kFoundTerminator, kConnect, kHandleClose };

void ValidateAction(const std::string& verb, const std::vector<Arg>& a, Reaction in_reaction) {
  if (verb == "set_terminator") {
    if (ValidateTerminator(a, 0) != a.size()) throw LineError("extra arguments after the terminator");
  } else if (verb == "push") {
    ExpectArgs(a, 1, verb);
    ExpectBytes(a[0], "data");
  } else if (verb == "push_typed") {
    ExpectArgs(a, 2, verb);
    ExpectWord(a[0], "push type");
    const std::string& type = a[0].text;
    if (type != "bytes" && type != "bytearray" && type != "memoryview" && type != "str" && type != "int" &&
        type != "none") {
      throw LineError("push_typed type must be bytes, bytearray, memoryview, str, int or none, got " + type);
    }
    ExpectBytes(a[1], "data");
    long long v;
    if (type == "int" && !ParseInt(a[1].text, v)) {
      throw LineError("push_typed int takes the integer as a quoted decimal, got " + QuoteBytes(a[1].text));
    }
    if (type == "none" && !a[1].text.empty()) throw LineError("push_typed none takes \"\"");
  } else if (verb == "push_with_producer") {
    ExpectArgs(a, 1, verb);
    if (a[0].kind == Arg::Kind::kBytes) return;  // format 2: a plain bytes object as the producer
    ExpectWord(a[0], "producer id or \"bytes\"");
    if (!IsId(a[0].text)) throw LineError("bad producer id " + a[0].text);
  } else if (verb == "close_when_done" || verb == "discard_buffers" || verb == "close") {
    ExpectArgs(a, 0, verb);
  } else if (verb == "keep_open" && in_reaction == Reaction::kHandleClose) {
    ExpectArgs(a, 0, verb);
  } else if (in_reaction != Reaction::kNone) {
    throw LineError("unknown reaction action " + verb);
  } else if (verb == "read") {
    if (a.empty()) throw LineError("read needs \"bytes\", eof, wouldblock or error ERRNO");
    if (a[0].kind == Arg::Kind::kBytes) {
      ExpectArgs(a, 1, verb);
    } else if (a[0].text == "eof" || a[0].text == "wouldblock") {
      ExpectArgs(a, 1, verb);
    } else if (a[0].text == "error") {
      ExpectArgs(a, 2, verb);
      ExpectErrno(a[1]);
    } else {
      throw LineError("read needs \"bytes\", eof, wouldblock or error ERRNO, got " + a[0].text);
    }
  } else if (verb == "write" || verb == "poll") {
    ExpectArgs(a, 0, verb);
  } else if (verb == "send_budget") {
    ExpectArgs(a, 1, verb);
    ExpectCount(a[0], "byte count");
  } else if (verb == "send_error") {
    ExpectArgs(a, 1, verb);
    ExpectErrno(a[0]);
  } else if (verb == "producer") {
    if (a.empty()) throw LineError("producer needs an id");
    ExpectWord(a[0], "producer id");
    if (!IsId(a[0].text)) throw LineError("bad producer id " + a[0].text);
    for (std::size_t i = 1; i < a.size(); ++i) ExpectBytes(a[i], "producer chunk");
  } else if (verb == "accept") {
    // format 2, listeners: a pending connection, or accept() failing.
    if (a.empty()) return;
    if (a.size() != 2 || a[0].kind != Arg::Kind::kWord || a[0].text != "error") {
      throw LineError("accept takes nothing or error ERRNO");
    }
    ExpectErrno(a[1]);
  } else if (verb == "on") {
    constexpr char kUsage[] = "on needs: found_terminator N ACTION..., connect ACTION... or handle_close ACTION...";
    if (a.empty() || a[0].kind != Arg::Kind::kWord) throw LineError(kUsage);
    if (a[0].text == "found_terminator") {
      if (a.size() < 3) throw LineError(kUsage);
      ExpectCount(a[1], "call number");
      if (a[1].text == "0") throw LineError("call numbers start at 1");
      ExpectWord(a[2], "action");
      ValidateAction(a[2].text, std::vector<Arg>(a.begin() + 3, a.end()), Reaction::kFoundTerminator);
    } else if (a[0].text == "connect" || a[0].text == "handle_close") {
      if (a.size() < 2) throw LineError(kUsage);
      ExpectWord(a[1], "action");
      ValidateAction(a[1].text, std::vector<Arg>(a.begin() + 2, a.end()),
                     a[0].text == "connect" ? Reaction::kConnect : Reaction::kHandleClose);
    } else {
      throw LineError("on supports found_terminator, connect and handle_close, got " + a[0].text);
    }
  } else {
    throw LineError("unknown input verb " + verb);
  }
}

void ValidateOutput(const std::string& verb, const std::vector<Arg>& a) {
  if (verb == "collect") {
    ExpectArgs(a, 1, verb);
    ExpectBytes(a[0], "data");
  } else if (verb == "found_terminator" || verb == "close" || verb == "connect" || verb == "handle_close") {
    ExpectArgs(a, 0, verb);
  } else if (verb == "accepted") {
    ExpectArgs(a, 1, verb);
    ExpectWord(a[0], "channel id");
    if (!IsId(a[0].text)) throw LineError("bad channel id " + a[0].text);
  } else if (verb == "log") {
    ExpectArgs(a, 2, verb);
    ExpectWord(a[0], "log type");
    ExpectBytes(a[1], "message");
  } else if (verb == "more") {
    ExpectArgs(a, 2, verb);
    ExpectWord(a[0], "producer id");
    ExpectBytes(a[1], "data");
  } else if (verb == "send") {
    if (a.size() == 2) {
      ExpectBytes(a[0], "data");
      ExpectCount(a[1], "accepted count");
    } else if (a.size() == 3) {
      ExpectBytes(a[0], "data");
      if (a[1].kind != Arg::Kind::kWord || a[1].text != "error") throw LineError("send \"data\" N or send \"data\" error ERRNO");
      ExpectErrno(a[2]);
    } else {
      throw LineError("send \"data\" N or send \"data\" error ERRNO");
    }
  } else if (verb == "error" || verb == "raise") {
    ExpectArgs(a, 1, verb);
    ExpectWord(a[0], "exception kind");
  } else if (verb == "recv") {
    // recv N M (asked for N, got M bytes; 0: the peer closed) or recv N error ERRNO
    if (a.size() == 2) {
      ExpectCount(a[0], "recv size");
      ExpectCount(a[1], "received count");
    } else if (a.size() == 3 && a[1].kind == Arg::Kind::kWord && a[1].text == "error") {
      ExpectCount(a[0], "recv size");
      ExpectErrno(a[2]);
    } else {
      throw LineError("recv N M or recv N error ERRNO");
    }
  } else if (verb == "print") {
    ExpectArgs(a, 1, verb);
    ExpectBytes(a[0], "data");
  } else if (verb == "poll") {
    ExpectArgs(a, 2, verb);
    if (a[0].kind != Arg::Kind::kWord || (a[0].text != "readable=0" && a[0].text != "readable=1") ||
        a[1].kind != Arg::Kind::kWord || (a[1].text != "writable=0" && a[1].text != "writable=1")) {
      throw LineError("poll readable=0|1 writable=0|1");
    }
  } else {
    throw LineError("unknown output verb " + verb);
  }
}

std::string FormatArgs(const std::vector<Arg>& args) {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const Arg& a = args[i];
    if (i > 0 && !(args[i - 1].kind == Arg::Kind::kWord && args[i - 1].text == kStrPrefix)) out += ' ';
    if (a.kind == Arg::Kind::kWord) out += a.text;
    else out += "\"" + EscapeBytes(a.text) + "\"";
  }
  return out;
}

Record ParseRecordTokens(std::vector<Arg> tokens) {
  Record r;
  r.direction = tokens[0].text == ">" ? Record::Direction::kInput : Record::Direction::kOutput;
  if (tokens.size() < 3) throw LineError("a record needs a channel and a verb");
  ExpectWord(tokens[1], "channel id");
  ExpectWord(tokens[2], "verb");
  r.channel = tokens[1].text;
  r.verb = tokens[2].text;
  r.args.assign(tokens.begin() + 3, tokens.end());
  if (r.direction == Record::Direction::kInput) ValidateAction(r.verb, r.args, Reaction::kNone);
  else ValidateOutput(r.verb, r.args);
  return r;
}

[[noreturn]] void Fail(const std::string& file, int line, const std::string& what, std::string_view text) {
  throw TraceError(file + ":" + std::to_string(line) + ": " + what + ": " + std::string(text));
}

// A channel declaration's tokens ("channel" ID key=value...), validated.
ChannelConfig ChannelFromTokens(const std::vector<Arg>& t) {
  if (t.size() < 2 || !IsId(t[1].text)) throw LineError("channel needs an id of [A-Za-z0-9_.-]");
  ChannelConfig c;
  c.id = t[1].text;
  for (std::size_t i = 2; i < t.size(); ++i) {
    ExpectWord(t[i], "key=value");
    std::size_t eq = t[i].text.find('=');
    std::string key = t[i].text.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : t[i].text.substr(eq + 1);
    if (key == "listener" && eq != std::string::npos) {
      if (value != "accepted" && value != "accept") throw LineError("listener is accepted or accept, got " + value);
      c.listener = value;
      continue;
    }
    if (key == "accepted_by" && eq != std::string::npos) {
      if (!IsId(value)) throw LineError("bad channel id " + value);
      c.accepted_by = value;
      continue;
    }
    if (key == "log" && eq != std::string::npos) {
      if (value != "default" && value != "all") throw LineError("log is default or all, got " + value);
      c.log = value;
      continue;
    }
    if (key == "app" && eq != std::string::npos) {
      if (!IsAppName(value)) {
        std::string known;
        for (const std::string& n : AppNames()) known += (known.empty() ? "" : ", ") + n;
        throw LineError("unknown app " + value + " (known: " + known + ")");
      }
      c.app = value;
      continue;
    }
    long long v;
    if (eq == std::string::npos || !ParseInt(value, v) || v < 0) throw LineError("bad setting " + t[i].text);
    if (key == "in_buffer" || key == "out_buffer") {
      if (v == 0) throw LineError(key + " must be at least 1");
      (key == "in_buffer" ? c.in_buffer : c.out_buffer) = static_cast<std::size_t>(v);
    } else if (key == "send_cap" && v > 0) {
      c.send_cap = static_cast<std::size_t>(v);
    } else if (key == "connected" && (v == 0 || v == 1)) {
      c.connected = v == 1;
    } else {
      throw LineError("unknown setting " + t[i].text);
    }
  }
  if (std::string problem = AppConfigProblem(c); !problem.empty()) throw LineError(problem);
  if (!c.log.empty() && (!c.app.empty() || !c.listener.empty())) {
    throw LineError("log= applies to async_chat channels only (not to app= or listener= channels)");
  }
  if (!c.listener.empty() && (!c.app.empty() || c.in_buffer || c.out_buffer || c.send_cap || !c.connected ||
                              !c.accepted_by.empty())) {
    throw LineError("a listener takes no other setting (it is a listening dispatcher, not an async_chat)");
  }
  // The asyncore echo server's handler is the one application made from an
  // accepted socket ([py2-asyncore-ja]'s EchoServer creates it).
  if (!c.accepted_by.empty() && ((!c.app.empty() && c.app != "asyncore_echo_handler") || !c.connected)) {
    throw LineError("an accepted_by channel is made from an accepted, connected socket: an async_chat or "
                    "app=asyncore_echo_handler (connected=0 and other applications do not apply)");
  }
  return c;
}

}  // namespace

std::vector<Arg> TokenizeLine(std::string_view s) {
  std::vector<Arg> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (s[i] == ' ') {
      ++i;
      continue;
    }
    if (s[i] == '"') {
      std::size_t j = i + 1;
      while (j < s.size() && s[j] != '"') j += (s[j] == '\\') ? 2 : 1;
      if (j >= s.size()) throw std::invalid_argument("unterminated string starting at column " + std::to_string(i + 1));
      try {
        out.push_back(Arg{Arg::Kind::kBytes, UnescapeBytes(s.substr(i + 1, j - i - 1))});
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("bad string: ") + e.what());
      }
      i = j + 1;
      if (i < s.size() && s[i] != ' ') throw std::invalid_argument("missing space after string at column " + std::to_string(i + 1));
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '"') {
      // Bytes belong in quoted strings; a stray '\r' in a word would not
      // survive the writer and the reader's line-end handling.
      const unsigned char ch = static_cast<unsigned char>(s[j]);
      if (ch < 0x20 || ch == 0x7f) {
        char hex[8];
        std::snprintf(hex, sizeof(hex), "\\x%02x", ch);
        throw std::invalid_argument(std::string("control character ") + hex + " at column " + std::to_string(j + 1) +
                        " (bytes belong in a quoted string)");
      }
      ++j;
    }
    out.push_back(Arg{Arg::Kind::kWord, std::string(s.substr(i, j - i))});
    if (j < s.size() && s[j] == '"' && out.back().text != kStrPrefix) {
      throw std::invalid_argument("missing space before string at column " + std::to_string(j + 1));
    }
    i = j;
  }
  return out;
}

std::string QuoteBytes(std::string_view bytes) { return "\"" + EscapeBytes(bytes) + "\""; }

ChannelConfig ParseChannelLine(std::string_view text, const std::string& file, int line) {
  try {
    std::vector<Arg> tokens = Tokenize(text);
    if (tokens.empty() || tokens[0].kind != Arg::Kind::kWord || tokens[0].text != "channel") {
      throw LineError("a channel line starts with 'channel'");
    }
    ChannelConfig c = ChannelFromTokens(tokens);
    c.line = line;
    return c;
  } catch (const LineError& e) {
    Fail(file, line, e.what(), text);
  }
}

std::string FormatChannelLine(const ChannelConfig& c) {
  std::string out = "channel " + c.id;
  if (!c.listener.empty()) out += " listener=" + c.listener;
  if (!c.accepted_by.empty()) out += " accepted_by=" + c.accepted_by;
  if (!c.app.empty()) out += " app=" + c.app;
  if (c.in_buffer) out += " in_buffer=" + std::to_string(*c.in_buffer);
  if (c.out_buffer) out += " out_buffer=" + std::to_string(*c.out_buffer);
  if (c.send_cap) out += " send_cap=" + std::to_string(*c.send_cap);
  if (!c.connected) out += " connected=0";
  if (!c.log.empty()) out += " log=" + c.log;
  return out;
}

Record ParseRecordLine(std::string_view text, const std::string& file, int line) {
  try {
    std::vector<Arg> tokens = Tokenize(text);
    if (tokens.empty() || tokens[0].kind != Arg::Kind::kWord || (tokens[0].text != ">" && tokens[0].text != "<")) {
      throw LineError("a record starts with '>' or '<'");
    }
    Record r = ParseRecordTokens(std::move(tokens));
    r.line = line;
    return r;
  } catch (const LineError& e) {
    Fail(file, line, e.what(), text);
  }
}

Trace ParseTrace(std::string_view text, const std::string& file) {
  Trace trace;
  trace.file = file;
  bool saw_version = false, saw_channel = false;
  std::set<std::string> channel_ids;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::size_t first = line.find_first_not_of(' ');
    if (first == std::string_view::npos || line[first] == '#') {
      if (end == text.size()) break;
      continue;
    }
    try {
      std::vector<Arg> t = Tokenize(line);
      const std::string& head = t[0].text;
      if (t[0].kind != Arg::Kind::kWord) throw LineError("a line starts with a keyword, '>' or '<'");
      if (!saw_version) {
        if (head != "asynchat-trace" || t.size() != 2) {
          throw LineError("the first line must be 'asynchat-trace N' (N: 1 or 2)");
        }
        if (t[1].text == "1" || t[1].text == "2") {
          trace.version = t[1].text[0] - '0';
        } else {
          throw LineError("unsupported format version " + t[1].text + " (this reader knows 1 and 2)");
        }
        saw_version = true;
      } else if (head == ">" || head == "<") {
        Record r = ParseRecordTokens(std::move(t));
        const ChannelConfig* c = trace.FindChannel(r.channel);
        if (!c) throw LineError("channel " + r.channel + " used before it is declared");
        if (std::string problem = AppRecordProblem(*c, r); !problem.empty()) throw LineError(problem);
        if (r.direction == Record::Direction::kOutput && r.verb == "log" && c->log.empty()) {
          throw LineError("log output on channel " + c->id +
                          ", which reports none: declare it log=default or log=all (FORMAT.md \"Logging\")");
        }
        if (VersionNeeded(r, *c) > trace.version) {
          throw LineError(Version2Name(r, *c) + " needs 'asynchat-trace 2' (this trace is version " +
                          std::to_string(trace.version) + ")");
        }
        r.line = line_no;
        trace.records.push_back(std::move(r));
      } else if (head == "channel") {
        ChannelConfig c = ChannelFromTokens(t);
        if (!channel_ids.insert(c.id).second) throw LineError("channel " + c.id + " declared twice");
        if (VersionNeeded(c) > trace.version) {
          throw LineError("listener=, accepted_by= and log= need 'asynchat-trace 2' (this trace is version " +
                          std::to_string(trace.version) + ")");
        }
        if (!c.accepted_by.empty()) {
          const ChannelConfig* by = trace.FindChannel(c.accepted_by);
          if (!by || by->listener.empty()) {
            throw LineError("accepted_by=" + c.accepted_by + " names no listener declared before it");
          }
        }
        c.line = line_no;
        trace.channels.push_back(c);
        saw_channel = true;
      } else if (saw_channel) {
        throw LineError("header line after the first channel line");
      } else if (head == "description" || head == "note") {
        if (t.size() != 2 || t[1].kind != Arg::Kind::kBytes) throw LineError(head + " takes one quoted string");
        (head == "description" ? trace.description : trace.notes.emplace_back()) = t[1].text;
      } else if (head == "origin") {
        if (t.size() < 2) throw LineError("origin needs a kind");
        trace.origin = FormatArgs(std::vector<Arg>(t.begin() + 1, t.end()));
      } else if (head == "clauses") {
        if (t.size() < 2) throw LineError("clauses needs at least one clause id");
        if (!trace.clauses.empty()) throw LineError("a second clauses line");
        for (std::size_t i = 1; i < t.size(); ++i) {
          if (t[i].kind != Arg::Kind::kWord || !spec::IsClauseId(t[i].text)) {
            throw LineError("not a clause id (core.|chat.|example. then [a-z0-9-] words, spec/README.md): " +
                            (t[i].kind == Arg::Kind::kWord ? t[i].text : QuoteBytes(t[i].text)));
          }
          trace.clauses.push_back(t[i].text);
        }
        trace.clauses_line = line_no;
      } else if (head == "profile") {
        if (t.size() != 2 || (t[1].text != "strict" && t[1].text != "semantic")) {
          throw LineError("profile is strict or semantic");
        }
        trace.profile = t[1].text == "strict" ? Profile::kStrict : Profile::kSemantic;
      } else {
        throw LineError("unknown line " + head);
      }
    } catch (const LineError& e) {
      Fail(file, line_no, e.what(), line);
    }
    if (end == text.size()) break;
  }
  if (!saw_version) throw TraceError(file + ":1: empty trace: the first line must be 'asynchat-trace N' (N: 1 or 2)");
  return trace;
}

Trace ReadTraceFile(const std::string& path) {
  // A directory opens and reads as nothing: say so rather than "empty trace".
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw TraceError(path + ": is a directory, not a trace file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError(path + ": cannot open trace file");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseTrace(text.str(), path);
}

std::string FormatRecord(const Record& r) {
  std::string out = r.direction == Record::Direction::kInput ? "> " : "< ";
  out += r.channel + " " + r.verb;
  if (!r.args.empty()) out += " " + FormatArgs(r.args);
  return out;
}

std::string FormatTrace(const Trace& trace) {
  std::string out = "asynchat-trace " + std::to_string(trace.version) + "\n";
  if (!trace.description.empty()) out += "description " + QuoteBytes(trace.description) + "\n";
  if (!trace.origin.empty()) out += "origin " + trace.origin + "\n";
  if (!trace.clauses.empty()) {
    out += "clauses";
    for (const std::string& id : trace.clauses) out += " " + id;
    out += "\n";
  }
  if (trace.profile == Profile::kSemantic) out += "profile semantic\n";
  for (const std::string& n : trace.notes) out += "note " + QuoteBytes(n) + "\n";
  for (const ChannelConfig& c : trace.channels) out += FormatChannelLine(c) + "\n";
  for (const Record& r : trace.records) out += FormatRecord(r) + "\n";
  return out;
}

}  // namespace traces
