// The protocol's own lines: what one side writes, the other parses back to
// the same thing; what is not in the protocol is a TraceError naming the line.
#include <gtest/gtest.h>

#include "conformance/driver/protocol_lines.h"

namespace conformance {
namespace {

TEST(ProtocolLines, RequestsRoundTrip) {
  Request h = ParseRequest(HandshakeLine(), "f", 1);
  EXPECT_EQ(h.kind, Request::Kind::kHandshake);
  EXPECT_EQ(h.version, 2);

  const std::string odd_id = "a \"b\"\n\\c\x01";
  EXPECT_EQ(CaseLine(odd_id), "case \"a \\\"b\\\"\\n\\\\c\\x01\"");
  Request c = ParseRequest(CaseLine(odd_id), "f", 2);
  EXPECT_EQ(c.kind, Request::Kind::kCase);
  EXPECT_EQ(c.case_id, odd_id);

  traces::ChannelConfig config;
  config.id = "c.1";
  config.in_buffer = 4;
  config.out_buffer = 8;
  config.send_cap = 5;
  config.connected = false;
  EXPECT_EQ(ChannelLine(config), "channel c.1 in_buffer=4 out_buffer=8 send_cap=5 connected=0");
  Request ch = ParseRequest(ChannelLine(config), "f", 3);
  EXPECT_EQ(ch.kind, Request::Kind::kChannel);
  EXPECT_EQ(ch.channel.id, "c.1");
  EXPECT_EQ(ch.channel.in_buffer, 4u);
  EXPECT_EQ(ch.channel.out_buffer, 8u);
  EXPECT_EQ(ch.channel.send_cap, 5u);
  EXPECT_FALSE(ch.channel.connected);
  EXPECT_EQ(ch.channel.line, 3);

  Request in = ParseRequest("> c read \"ab\\r\"", "f", 4);
  EXPECT_EQ(in.kind, Request::Kind::kInput);
  EXPECT_EQ(in.input.args.at(0).text, "ab\r");
  EXPECT_EQ(in.input.line, 4);
  EXPECT_EQ(ParseRequest(kEndLine, "f", 5).kind, Request::Kind::kEnd);
  EXPECT_EQ(ParseRequest(kQuitLine, "f", 6).kind, Request::Kind::kQuit);
}

TEST(ProtocolLines, AnswersRoundTrip) {
  EXPECT_EQ(ParseAnswer(kOkLine, "f", 1).kind, Answer::Kind::kOk);
  Answer u = ParseAnswer(UnsupportedLine("no \"str\"\n"), "f", 2);
  EXPECT_EQ(u.kind, Answer::Kind::kUnsupported);
  EXPECT_EQ(u.reason, "no \"str\"\n");
  Answer f = ParseAnswer(FatalLine("bad"), "f", 3);
  EXPECT_EQ(f.kind, Answer::Kind::kFatal);
  EXPECT_EQ(f.reason, "bad");
  Answer h = ParseAnswer(HelloLine(1, "CPython \"3\"", {"producers", "connect"}), "f", 4);
  EXPECT_EQ(h.kind, Answer::Kind::kHello);
  EXPECT_EQ(h.hello.protocol_version, 1);
  EXPECT_EQ(h.hello.implementation, "CPython \"3\"");
  EXPECT_EQ(h.hello.capabilities, (std::set<std::string>{"connect", "producers"}));
  EXPECT_FALSE(h.hello.in_buffer);
  EXPECT_FALSE(h.hello.out_buffer);
  Answer sized = ParseAnswer(HelloLine(1, "fixed", {"producers"}, 512, 256), "f", 4);
  EXPECT_EQ(sized.hello.capabilities, (std::set<std::string>{"producers"}));
  EXPECT_EQ(sized.hello.in_buffer, std::optional<std::size_t>(512));
  EXPECT_EQ(sized.hello.out_buffer, std::optional<std::size_t>(256));
  // What this suite does not know is kept as a capability, and so ignored.
  Answer newer = ParseAnswer("hello 1 \"x\" producers someday=3 teleport", "f", 4);
  EXPECT_EQ(newer.hello.capabilities, (std::set<std::string>{"producers", "someday=3", "teleport"}));
  Answer o = ParseAnswer("< c send \"ab\" error EPIPE", "f", 5);
  EXPECT_EQ(o.kind, Answer::Kind::kOutput);
  EXPECT_EQ(o.output.verb, "send");
  // Another version's hello is read for its version only.
  Answer v2 = ParseAnswer("hello 3 whatever { it } says", "f", 6);
  EXPECT_EQ(v2.kind, Answer::Kind::kHello);
  EXPECT_EQ(v2.hello.protocol_version, 3);
}

void ExpectError(bool request, const std::string& line, const std::string& fragment) {
  try {
    if (request) ParseRequest(line, "where", 7);
    else ParseAnswer(line, "where", 7);
    ADD_FAILURE() << "accepted: " << line;
  } catch (const traces::TraceError& e) {
    std::string what = e.what();
    EXPECT_EQ(what.rfind("where:7: ", 0), 0u) << what;
    EXPECT_NE(what.find(fragment), std::string::npos) << what;
  }
}

TEST(ProtocolLines, WhatIsNotInTheProtocolIsATraceError) {
  ExpectError(true, "", "empty request line");
  ExpectError(true, "ok", "unknown request ok");
  ExpectError(true, "< c found_terminator", "an output record is not a request");
  ExpectError(true, "case", "case takes one quoted string");
  ExpectError(true, "case \"a\" \"b\"", "case takes one quoted string");
  ExpectError(true, "case \"a\"b", "missing space after string");
  ExpectError(true, "channel c in_buffer=0", "in_buffer must be at least 1");
  ExpectError(true, "channel # not a comment", "channel needs an id");
  ExpectError(true, "asynchat-driver", "expected asynchat-driver N");
  ExpectError(false, "> c write", "inputs are never echoed");
  ExpectError(false, "ok then", "not a protocol answer");
  ExpectError(false, "OK", "not a protocol answer");
  ExpectError(false, "unsupported", "unsupported takes one quoted string");
  ExpectError(false, "fatal \"a", "unterminated string");
  ExpectError(false, "hello", "expected hello N");
  ExpectError(false, "hello 1 unquoted", "hello needs the implementation as a quoted string");
  ExpectError(false, "hello 1 \"x\" \"cap\"", "capabilities are words");
  ExpectError(false, "< c collect", "collect takes 1 argument");
  ExpectError(false, "hello 1 \"x\" in_buffer=0", "in_buffer must be a whole number of bytes, at least 1");
  ExpectError(false, "hello 1 \"x\" out_buffer=4k", "out_buffer must be a whole number");
  ExpectError(false, "hello 1 \"x\" in_buffer=", "in_buffer must be a whole number");
  ExpectError(false, "hello 1 \"x\" in_buffer=8 in_buffer=8", "in_buffer is declared twice");
}

}  // namespace
}  // namespace conformance
