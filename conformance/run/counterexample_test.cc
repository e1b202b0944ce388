#include "conformance/run/counterexample.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>

#include "conformance/driver/capabilities.h"
#include "conformance/model/chat_model.h"
#include "conformance/run/failure_signature.h"
#include "conformance/run/trace_shrinker.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::Record;

// The model with one deliberate bug: a collected 'z' comes out as 'Z'.
class BuggyModel : public Adapter {
 public:
  BuggyModel() {
    info_.protocol_version = 1;
    info_.implementation = "buggy model (z -> Z)";
    info_.capabilities = AllCapabilities();
  }
  const AdapterInfo& info() const override { return info_; }
  CaseOutcome RunSupported(const std::string&, const traces::Trace& scenario) override {
    ++runs;
    CaseOutcome o;
    o.transcript = RunModel(scenario);
    for (Record& r : o.transcript) {
      if (r.verb == "collect") {
        for (char& c : r.args[0].text) c = c == 'z' ? 'Z' : c;
      }
    }
    return o;
  }
  AdapterInfo info_;
  int runs = 0;
};

Case BigCase() {
  Case c;
  c.id = "t.big";
  c.description = "many inputs, one of which shows the bug";
  c.clauses = {"chat.collect.arbitrary-chunks", "chat.terminator.string.found"};
  std::string body = "asynchat-trace 1\nchannel c in_buffer=64 out_buffer=8\n> c set_terminator str:\"\\r\\n\"\n";
  for (int i = 0; i < 30; ++i) {
    body += "> c read \"line " + std::to_string(i) + (i == 17 ? " has a z in it" : "") + "\\r\\n\"\n";
    body += "> c push \"reply " + std::to_string(i) + "\"\n";
  }
  body += "> c close_when_done\n> c write\n";
  c.scenario = traces::ParseTrace(body, "case t.big");
  return c;
}

