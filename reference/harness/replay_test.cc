// Every checked-in trace replays against the reference; altered traces fail
// with a message naming the line, so replay is not vacuous.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "reference/harness/checked_in_traces.h"
#include "reference/harness/reference_replay.h"
#include "reference/harness/reference_session.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace harness {
namespace {

std::optional<traces::Mismatch> Replay(const traces::Trace& t) { return traces::CompareTranscript(t, ReplayOnReference(t), t.profile); }

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Replay, EveryCheckedInTraceReplaysOnTheReference) {
  std::vector<traces::Trace> all = TracesTheReferenceCanReplay();
  ASSERT_GE(all.size(), 3u) << "the echo traces should be in the test's data";
  for (const traces::Trace& t : all) {
    auto m = Replay(t);
    EXPECT_FALSE(m) << m->message;
  }
}

TEST(Replay, OnlyPushesOfTextOrOtherObjectsAreBeyondTheReference) {
  int beyond = 0;
  for (const traces::Trace& t : CheckedInTraces()) {
    std::string why = ReferenceCannotReplay(t);
    if (why.empty()) continue;
    ++beyond;
    // A C++ push() cannot be handed a text string, an int or None.
    const bool object_push = why.find("push_typed str") != std::string::npos ||
                             why.find("push_typed int") != std::string::npos ||
                             why.find("push_typed none") != std::string::npos;
    EXPECT_TRUE(object_push) << why;
    EXPECT_THROW(ReplayOnReference(t), traces::TraceError) << t.file;
  }
  EXPECT_GE(beyond, 1) << "the medusa text-push regressions should be in the test's data";
}

TEST(Replay, DocumentedEchoScheduleMatchesTheDocument) {
  // The collect sizes and more() sizes of the run printed in
  // [pymotw-asynchat] (spec/SPEC.md), in order, per channel.
  traces::Trace t = traces::ReadTraceFile("traces/echo/documented.trace");
  std::vector<std::string> h, c;
  for (const traces::Record& r : t.records) {
    if (r.direction != traces::Record::Direction::kOutput) continue;
    std::string what;
    if (r.verb == "collect") what = "collect " + std::to_string(r.args[0].text.size());
    else if (r.verb == "more") what = "more " + std::to_string(r.args[1].text.size());
    else if (r.verb == "found_terminator") what = "found";
    else continue;
    (r.channel == "h" ? h : c).push_back(what);
  }
  EXPECT_EQ(h, (std::vector<std::string>{"collect 8", "found", "collect 55", "collect 64", "collect 47", "found"}));
  EXPECT_EQ(c, (std::vector<std::string>{"more 64", "more 64", "more 38", "more 0", "collect 64", "collect 64",
                                          "collect 38", "found"}));
}

class Tampered : public ::testing::Test {
 protected:
  traces::Trace Original() { return traces::ParseTrace(Slurp("traces/echo/documented.trace"), "documented.trace"); }
};

TEST_F(Tampered, AlteredByteFailsAtItsLine) {
  traces::Trace t = Original();
  for (traces::Record& r : t.records) {
    if (r.verb == "collect" && r.channel == "h") {
      r.args[0].text[0] ^= 1;
      auto m = Replay(t);
      ASSERT_TRUE(m);
      EXPECT_EQ(m->line, r.line);
      EXPECT_NE(m->message.find("documented.trace:" + std::to_string(r.line) + ": records differ"), std::string::npos)
          << m->message;
      return;
    }
  }
  FAIL() << "no collect record";
}

TEST_F(Tampered, MissingEventFails) {
  traces::Trace t = Original();
  auto it = std::find_if(t.records.begin(), t.records.end(), [](const traces::Record& r) { return r.verb == "found_terminator"; });
  ASSERT_NE(it, t.records.end());
  int removed_line = it->line;
  t.records.erase(it);
  auto m = Replay(t);
  ASSERT_TRUE(m);
  EXPECT_GT(m->line, removed_line);  // the record now standing where the event was
  EXPECT_NE(m->message.find("actual:   < h found_terminator"), std::string::npos) << m->message;
}

TEST_F(Tampered, ExtraEventFails) {
  traces::Trace t = Original();
  traces::Record extra = t.records.back();
  extra.verb = "found_terminator";
  extra.args.clear();
  extra.line = 999;
  t.records.push_back(extra);
  auto m = Replay(t);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->line, 999);
  EXPECT_NE(m->message.find("expected record missing"), std::string::npos) << m->message;
}

TEST_F(Tampered, SemanticProfileIgnoresChunkingButNotContent) {
  traces::Trace one_byte = traces::ReadTraceFile("traces/echo/1byte_reads.trace");
  traces::Trace documented = Original();
  // The documented trace's expected meaning holds for the 1-byte replay.
  documented.records.erase(std::remove_if(documented.records.begin(), documented.records.end(),
                                          [](const traces::Record& r) { return r.direction == traces::Record::Direction::kInput; }),
                           documented.records.end());
  EXPECT_FALSE(traces::CompareTranscript(documented, ReplayOnReference(one_byte), traces::Profile::kSemantic));
  traces::Trace altered = documented;
  for (traces::Record& r : altered.records) {
    if (r.verb == "collect" && r.channel == "c") {
      r.args[0].text.back() = '!';
      break;
    }
  }
  auto m = traces::CompareTranscript(altered, ReplayOnReference(one_byte), traces::Profile::kSemantic);
  ASSERT_TRUE(m);
  EXPECT_NE(m->message.find("channel c differs in meaning"), std::string::npos) << m->message;
}

