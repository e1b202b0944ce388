// The C++ adapter side of the driver protocol: a whole trace through it gives
// the reference's transcript, every malformed or out-of-order request line is
// answered with one `fatal` naming the line (and serving goes on), and what
// the implementation cannot run is `unsupported`.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <stdexcept>

#include "conformance/driver/capabilities.h"
#include "conformance/driver/driver_server.h"
#include "reference/harness/reference_implementation.h"
#include "reference/harness/checked_in_traces.h"
#include "reference/harness/reference_replay.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

std::vector<std::string> Serve(const std::vector<std::string>& requests,
                               const ServedImplementation& impl = harness::ReferenceImplementation()) {
  std::string text;
  for (const std::string& r : requests) text += r + "\n";
  std::istringstream in(text);
  std::ostringstream out;
  EXPECT_EQ(ServeDriverProtocol(in, out, impl), 0);
  std::vector<std::string> lines;
  std::istringstream answers(out.str());
  for (std::string line; std::getline(answers, line);) lines.push_back(line);
  return lines;
}

const std::string kHandshake = "asynchat-driver 1";

// PROTOCOL.md "Versions": the newest version both speak; a version-1 suite
// is offered version-1 capabilities only, and a suite from the future the
// newest this server knows.
TEST(DriverServer, HandshakeIsAnsweredWithTheNewestVersionBothSpeak) {
  std::vector<std::string> got = Serve({kHandshake, "asynchat-driver 2", "asynchat-driver 9"});
  ASSERT_EQ(got.size(), 3u);
  const std::string v1_caps =
      "asyncore_apps buffer_sizes close_when_done connect discard_buffers "
      "int_terminator none_terminator producers reactions recv_errors send_control string_terminator";
  EXPECT_EQ(got[0], "hello 1 \"asynchat-conformance C++ reference\" " + v1_caps);
  EXPECT_EQ(got[1].rfind("hello 2 \"asynchat-conformance C++ reference\" ", 0), 0u) << got[1];
  EXPECT_EQ(got[2].rfind("hello 2 ", 0), 0u) << got[2];
}

TEST(DriverServer, EveryCheckedInTraceGivesTheReferenceTranscript) {
  int checked = 0;
  const std::set<std::string> caps = harness::ReferenceImplementation().capabilities;
  for (const traces::Trace& t : harness::CheckedInTraces()) {
    if (!MissingCapabilities(t, caps).empty()) continue;
    // A version-2 trace needs a version-2 session (its capabilities, records).
    std::vector<std::string> requests = {"asynchat-driver " + std::to_string(t.version), "case \"" + t.file + "\""};
    std::vector<std::string> expected = {"", "ok"};
    for (const traces::ChannelConfig& c : t.channels) {
      traces::Trace one;
      one.channels = {c};
      std::string text = traces::FormatTrace(one);
      requests.push_back(text.substr(text.find('\n') + 1, text.size() - text.find('\n') - 2));
      expected.push_back("ok");
    }
    // Each input is answered with the outputs after it in the transcript, then ok.
    bool answering = false;
    for (const traces::Record& r : harness::ReplayOnReference(t)) {
      if (r.direction == traces::Record::Direction::kOutput) {
        expected.push_back(traces::FormatRecord(r));
        continue;
      }
      if (answering) expected.push_back("ok");
      requests.push_back(traces::FormatRecord(r));
      answering = true;
    }
    if (answering) expected.push_back("ok");
    requests.insert(requests.end(), {"end", "quit", "never read"});
    expected.insert(expected.end(), {"ok", "ok"});
    std::vector<std::string> got = Serve(requests);
    ASSERT_FALSE(got.empty());
    expected[0] = got[0];  // the hello, checked above
    EXPECT_EQ(got, expected) << t.file;
    ++checked;
  }
  EXPECT_GE(checked, 3);
}

struct Bad {
  std::vector<std::string> before;  // accepted lines first (each answered ok or hello)
  std::string line;
  std::string fatal;  // expected in the fatal answer
};

