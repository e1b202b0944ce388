#include "traces/trace_format.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(ErrorOf(""), "t.trace:1: empty trace: the first line must be 'asynchat-trace 1'");
  EXPECT_NE(ErrorOf("asynchat-trace 2\n").find("t.trace:1: unsupported format version 2"), std::string::npos);
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

TEST(TraceFormat, NegativeTerminatorIsAValidInput) {
  // Refusing it is the implementation's job (an output `raise ValueError`).
  Trace t = ParseTrace(std::string(kHeader) + "> c set_terminator int:-1\n");
  EXPECT_EQ(t.records[0].args[0].text, "int:-1");
}

}  // namespace
}  // namespace traces