// traces/asyncore/: the asyncore document's examples as app= channels (and
// the echo server's listener that makes its handlers).
std::vector<traces::Trace> AsyncoreTraces() {
  return CheckedInTraces([](const traces::Trace& t) { return t.file.rfind("traces/asyncore/", 0) == 0; });
}

TEST(AsyncoreTraces, EachIsADocumentedExampleOfAnAppChannel) {
  std::vector<traces::Trace> all = AsyncoreTraces();
  ASSERT_GE(all.size(), 13u);
  std::set<std::string> apps;
  for (const traces::Trace& t : all) {
    EXPECT_EQ(t.origin, "documented-example py2-asyncore-ja") << t.file;
    EXPECT_FALSE(t.description.empty()) << t.file;
    for (const traces::ChannelConfig& c : t.channels) {
      if (!c.listener.empty()) continue;  // the echo server itself (echo_server.trace)
      EXPECT_FALSE(c.app.empty()) << t.file;
      apps.insert(c.app);
    }
  }
  EXPECT_EQ(apps, (std::set<std::string>{"asyncore_echo_handler", "asyncore_http_client"}));
}

// One byte (or digit) of an expected output altered: replay fails at that
// record's line, and says so with the file name.
TEST(AsyncoreTraces, AnAlteredOutputFailsAtItsLine) {
  int altered = 0;
  for (const traces::Trace& original : AsyncoreTraces()) {
    for (std::size_t i = 0; i < original.records.size(); ++i) {
      const traces::Record& r = original.records[i];
      if (r.direction != traces::Record::Direction::kOutput) continue;
      traces::Trace t = original;
      traces::Record& changed = t.records[i];
      if ((r.verb == "send" || r.verb == "print") && !r.args[0].text.empty()) {
        changed.args[0].text[0] ^= 1;
      } else if (r.verb == "recv" && r.args.size() == 2) {
        changed.args[1].text = std::to_string(std::stoul(r.args[1].text) + 1);
      } else if (r.verb == "poll") {
        changed.args[1].text = r.args[1].text == "writable=1" ? "writable=0" : "writable=1";
      } else {
        continue;
      }
      auto m = Replay(t);
      ASSERT_TRUE(m) << original.file << ":" << r.line << ": altering " << traces::FormatRecord(r) << " went unnoticed";
      EXPECT_EQ(m->line, r.line) << m->message;
      EXPECT_NE(m->message.find(original.file + ":" + std::to_string(r.line) + ": records differ"), std::string::npos)
          << m->message;
      ++altered;
    }
  }
  EXPECT_GE(altered, 100);
}

TEST(AsyncoreTraces, AMissingOrExtraOutputFails) {
  traces::Trace t = traces::ReadTraceFile("traces/asyncore/http_client_send_cap5.trace");
  auto connect = std::find_if(t.records.begin(), t.records.end(), [](const traces::Record& r) { return r.verb == "connect"; });
  ASSERT_NE(connect, t.records.end());
  const int line = connect->line;
  traces::Trace missing = t;
  missing.records.erase(missing.records.begin() + (connect - t.records.begin()));
  auto m = Replay(missing);
  ASSERT_TRUE(m);
  EXPECT_GT(m->line, line);
  EXPECT_NE(m->message.find("actual:   < c connect"), std::string::npos) << m->message;
  traces::Trace extra = t;
  extra.records.insert(extra.records.begin() + (connect - t.records.begin()) + 1, *connect);
  m = Replay(extra);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->line, line);
  EXPECT_NE(m->message.find("expected: < c connect"), std::string::npos) << m->message;
}

TEST(ReplayErrors, ReadLargerThanAnApplicationsRecvIsATraceError) {
  traces::Trace t = traces::ParseTrace("asynchat-trace 1\nchannel s app=asyncore_echo_handler\n> s read \"" + std::string(8193, 'x') +
                           "\"\n",
                       "big.trace");
  try {
    ReplayOnReference(t);
    FAIL() << "expected TraceError";
  } catch (const traces::TraceError& e) {
    EXPECT_NE(std::string(e.what()).find(
                  "big.trace:3: read of 8193 bytes exceeds channel s's recv(8192) (app=asyncore_echo_handler)"),
              std::string::npos)
        << e.what();
  }
  t.records[0].args[0].text.pop_back();  // 8192: what recv(8192) can return
  std::vector<traces::Record> out = ReplayOnReference(t);
  ASSERT_GE(out.size(), 3u);
  EXPECT_EQ(traces::FormatRecord(out[1]), "< s recv 8192 8192");
}

TEST(ReplayErrors, ReadLargerThanInBufferIsATraceError) {
  traces::Trace t = traces::ParseTrace("asynchat-trace 1\nchannel c in_buffer=2\n> c read \"abc\"\n", "big.trace");
  try {
    ReplayOnReference(t);
    FAIL() << "expected TraceError";
  } catch (const traces::TraceError& e) {
    EXPECT_NE(std::string(e.what()).find("big.trace:3: read of 3 bytes exceeds channel c's in_buffer 2"),
              std::string::npos)
        << e.what();
  }
}

TEST(ReplayErrors, NegativeTerminatorRaisesValueError) {
  traces::Trace t = traces::ParseTrace("asynchat-trace 1\nchannel c\n> c set_terminator int:-1\n< c raise ValueError\n");
  auto m = Replay(t);
  EXPECT_FALSE(m) << m->message;
}

}  // namespace
}  // namespace harness