TEST(Counterexample, ShrinksAFailureToAFewInputsWithTheModelsExpectation) {
  Case c = BigCase();
  BuggyModel adapter;
  PreparedCase p = PrepareCase(c);
  CaseResult failure = RunPreparedCase(adapter, p);
  ASSERT_EQ(failure.verdict, Verdict::kFail);

  Counterexample ce = MakeCounterexample(adapter, p, failure, adapter.info().implementation);
  EXPECT_TRUE(ce.shrunk);
  EXPECT_EQ(ce.inputs_before, 63);
  EXPECT_LE(ce.inputs_after, 2) << traces::FormatTrace(ce.trace);
  EXPECT_FALSE(ce.stats.exhausted);
  EXPECT_EQ(ce.trace.origin, "counterexample t.big");
  EXPECT_EQ(ce.trace.description,
            "shrunk from case t.big, failing the same way; the case: many inputs, one of which shows the bug");
  EXPECT_EQ(ce.trace.clauses, c.clauses) << "the counterexample checks what its case checks";
  ASSERT_GE(ce.trace.notes.size(), 2u);
  EXPECT_NE(ce.trace.notes[0].find("buggy model (z -> Z) fails case t.big"), std::string::npos);
  EXPECT_NE(ce.trace.notes[1].find("records differ"), std::string::npos) << ce.trace.notes[1];

  // The written trace is the model's transcript of the shrunk scenario: it
  // replays clean on the model and still fails on the buggy implementation.
  std::string text = traces::FormatTrace(ce.trace);
  traces::Trace reread = traces::ParseTrace(text, "ce.trace");
  EXPECT_FALSE(traces::CompareTranscript(reread, RunModel(reread), reread.profile).has_value());
  EXPECT_TRUE(traces::CompareTranscript(reread, adapter.Run("x", reread).transcript, reread.profile).has_value());
  EXPECT_NE(text.find("z"), std::string::npos) << text;

  const char* tmp = std::getenv("TEST_TMPDIR");
  std::string path = std::string(tmp ? tmp : "/tmp") + "/ce/buggy/t.big.trace";
  WriteCounterexample(ce.trace, path);
  std::ifstream in(path);
  std::string written((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(written, text);
}

// A case of trace format 2 keeps its version: the counterexample's expected
// records are version-2 transcripts (recv, handle_close), which a version-1
// trace could not even be read with.
TEST(Counterexample, AFormat2CaseGivesAFormat2Trace) {
  Case c;
  c.id = "t.v2";
  c.description = "a version-2 case";
  c.clauses = {"chat.recv.size"};
  c.scenario = traces::ParseTrace(
      "asynchat-trace 2\nchannel c in_buffer=8\n> c set_terminator none\n> c read \"abc\"\n> c read \"z\"\n"
      "> c read eof\n",
      "case t.v2");
  BuggyModel adapter;
  adapter.info_.protocol_version = 2;
  PreparedCase p = PrepareCase(c);
  CaseResult failure = RunPreparedCase(adapter, p);
  ASSERT_EQ(failure.verdict, Verdict::kFail);
  Counterexample ce = MakeCounterexample(adapter, p, failure, adapter.info().implementation);
  EXPECT_EQ(ce.trace.version, 2);
  std::string text = traces::FormatTrace(ce.trace);
  EXPECT_EQ(text.rfind("asynchat-trace 2\n", 0), 0u) << text;
  EXPECT_NE(text.find("< c recv "), std::string::npos) << text;  // the shrunk in_buffer's size
  traces::Trace reread = traces::ParseTrace(text, "ce.trace");
  EXPECT_FALSE(traces::CompareTranscript(reread, RunModel(reread), reread.profile).has_value());
}

// An implementation whose buffers are 65536 bytes unless set, as it declares
// (CPython 3's), with the z bug: a case that gives no sizes is run and
// judged at 65536 (buffer_fit.h).
class DeclaringBuggyModel : public BuggyModel {
 public:
  DeclaringBuggyModel() {
    info_.protocol_version = 2;
    info_.in_buffer = info_.out_buffer = 65536;
  }
  CaseOutcome RunSupported(const std::string& id, const traces::Trace& scenario) override {
    traces::Trace own = scenario;
    for (traces::ChannelConfig& ch : own.channels) {
      if (!ch.in_buffer) ch.in_buffer = 65536;
      if (!ch.out_buffer) ch.out_buffer = 65536;
    }
    return BuggyModel::RunSupported(id, own);
  }
};

TEST(Counterexample, KeepsTheBufferSizesTheFailureWasJudgedAt) {
  Case c;
  c.id = "t.sized";
  c.description = "no sizes given, and a z";
  c.clauses = {"chat.collect.arbitrary-chunks"};
  c.scenario = traces::ParseTrace(
      "asynchat-trace 2\nchannel c\n> c set_terminator none\n> c read \"abc\"\n> c read \"z\"\n> c read eof\n",
      "case t.sized");
  DeclaringBuggyModel adapter;
  PreparedCase p = PrepareCase(c);
  CaseResult failure = RunPreparedCase(adapter, p);
  ASSERT_EQ(failure.verdict, Verdict::kFail) << failure.detail;
  ASSERT_TRUE(failure.fitted_expected.has_value());
  // At the sizes it ran at, the failure is the z; against the prepared
  // transcript (4096) it would be the recv size the verdict did not count.
  const FailureSignature z = MismatchSignature(c.profile, JudgedAgainst(p, failure).records, failure.actual);
  EXPECT_FALSE(z == MismatchSignature(c.profile, p.expected.records, failure.actual));

  Counterexample ce = MakeCounterexample(adapter, p, failure, adapter.info().implementation);
  EXPECT_TRUE(ce.shrunk) << ce.shrink_note;
  const std::string text = traces::FormatTrace(ce.trace);
  // The sizes are in the file (the shrink may lower them): nothing is left
  // to the implementation's defaults.
  ASSERT_EQ(ce.trace.channels.size(), 1u);
  EXPECT_TRUE(ce.trace.channels[0].in_buffer && ce.trace.channels[0].out_buffer) << text;

  // Replayed as a trace, it runs at those sizes and fails the same way.
  const traces::Trace reread = traces::ParseTrace(text, "ce.trace");
  Case replay;
  replay.id = "trace.ce";
  replay.profile = reread.profile;
  replay.clauses = reread.clauses;
  replay.scenario = ScenarioOf(reread);
  replay.expected = reread.records;
  PreparedCase rp = PrepareCase(replay);
  CaseResult again = RunPreparedCase(adapter, rp);
  ASSERT_EQ(again.verdict, Verdict::kFail) << again.detail;
  EXPECT_TRUE(MismatchSignature(replay.profile, JudgedAgainst(rp, again).records, again.actual) == z) << again.detail;
}

TEST(Counterexample, AFormat2CaseGivesAFormat2Counterexample) {
  // A z collected inside a format-2 scenario (`on connect`): the shrunk
  // trace keeps the case's version, so it reads back with its reaction.
  Case c;
  c.id = "t.v2";
  c.description = "a reaction inside handle_connect and a z";
  c.clauses = {"core.event.connect-before-connected"};
  c.scenario = traces::ParseTrace(
      "asynchat-trace 2\nchannel c connected=0\n> c on connect set_terminator str:\"\\n\"\n"
      "> c read \"a z\\n\"\n> c write\n",
      "case t.v2");
  BuggyModel adapter;
  adapter.info_.protocol_version = 2;  // a version-1 adapter is not given format-2 cases
  PreparedCase p = PrepareCase(c);
  CaseResult failure = RunPreparedCase(adapter, p);
  ASSERT_EQ(failure.verdict, Verdict::kFail);
  Counterexample ce = MakeCounterexample(adapter, p, failure, adapter.info().implementation);
  EXPECT_EQ(ce.trace.version, 2);
  traces::Trace reread = traces::ParseTrace(traces::FormatTrace(ce.trace), "ce.trace");
  EXPECT_EQ(reread.version, 2);
}

// The model with two bugs: a collected 'z' comes out as 'Z', and a send of
// "reply 2N" (N a digit) loses its last byte.
class TwoBugs : public BuggyModel {
 public:
  CaseOutcome RunSupported(const std::string& id, const traces::Trace& scenario) override {
    CaseOutcome o = BuggyModel::RunSupported(id, scenario);
    for (Record& r : o.transcript) {
      if (r.verb == "send" && r.args[0].text.rfind("reply 2", 0) == 0 && r.args[0].text.size() == 8) {
        r.args[0].text.pop_back();
        r.args[1].text = std::to_string(r.args[0].text.size());
      }
    }
    return o;
  }
};

TEST(Counterexample, AShrinkThatCouldWanderToTheOtherBugKeepsTheCasesRootCause) {
  // t.big's first mismatch is the 'Z' (line 17); the sends of "reply 20" to
  // "reply 29", after it, show the other bug.
  Case c = BigCase();
  TwoBugs adapter;
  PreparedCase p = PrepareCase(c);
  CaseResult failure = RunPreparedCase(adapter, p);
  ASSERT_EQ(failure.verdict, Verdict::kFail);
  const FailureSignature want = MismatchSignature(c.profile, p.expected.records, failure.actual);
  ASSERT_EQ(want.title, "after read (terminator str): collect differs: argument 1 other bytes");

  // A predicate that only asks "fails somehow" wanders off to the sends.
  auto signature_of = [&](const traces::Trace& t) {
    return MismatchSignature(c.profile, RunModel(t), adapter.Run("x", t).transcript);
  };
  traces::Trace wandered = Shrink(c.scenario, [&](const traces::Trace& t) { return signature_of(t).key != "none"; });
  ASSERT_NE(signature_of(wandered).key, want.key) << "the fixture no longer tempts a shrink away from the case's failure:\n"
                                          << traces::FormatTrace(wandered);

  // The counterexample keeps the case's signature.
  Counterexample ce = MakeCounterexample(adapter, p, failure, adapter.info().implementation);
  ASSERT_TRUE(ce.shrunk);
  EXPECT_LE(ce.inputs_after, 2) << traces::FormatTrace(ce.trace);
  traces::Trace reread = traces::ParseTrace(traces::FormatTrace(ce.trace), "ce.trace");
  EXPECT_EQ(MismatchSignature(reread.profile, reread.records, adapter.Run("x", reread).transcript).key, want.key)
      << traces::FormatTrace(ce.trace);
}

TEST(Counterexample, AnAdapterFailureIsWrittenUnshrunk) {
  Case c = BigCase();
  PreparedCase p = PrepareCase(c);
  CaseResult failure;
  failure.id = c.id;
  failure.verdict = Verdict::kAdapterFailure;
  failure.detail = "no answer within 5000 ms\nstderr: ...";
  BuggyModel adapter;
  Counterexample ce = MakeCounterexample(adapter, p, failure, "hanging");
  EXPECT_FALSE(ce.shrunk);
  EXPECT_EQ(adapter.runs, 0);
  EXPECT_EQ(ce.inputs_after, 63);
  EXPECT_EQ(ce.trace.records.size(), p.expected.records.size());
  EXPECT_NE(ce.trace.notes[1].find("no answer within 5000 ms"), std::string::npos);
}

TEST(Counterexample, AScenarioTheModelCannotRunIsWrittenUnshrunkWithItsOwnRecords) {
  // An app= trace (traces/channel_apps.h): the model, which shrinking needs
  // for the expected records, is of async_chat.
  Case c;
  c.id = "trace.asyncore.x";
  c.description = "an echo";
  c.clauses = {"core.dispatcher-with-send.buffered"};
  traces::Trace t = traces::ParseTrace(
      "asynchat-trace 1\nchannel s app=asyncore_echo_handler\n> s read \"hi\"\n< s recv 8192 2\n< s send \"hi\" 2\n"
      "> s read eof\n< s recv 8192 0\n< s close\n",
      "x.trace");
  c.expected = t.records;
  std::erase_if(t.records, [](const Record& r) { return r.direction == Record::Direction::kOutput; });
  c.scenario = t;
  PreparedCase p = PrepareCase(c, "x.trace");
  ASSERT_EQ(p.error, "");
  CaseResult failure;
  failure.id = c.id;
  failure.verdict = Verdict::kFail;
  failure.detail = "x.trace:5: records differ";
  BuggyModel adapter;
  Counterexample ce = MakeCounterexample(adapter, p, failure, "some asyncore");
  EXPECT_FALSE(ce.shrunk);
  EXPECT_EQ(adapter.runs, 0);
  EXPECT_EQ(ce.trace.channels.at(0).app, "asyncore_echo_handler");
  EXPECT_EQ(ce.trace.records.size(), 6u);
  EXPECT_EQ(ce.trace.description, "an echo") << "unshrunk: still what the case describes";
  EXPECT_EQ(ce.trace.notes.back(),
            "not shrunk: the model cannot run this scenario; expected records as the case gives them");
}

TEST(Counterexample, CommandsAreShellQuoted) {
  EXPECT_EQ(ImplFlag("python:/tmp/x y.py"), "--impl 'python:/tmp/x y.py'");
  EXPECT_EQ(ImplFlag("cmd:./adapter --fast"), "--impl-cmd './adapter --fast'");
  EXPECT_EQ(ReplayCommand("/tmp/ce/t.trace", ImplFlag("medusa")),
            "tools/bazel run //tools:trace -- replay /tmp/ce/t.trace --impl medusa");
  EXPECT_EQ(ReplayCommand("/tmp/my ce/t.trace", ImplFlag("medusa")),
            "tools/bazel run //tools:trace -- replay '/tmp/my ce/t.trace' --impl medusa");
}

// A relative path is replayable only from the directory it was printed in;
// the command carries an absolute one: the user's file if it is there, else
// the repository's.
TEST(Counterexample, ReplayCommandFromTopKeepsTheGivenPath) {
  EXPECT_EQ(ReplayCommandFromTop("conformance/implementations/medusa/counterexamples/x y.trace", ImplFlag("medusa")),
            "tools/bazel run //tools:trace -- replay 'conformance/implementations/medusa/counterexamples/x y.trace' "
            "--impl medusa");
}

TEST(Counterexample, ReplayCommandsNameAbsolutePaths) {
  namespace fs = std::filesystem;
  const fs::path tmp = std::getenv("TEST_TMPDIR");
  fs::create_directories(tmp / "user/ce");
  fs::create_directories(tmp / "repo/traces");
  std::ofstream(tmp / "user/ce/t.trace") << "asynchat-trace 1\n";
  std::ofstream(tmp / "repo/traces/r.trace") << "asynchat-trace 1\n";
  setenv("BUILD_WORKING_DIRECTORY", (tmp / "user").c_str(), 1);
  setenv("BUILD_WORKSPACE_DIRECTORY", (tmp / "repo").c_str(), 1);
  EXPECT_EQ(ReplayCommand("ce/t.trace", ImplFlag("medusa")),
            "tools/bazel run //tools:trace -- replay " + (tmp / "user/ce/t.trace").string() + " --impl medusa");
  EXPECT_EQ(ReplayCommand("./ce/../ce/t.trace", ImplFlag("medusa")),
            "tools/bazel run //tools:trace -- replay " + (tmp / "user/ce/t.trace").string() + " --impl medusa");
  EXPECT_EQ(ReplayCommand("traces/r.trace", ImplFlag("medusa")),
            "tools/bazel run //tools:trace -- replay " + (tmp / "repo/traces/r.trace").string() + " --impl medusa");
  unsetenv("BUILD_WORKING_DIRECTORY");
  unsetenv("BUILD_WORKSPACE_DIRECTORY");
  // Outside `bazel run` (a test, a binary run directly) a relative path is
  // taken from the working directory.
  EXPECT_EQ(AbsoluteTracePath("no/such.trace"), (fs::current_path() / "no/such.trace").string());
}

}  // namespace
}  // namespace conformance
