// The PyMOTW echo example recorded live over 127.0.0.1: the recording replays
// exactly on the reference, the wire carries the command and the 166-byte
// message in order both ways, every channel closes, and the checked-in
// traces/echo/loopback.trace means the same as a fresh recording.
#include "reference/harness/live_echo.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "reference/examples/pymotw_echo.h"
#include "reference/harness/live_recorder.h"
#include "reference/harness/reference_replay.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace harness {
namespace {

const std::string kMessage(examples::pymotw::kLoremMessage);
const std::string kCommand = "ECHO 166\n";

// Concatenation of `channel`'s read input bytes.
std::string ReadBytes(const traces::Trace& t, const std::string& channel) {
  std::string out;
  for (const traces::Record& r : t.records) {
    if (r.direction == traces::Record::Direction::kInput && r.channel == channel && r.verb == "read" &&
        r.args[0].kind == traces::Arg::Kind::kBytes) {
      out += r.args[0].text;
    }
  }
  return out;
}

// Concatenation of the bytes `channel`'s sends accepted.
std::string SentBytes(const traces::Trace& t, const std::string& channel) {
  std::string out;
  for (const traces::Record& r : t.records) {
    if (r.direction == traces::Record::Direction::kOutput && r.channel == channel && r.verb == "send" && r.args.size() == 2) {
      out += r.args[0].text.substr(0, std::stoul(r.args[1].text));
    }
  }
  return out;
}

int Count(const traces::Trace& t, traces::Record::Direction d, const std::string& channel, const std::string& verb) {
  int n = 0;
  for (const traces::Record& r : t.records) n += r.direction == d && r.channel == channel && r.verb == verb;
  return n;
}

class LiveEcho : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { run_ = new LiveEchoRun(RecordEchoOverLoopback()); }
  static void TearDownTestSuite() {
    delete run_;
    run_ = nullptr;
  }
  static LiveEchoRun* run_;
};

LiveEchoRun* LiveEcho::run_ = nullptr;

TEST_F(LiveEcho, RecordingReplaysExactlyOnTheReference) {
  const traces::Trace& t = run_->trace;
  EXPECT_EQ(t.origin, "recording loopback");
  EXPECT_EQ(t.profile, traces::Profile::kStrict);
  std::optional<traces::Mismatch> m = CheckReplay(t);
  EXPECT_FALSE(m) << m->message;
  // Also through the text a file holds, replayed as traces:replay_test does.
  traces::Trace reparsed = traces::ParseTrace(traces::FormatTrace(t), "loopback.trace");
  ASSERT_EQ(reparsed.records.size(), t.records.size());
  m = traces::CompareTranscript(reparsed, ReplayOnReference(reparsed), traces::Profile::kStrict);
  EXPECT_FALSE(m) << m->message;
}

TEST_F(LiveEcho, TheWireCarriesTheCommandAndTheMessageInOrder) {
  const traces::Trace& t = run_->trace;
  EXPECT_EQ(SentBytes(t, "c"), kCommand + kMessage);
  EXPECT_EQ(ReadBytes(t, "h"), kCommand + kMessage);
  EXPECT_EQ(SentBytes(t, "h"), kMessage);
  EXPECT_EQ(ReadBytes(t, "c"), kMessage);
  // The client's producer handed out the message in 64-byte chunks.
  EXPECT_EQ(traces::FormatRecord(t.records.front()),
            traces::FormatRecord(traces::Record{traces::Record::Direction::kInput, "c", "producer",
                                {traces::Arg{traces::Arg::Kind::kWord, "p"}, traces::Arg{traces::Arg::Kind::kBytes, kMessage.substr(0, 64)},
                                 traces::Arg{traces::Arg::Kind::kBytes, kMessage.substr(64, 64)},
                                 traces::Arg{traces::Arg::Kind::kBytes, kMessage.substr(128)}},
                                0}));
}

TEST_F(LiveEcho, EveryChannelClosedOnceAndTheClientGotItsCopy) {
  const traces::Trace& t = run_->trace;
  ASSERT_EQ(t.channels.size(), 2u);
  EXPECT_EQ(t.channels[0].id, "c");
  EXPECT_FALSE(t.channels[0].connected);
  EXPECT_EQ(t.channels[1].id, "h");
  for (const traces::ChannelConfig& ch : t.channels) {
    EXPECT_EQ(ch.in_buffer, 64u) << ch.id;
    EXPECT_EQ(ch.out_buffer, 64u) << ch.id;
    EXPECT_EQ(Count(t, traces::Record::Direction::kOutput, ch.id, "close"), 1) << ch.id;
  }
  EXPECT_EQ(Count(t, traces::Record::Direction::kOutput, "c", "connect"), 1);
  EXPECT_EQ(Count(t, traces::Record::Direction::kOutput, "h", "found_terminator"), 2);
  EXPECT_EQ(Count(t, traces::Record::Direction::kOutput, "c", "found_terminator"), 1);
  ASSERT_FALSE(run_->log.empty());
  EXPECT_EQ(run_->log.back(), "EchoClient: RECEIVED COPY OF MESSAGE");
}

TEST_F(LiveEcho, HandlerFirstReadIsTheCommandAndTheNoteSaysSo) {
  // Reads run before writes in a select pass and loopback delivers a send at
  // once, so the handler's first read cannot hold more than the command.
  const traces::Trace& t = run_->trace;
  std::string first;
  for (const traces::Record& r : t.records) {
    if (r.direction == traces::Record::Direction::kInput && r.channel == "h" && r.verb == "read") {
      first = r.args[0].text;
      break;
    }
  }
  EXPECT_EQ(first, kCommand);
  bool noted = false;
  for (const std::string& n : t.notes) noted |= n.find("first read is the 9-byte command alone") != std::string::npos;
  EXPECT_TRUE(noted);
  bool server_noted = false;
  for (const std::string& n : t.notes) server_noted |= n.find("EchoServer is not an async_chat") != std::string::npos;
  EXPECT_TRUE(server_noted);
}

TEST_F(LiveEcho, CheckedInLoopbackTraceMeansTheSameAsAFreshRecording) {
  traces::Trace checked_in = traces::ReadTraceFile("traces/echo/loopback.trace");
  EXPECT_EQ(checked_in.origin, "recording loopback");
  std::optional<traces::Mismatch> m = traces::CompareTranscript(checked_in, run_->trace.records, traces::Profile::kSemantic);
  EXPECT_FALSE(m) << m->message;
}

TEST_F(LiveEcho, AlteredRecordingFailsTheSelfCheck) {
  traces::Trace t = run_->trace;
  for (traces::Record& r : t.records) {
    if (r.direction == traces::Record::Direction::kInput && r.channel == "h" && r.verb == "read") {
      r.args[0].text[0] ^= 1;  // "ECHO" -> "DCHO"
      break;
    }
  }
  EXPECT_TRUE(CheckReplay(t));
}

}  // namespace
}  // namespace harness
