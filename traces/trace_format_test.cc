#include "traces/trace_format.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace traces {
namespace {

std::string ErrorOf(const std::string& text) {
  try {
    ParseTrace(text, "t.trace");
  } catch (const TraceError& e) {
    return e.what();
  }
  return "";
}

constexpr char kHeader[] = "asynchat-trace 1\nchannel c\n";

TEST(TraceFormat, ParsesHeaderChannelsAndRecords) {
  Trace t = ParseTrace(
      "# comment\n"
      "asynchat-trace 1\n"
      "description \"a \\\"quoted\\\" line\"\n"
      "origin recording loopback\n"
      "profile semantic\n"
      "channel c in_buffer=64 out_buffer=8 send_cap=5 connected=0\n"
      "> c set_terminator str:\"\\r\\n\"\n"
      "> c read \"ab\\x00\"\n"
      "< c collect \"ab\\x00\"\n",
      "t.trace");
  EXPECT_EQ(t.description, "a \"quoted\" line");
  EXPECT_EQ(t.origin, "recording loopback");
  EXPECT_EQ(t.profile, Profile::kSemantic);
  ASSERT_EQ(t.channels.size(), 1u);
  EXPECT_EQ(*t.channels[0].in_buffer, 64u);
  EXPECT_EQ(*t.channels[0].out_buffer, 8u);
  EXPECT_EQ(*t.channels[0].send_cap, 5u);
  EXPECT_FALSE(t.channels[0].connected);
  ASSERT_EQ(t.records.size(), 3u);
  EXPECT_EQ(t.records[0].args[1].text, "\r\n");
  EXPECT_EQ(t.records[1].args[0].text, std::string("ab\0", 3));
  EXPECT_EQ(t.records[2].line, 9);
}

TEST(TraceFormat, RoundTripIsExact) {
  std::string text =
      "asynchat-trace 1\n"
      "description \"d\"\n"
      "origin counterexample seed=3\n"
      "note \"n\"\n"
      "channel c in_buffer=3\n"
      "channel s\n"
      "> c set_terminator str:\"q\\tq\"\n"
      "> c on found_terminator 2 set_terminator int:5\n"
      "> c producer p \"x\" \"\"\n"
      "> s send_error EPIPE\n"
      "> c read error ECONNRESET\n"
      "< c send \"abc\" 2\n"
      "< s send \"abc\" error EPIPE\n"
      "< c error OSError:ECONNRESET\n";
  EXPECT_EQ(FormatTrace(ParseTrace(text)), text);
}

TEST(TraceFormat, ErrorsNameFileLineAndProblem) {
  EXPECT_EQ(ErrorOf(""), "t.trace:1: empty trace: the first line must be 'asynchat-trace N' (N: 1 or 2)");
  EXPECT_NE(ErrorOf("asynchat-trace 3\n").find("t.trace:1: unsupported format version 3"), std::string::npos);
  std::string e = ErrorOf(std::string(kHeader) + "> c read \"abc\n");
  EXPECT_NE(e.find("t.trace:3: unterminated string"), std::string::npos) << e;
  e = ErrorOf(std::string(kHeader) + "> d read \"abc\"\n");
  EXPECT_NE(e.find("t.trace:3: channel d used before it is declared"), std::string::npos) << e;
  e = ErrorOf(std::string(kHeader) + "> c read error EWHAT\n");
  EXPECT_NE(e.find("t.trace:3: unknown errno name EWHAT"), std::string::npos) << e;
  e = ErrorOf(std::string(kHeader) + "> c set_terminator int:x\n");
  EXPECT_NE(e.find("t.trace:3: bad terminator int:x"), std::string::npos) << e;
  e = ErrorOf(std::string(kHeader) + "< c send \"a\" many\n");
  EXPECT_NE(e.find("t.trace:3: accepted count must be a non-negative integer, got many"), std::string::npos) << e;
  e = ErrorOf(std::string(kHeader) + "> c frobnicate\n");
  EXPECT_NE(e.find("t.trace:3: unknown input verb frobnicate: > c frobnicate"), std::string::npos) << e;
  e = ErrorOf(std::string(kHeader) + "> c read \"\\q\"\n");
  EXPECT_NE(e.find("t.trace:3: bad string: unknown escape \\q"), std::string::npos) << e;
  e = ErrorOf(std::string(kHeader) + "description \"late\"\n");
  EXPECT_NE(e.find("t.trace:3: header line after the first channel line"), std::string::npos) << e;
  e = ErrorOf("asynchat-trace 1\nchannel c in_buffer=0\n");
  EXPECT_NE(e.find("t.trace:2: in_buffer must be at least 1"), std::string::npos) << e;
  e = ErrorOf(std::string(kHeader) + "> c on found_terminator 0 close\n");
  EXPECT_NE(e.find("t.trace:3: call numbers start at 1"), std::string::npos) << e;
}

// The optional clauses header (FORMAT.md "Header"): clause-id-shaped words,
// kept in order, written back after the origin line. Whether SPEC.md defines
// them is the suite's check (conformance/run/case_runner.h), not the format's.
TEST(TraceFormat, ClausesHeaderParsesAndRoundTrips) {
  const std::string text =
      "asynchat-trace 1\n"
      "description \"d\"\n"
      "origin hand-written\n"
      "clauses chat.push.split core.recv.eof\n"
      "channel c\n"
      "> c read eof\n";
  Trace t = ParseTrace(text, "t.trace");
  EXPECT_EQ(t.clauses, (std::vector<std::string>{"chat.push.split", "core.recv.eof"}));
  EXPECT_EQ(t.clauses_line, 4);
  EXPECT_EQ(FormatTrace(t), text);
  EXPECT_TRUE(ParseTrace(kHeader).clauses.empty());  // optional: older files stay valid
}

TEST(TraceFormat, MalformedClausesNameFileLineAndProblem) {
  std::string e = ErrorOf("asynchat-trace 1\nclauses\n");
  EXPECT_NE(e.find("t.trace:2: clauses needs at least one clause id"), std::string::npos) << e;
  e = ErrorOf("asynchat-trace 1\nclauses chat.push.split Chat.Push\n");
  EXPECT_NE(e.find("t.trace:2: not a clause id (core.|chat.|example. then [a-z0-9-] words, spec/README.md): Chat.Push"),
            std::string::npos)
      << e;
  e = ErrorOf("asynchat-trace 1\nclauses \"chat.push.split\"\n");
  EXPECT_NE(e.find("t.trace:2: not a clause id"), std::string::npos) << e;
  e = ErrorOf("asynchat-trace 1\nclauses chat.push.split\nclauses core.recv.eof\n");
  EXPECT_NE(e.find("t.trace:3: a second clauses line"), std::string::npos) << e;
  e = ErrorOf(std::string(kHeader) + "clauses chat.push.split\n");
  EXPECT_NE(e.find("t.trace:3: header line after the first channel line"), std::string::npos) << e;
}

// Application channels (FORMAT.md "Application channels").
TEST(TraceFormat, AppChannelsParseAndRoundTrip) {
  std::string text =
      "asynchat-trace 1\n"
      "channel s app=asyncore_echo_handler send_cap=5\n"
      "channel c app=asyncore_http_client connected=0\n"
      "> c poll\n"
      "< c poll readable=1 writable=1\n"
      "> c write\n"
      "< c connect\n"
      "< c send \"GET / HTTP/1.0\\r\\n\\r\\n\" 18\n"
      "> c read \"HTTP/1.0 200 OK\\r\\n\"\n"
      "< c recv 8192 17\n"
      "< c print \"HTTP/1.0 200 OK\\r\\n\"\n"
      "> s read error ECONNRESET\n"
      "< s recv 8192 error ECONNRESET\n"
      "< s close\n";
  Trace t = ParseTrace(text, "t.trace");
  ASSERT_EQ(t.channels.size(), 2u);
  EXPECT_EQ(t.channels[0].app, "asyncore_echo_handler");
  EXPECT_TRUE(t.channels[0].connected);
  EXPECT_EQ(*t.channels[0].send_cap, 5u);
  EXPECT_EQ(t.channels[1].app, "asyncore_http_client");
  EXPECT_FALSE(t.channels[1].connected);
  EXPECT_EQ(FormatTrace(t), text);
  // Setting order does not matter; the writer puts app= first.
  Trace reordered = ParseTrace("asynchat-trace 1\nchannel c connected=0 app=asyncore_http_client\n");
  EXPECT_EQ(FormatTrace(reordered), "asynchat-trace 1\nchannel c app=asyncore_http_client connected=0\n");
}

TEST(TraceFormat, MalformedAppChannelsNameFileAndLine) {
  const std::string head = "asynchat-trace 1\n";
  const std::string echo = head + "channel s app=asyncore_echo_handler\n";
  const std::string client = head + "channel c app=asyncore_http_client connected=0\n";
  struct Bad {
    std::string text;
    std::string error;
  };
  const Bad bad[] = {
      {head + "channel s app=asyncore_chat_server\n",
       "t.trace:2: unknown app asyncore_chat_server (known: asyncore_echo_handler, asyncore_http_client): "
       "channel s app=asyncore_chat_server"},
      {head + "channel s app=\n", "t.trace:2: unknown app  (known: "},
      {head + "channel s app\n", "t.trace:2: bad setting app: channel s app"},
      {head + "channel s app=asyncore_echo_handler in_buffer=64\n",
       "t.trace:2: in_buffer does not apply to app=asyncore_echo_handler (it is an async_chat setting; the "
       "application reads with recv(8192))"},
      {head + "channel s out_buffer=64 app=asyncore_echo_handler\n", "t.trace:2: out_buffer does not apply"},
      {head + "channel c app=asyncore_http_client\n",
       "t.trace:2: app=asyncore_http_client connects in its constructor: declare it connected=0"},
      {head + "channel s app=asyncore_echo_handler connected=0\n",
       "t.trace:2: app=asyncore_echo_handler is made from an accepted, connected socket"},
      {echo + "> s push \"x\"\n",
       "t.trace:3: push is not an input of an app=asyncore_echo_handler channel (its inputs are read, write, poll, "
       "send_budget, send_error): > s push \"x\""},
      {echo + "> s set_terminator none\n", "t.trace:3: set_terminator is not an input of an app="},
      {client + "> c on found_terminator 1 close\n", "t.trace:3: on is not an input of an app=asyncore_http_client"},
      {echo + "< s collect \"x\"\n", "t.trace:3: collect is not an output of an app=asyncore_echo_handler channel"},
      {echo + "< s print \"x\"\n", "t.trace:3: print is an output of app=asyncore_http_client only"},
      {echo + "> s poll now\n", "t.trace:3: poll takes 0 argument(s), got 1"},
      {echo + "< s poll readable=1\n", "t.trace:3: poll takes 2 argument(s), got 1"},
      {echo + "< s poll readable=yes writable=0\n", "t.trace:3: poll readable=0|1 writable=0|1"},
      {echo + "< s recv 8192\n", "t.trace:3: recv N M or recv N error ERRNO"},
      {echo + "< s recv 8192 many\n", "t.trace:3: received count must be a non-negative integer, got many"},
      {echo + "< s recv 8192 error EWHAT\n", "t.trace:3: unknown errno name EWHAT"},
      {client + "< c print data\n", "t.trace:3: data expected as a quoted string, got data"},
      {std::string(kHeader) + "> c poll\n",
       "t.trace:3: poll input of an async_chat channel needs 'asynchat-trace 2' (this trace is version 1): > c poll"},
      {std::string(kHeader) + "< c recv 8192 3\n",
       "t.trace:3: recv output of an async_chat channel needs 'asynchat-trace 2' (this trace is version 1)"},
      {std::string(kHeader) + "> c on found_terminator 1 poll\n", "t.trace:3: unknown reaction action poll"},
  };
  for (const Bad& b : bad) {
    std::string e = ErrorOf(b.text);
    EXPECT_EQ(e.rfind(b.error, 0), 0u) << "input:\n" << b.text << "error:    " << e << "\nexpected: " << b.error;
  }
}

// FORMAT.md "Version 2": its records round-trip, and each is refused in a
// version-1 trace, naming what needs version 2.
TEST(TraceFormat, Version2RecordsRoundTripAndNeedTheVersion2Header) {
  const std::string body =
      "channel s listener=accepted\n"
      "channel c accepted_by=s in_buffer=8 log=default\n"
      "channel d connected=0 log=all\n"
      "channel e log=default\n"
      "> s poll\n"
      "< s poll readable=1 writable=0\n"
      "> s accept\n"
      "< s accepted c\n"
      "> s accept error ECONNABORTED\n"
      "> c on handle_close push \"bye\"\n"
      "> c on handle_close keep_open\n"
      "> d on connect push \"hello\"\n"
      "> c push_typed int \"10\"\n"
      "< c raise TypeError\n"
      "> c push_typed none \"\"\n"
      "< c raise TypeError\n"
      "> c push_with_producer \"data\"\n"
      "> c on found_terminator 1 push_with_producer \"more\"\n"
      "> c read eof\n"
      "< c recv 8 0\n"
      "< c handle_close\n"
      "< c log warning \"unhandled connect event\"\n"
      "< c close\n";
  const std::string text = "asynchat-trace 2\n" + body;
  Trace t = ParseTrace(text);
  EXPECT_EQ(t.version, 2);
  EXPECT_EQ(t.channels[0].listener, "accepted");
  EXPECT_EQ(t.channels[1].accepted_by, "s");
  EXPECT_EQ(t.channels[2].log, "all");
  EXPECT_EQ(t.channels[3].log, "default");
  EXPECT_EQ(FormatTrace(t), text);

  // Every line of the body but the channel lines of chat channels needs
  // version 2; a version-1 trace of it fails at the first.
  EXPECT_EQ(ErrorOf("asynchat-trace 1\n" + body).rfind(
                "t.trace:2: listener=, accepted_by= and log= need 'asynchat-trace 2' (this trace is version 1)", 0),
            0u);
  EXPECT_EQ(ErrorOf("asynchat-trace 1\nchannel c log=all\n"),
            "t.trace:2: listener=, accepted_by= and log= need 'asynchat-trace 2' (this trace is version 1): "
            "channel c log=all");
  const std::string v1 = "asynchat-trace 1\nchannel c\n";
  EXPECT_EQ(ErrorOf("asynchat-trace 2\nchannel c\n< c log info \"x\"\n"),
            "t.trace:3: log output on channel c, which reports none: declare it log=default or log=all "
            "(FORMAT.md \"Logging\"): < c log info \"x\"");
  const std::pair<std::string, std::string> needs_v2[] = {
      {"> c on connect close\n", "on connect reaction"},
      {"> c on handle_close keep_open\n", "on handle_close reaction"},
      {"> c push_typed int \"1\"\n", "push_typed int"},
      {"> c on found_terminator 2 push_typed none \"\"\n", "push_typed none"},
      {"> c push_with_producer \"x\"\n", "push_with_producer of a bytes object"},
      {"< c handle_close\n", "handle_close output"},
  };
  for (const auto& [line, name] : needs_v2) {
    EXPECT_EQ(ErrorOf(v1 + line), "t.trace:3: " + name + " needs 'asynchat-trace 2' (this trace is version 1): " +
                                      line.substr(0, line.size() - 1));
  }
}

TEST(TraceFormat, MalformedVersion2LinesNameFileAndLine) {
  const std::string head = "asynchat-trace 2\n";
  const std::string listener = head + "channel s listener=accept\n";
  const std::pair<std::string, std::string> bad[] = {
      {head + "channel s listener=maybe\n", "t.trace:2: listener is accepted or accept, got maybe"},
      {head + "channel s listener=accept in_buffer=4\n", "t.trace:2: a listener takes no other setting"},
      {head + "channel c accepted_by=s\n", "t.trace:2: accepted_by=s names no listener declared before it"},
      {listener + "channel c accepted_by=s connected=0\n", "t.trace:3: an accepted_by channel is made from an accepted"},
      {listener + "channel c accepted_by=s app=asyncore_http_client connected=0\n",
       "t.trace:3: an accepted_by channel is made from an accepted, connected socket: an async_chat or "
       "app=asyncore_echo_handler"},
      {listener + "> s push \"x\"\n", "t.trace:3: push is not an input of a listener (channel s is declared"},
      {listener + "< s collect \"x\"\n", "t.trace:3: collect is not an output of a listener"},
      {listener + "> s accept now\n", "t.trace:3: accept takes nothing or error ERRNO"},
      {listener + "> s accept error EWHAT\n", "t.trace:3: unknown errno name EWHAT"},
      {head + "channel c\n> c accept\n", "t.trace:3: accept belongs to listeners only"},
      {head + "channel c\n< c accepted d\n", "t.trace:3: accepted belongs to listeners only"},
      {head + "channel c\n> c on close push \"x\"\n", "t.trace:3: on supports found_terminator, connect and "},
      {head + "channel c\n> c on connect keep_open\n", "t.trace:3: unknown reaction action keep_open"},
      {head + "channel c\n> c on connect\n", "t.trace:3: on needs: found_terminator N ACTION..., connect"},
      {head + "channel c\n> c push_typed int \"ten\"\n", "t.trace:3: push_typed int takes the integer as a"},
      {head + "channel c\n> c push_typed none \"x\"\n", "t.trace:3: push_typed none takes \"\""},
      {head + "channel c\n> c push_typed float \"1\"\n", "t.trace:3: push_typed type must be bytes, bytearray, "},
      {head + "channel c log=all\n< c log \"x\"\n", "t.trace:3: log takes 2 argument(s), got 1"},
      {head + "channel c log=warning\n", "t.trace:2: log is default or all, got warning"},
      {head + "channel c app=asyncore_echo_handler log=all\n", "t.trace:2: log= applies to async_chat channels"},
      {head + "channel s listener=accept log=all\n", "t.trace:2: log= applies to async_chat channels"},
      {head + "channel c\n< c handle_close now\n", "t.trace:3: handle_close takes 0 argument(s), got 1"},
  };
  for (const auto& [text, error] : bad) {
    std::string e = ErrorOf(text);
    EXPECT_EQ(e.rfind(error, 0), 0u) << "input:\n" << text << "error:    " << e << "\nexpected: " << error;
  }
}

TEST(TraceFormat, RecordLinesOfAppChannelsParseOnTheirOwn) {
  // The driver protocol parses one line at a time, without the channel's
  // declaration; whether the channel may take it is the session's to check.
  EXPECT_EQ(FormatRecord(ParseRecordLine("> s poll", "p", 1)), "> s poll");
  EXPECT_EQ(FormatRecord(ParseRecordLine("< s recv 8192 0", "p", 1)), "< s recv 8192 0");
  EXPECT_EQ(FormatRecord(ParseRecordLine("< c print \"\\x00\"", "p", 1)), "< c print \"\\x00\"");
  try {
    ParseRecordLine("< s recv -1 3", "p", 4);
    ADD_FAILURE() << "expected TraceError";
  } catch (const TraceError& e) {
    EXPECT_EQ(std::string(e.what()), "p:4: recv size must be a non-negative integer, got -1: < s recv -1 3");
  }
}

TEST(TraceFormat, ControlCharactersOutsideStringsAreRefused) {
  // Found by trace_parser_fuzzer: "origin hn\r\r\n" kept a '\r' in the word,
  // which the writer wrote back and the reader then stripped.
  EXPECT_EQ(ErrorOf("asynchat-trace 1\norigin hn\r\r\n"),
            "t.trace:2: control character \\x0d at column 10 (bytes belong in a quoted string): origin hn\r");
  EXPECT_EQ(ErrorOf(std::string(kHeader) + "> c\tread eof\n").rfind("t.trace:3: control character \\x09 at column 4", 0),
            0u);
  // One '\r' before the newline is a CRLF line end, and inside a string it is escaped.
  EXPECT_EQ(ParseTrace("asynchat-trace 1\r\norigin hn\r\n").origin, "hn");
}

TEST(TraceFormat, NegativeTerminatorIsAValidInput) {
  // Refusing it is the implementation's job (an output `raise ValueError`).
  Trace t = ParseTrace(std::string(kHeader) + "> c set_terminator int:-1\n");
  EXPECT_EQ(t.records[0].args[0].text, "int:-1");
}

// What cannot be read is named as such: a missing file, a directory.
TEST(TraceFormat, UnreadableFilesAreNamed) {
  const std::string dir = ::testing::TempDir();
  try {
    ReadTraceFile(dir);
    ADD_FAILURE() << "a directory was read";
  } catch (const TraceError& e) {
    EXPECT_EQ(std::string(e.what()), dir + ": is a directory, not a trace file");
  }
  try {
    ReadTraceFile(dir + "/no-such.trace");
    ADD_FAILURE() << "a missing file was read";
  } catch (const TraceError& e) {
    EXPECT_EQ(std::string(e.what()), dir + "/no-such.trace: cannot open trace file");
  }
}

// Every number is a 64-bit signed integer; one beyond that range is refused
// as out of range, naming the file, line and value (not as a malformed
// word), wherever it appears. The extremes themselves are valid.
TEST(TraceFormat, IntegersBeyondSixtyFourBitsAreRefusedNamingTheValue) {
  const std::string range = "(trace integers are 64-bit: -9223372036854775808 to 9223372036854775807)";
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"> c set_terminator int:9223372036854775808", "9223372036854775808"},
      {"> c set_terminator int:-9223372036854775809", "-9223372036854775809"},
      {"> c set_terminator int:18446744073709551616", "18446744073709551616"},
      {"> c on found_terminator 1 set_terminator int:99999999999999999999999", "99999999999999999999999"},
      {"> c send_budget 18446744073709551615", "18446744073709551615"},
      {"> c on found_terminator 99999999999999999999 close", "99999999999999999999"},
      {"< c send \"a\" 99999999999999999999", "99999999999999999999"},
  };
  for (const auto& [line, value] : bad) {
    EXPECT_EQ(ErrorOf(std::string(kHeader) + line + "\n"),
              "t.trace:3: integer " + value + " is out of range " + range + ": " + line)
        << line;
  }
  EXPECT_EQ(ErrorOf("asynchat-trace 1\nchannel c in_buffer=18446744073709551616\n"),
            "t.trace:2: integer 18446744073709551616 is out of range " + range +
                ": channel c in_buffer=18446744073709551616");
  Trace t = ParseTrace(std::string(kHeader) + "> c set_terminator int:9223372036854775807\n" +
                       "> c set_terminator int:-9223372036854775808\n> c send_budget 9223372036854775807\n");
  EXPECT_EQ(t.records.size(), 3u);
}

}  // namespace
}  // namespace traces