TEST(DriverServer, MalformedOrOutOfOrderLinesAreFatalNamingTheLine) {
  const std::vector<std::string> in_case = {kHandshake, "case \"x\"", "channel c in_buffer=2"};
  const std::vector<Bad> bad = {
      {{}, "case \"x\"", "request:1: expected the handshake 'asynchat-driver 2' first: case \"x\""},
      {{}, "asynchat-driver one", "request:1: expected asynchat-driver N"},
      {{kHandshake}, "bogus", "request:2: unknown request bogus: bogus"},
      {{kHandshake}, "", "request:2: empty request line"},
      {{kHandshake}, "case x", "request:2: case takes one quoted string: case x"},
      {{kHandshake}, "case \"x", "request:2: unterminated string"},
      {{kHandshake}, "case \"\\q\"", "request:2: bad string: unknown escape \\q"},
      {{kHandshake}, "channel c", "request:2: channel outside a case (send case first): channel c"},
      {{kHandshake}, "> c write", "request:2: input outside a case (send case first): > c write"},
      {{kHandshake}, "end", "request:2: end outside a case: end"},
      {{kHandshake}, "quit now", "request:2: quit takes no arguments"},
      {in_case, "end now", "request:4: end takes no arguments"},
      {in_case, "channel c", "request:4: channel c declared twice: channel c"},
      {in_case, "channel d bogus=1", "request:4: unknown setting bogus=1: channel d bogus=1"},
      {in_case, "channel", "request:4: channel needs an id"},
      {in_case, "> d write", "request:4: channel d used before it is declared: > d write"},
      {in_case, "> c read", "request:4: read needs \"bytes\", eof, wouldblock or error ERRNO: > c read"},
      {in_case, "> c frobnicate", "request:4: unknown input verb frobnicate"},
      {in_case, "> c send_error ENOSUCH", "request:4: unknown errno name ENOSUCH"},
      {in_case, "> c set_terminator int:99999999999999999999",
       "request:4: integer 99999999999999999999 is out of range (trace integers are 64-bit"},
      {in_case, "> c send_budget 18446744073709551616", "request:4: integer 18446744073709551616 is out of range"},
      {in_case, "channel d out_buffer=18446744073709551616", "request:4: integer 18446744073709551616 is out of range"},
      {in_case, "< c collect \"x\"", "request:4: an output record is not a request"},
      {in_case, "> c read \"abc\"", "case \"x\":4: read of 3 bytes exceeds channel c's in_buffer 2"},
      {in_case, "> c push_with_producer p", "case \"x\":4: producer p used before it is declared"},
  };
  for (const Bad& b : bad) {
    std::vector<std::string> requests = b.before;
    requests.push_back(b.line);
    requests.push_back(kHandshake);  // serving goes on after a fatal answer
    std::vector<std::string> got = Serve(requests);
    ASSERT_EQ(got.size(), requests.size()) << b.line;
    const std::string& answer = got[b.before.size()];
    EXPECT_EQ(answer.rfind("fatal \"", 0), 0u) << b.line << " -> " << answer;
    std::string reason = traces::ParseTrace("asynchat-trace 1\ndescription " + answer.substr(6) + "\n").description;
    EXPECT_NE(reason.find(b.fatal), std::string::npos) << b.line << " -> " << reason;
    EXPECT_EQ(got.back().rfind("hello 1 ", 0), 0u) << b.line;
  }
}

TEST(DriverServer, CarriageReturnBeforeTheNewlineIsTolerated) {
  std::vector<std::string> got = Serve({kHandshake + "\r", "case \"x\"\r", "end\r"});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[1], "ok");
  EXPECT_EQ(got[2], "ok");
}

TEST(DriverServer, InputNeedingAnUndeclaredCapabilityIsUnsupportedAndTheCaseGoesOn) {
  std::vector<std::string> got = Serve({kHandshake, "case \"x\"", "channel c", "> c push_typed bytes \"ab\"",
                                        "> c on found_terminator 1 push_typed str \"ab\"", "> c push \"ab\"", "end"});
  ASSERT_EQ(got.size(), 8u);
  EXPECT_EQ(got[3], "unsupported \"needs capability typed_push, which this adapter does not declare\"");
  EXPECT_EQ(got[4], got[3]);
  EXPECT_EQ(got[5], "< c send \"ab\" 2");
  EXPECT_EQ(got[6], "ok");
  EXPECT_EQ(got[7], "ok");
}

// A served implementation with few capabilities whose session throws what
// it is told to.
class ThrowingSession : public DriverSession {
 public:
  void AddChannel(const traces::ChannelConfig&) override {}
  std::vector<traces::Record> Feed(const traces::Record& input) override {
    if (input.verb == "close") throw std::runtime_error("adapter bug");
    return {traces::Record{traces::Record::Direction::kOutput, input.channel, "found_terminator", {}, 0}};
  }
};

ServedImplementation Few() {
  ServedImplementation impl;
  impl.name = "few \"quoted\"";
  impl.capabilities = {"string_terminator"};
  impl.start_case = [](const std::string&) { return std::make_unique<ThrowingSession>(); };
  return impl;
}

TEST(DriverServer, ChannelNeedingAnUndeclaredCapabilityIsUnsupported) {
  std::vector<std::string> got = Serve({kHandshake, "case \"x\"", "channel c in_buffer=4", "channel d"}, Few());
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0], "hello 1 \"few \\\"quoted\\\"\" string_terminator");
  EXPECT_EQ(got[2], "unsupported \"needs capability buffer_sizes, which this adapter does not declare\"");
  EXPECT_EQ(got[3], "ok");
}

TEST(DriverServer, AnExceptionEscapingTheSessionIsFatalNotACrash) {
  std::vector<std::string> got = Serve({kHandshake, "case \"x\"", "channel c", "> c write", "> c close", "> c write"}, Few());
  ASSERT_EQ(got.size(), 8u);
  EXPECT_EQ(got[3], "< c found_terminator");
  EXPECT_EQ(got[4], "ok");
  EXPECT_EQ(got[5], "fatal \"internal error: adapter bug\"");
  EXPECT_EQ(got[6], "< c found_terminator");
}

TEST(DriverServer, NewCaseStartsFresh) {
  std::vector<std::string> got = Serve({kHandshake, "case \"a\"", "channel c", "> c set_terminator str:\"\\n\"",
                                        "case \"b\"", "channel c", "> c read \"x\\n\"", "end"});
  ASSERT_EQ(got.size(), 10u);
  EXPECT_EQ(got[5], "ok");  // c again: the old case is gone
  // and its terminator with it: input before any set_terminator is an error
  EXPECT_EQ(got[6], "< c error AttributeError");
  EXPECT_EQ(got[7], "< c close");
}

}  // namespace
}  // namespace conformance
