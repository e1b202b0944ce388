// The suite's side of the driver protocol, against the reference adapter
// binary (its transcripts must equal the in-process reference's, which tests
// both sides of the protocol) and against testdata/fake_adapter.sh, an adapter
// that misbehaves on demand: every misbehaviour is reported as what it is,
// with the line and the adapter's stderr, and the next case runs on a
// restarted adapter.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "conformance/driver/capabilities.h"
#include "conformance/driver/adapter_factory.h"
#include "conformance/driver/process_adapter.h"
#include "base/runfiles.h"
#include "traces/trace_compare.h"
#include "reference/harness/checked_in_traces.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

using Status = CaseOutcome::Status;
using namespace std::chrono_literals;

std::string Formatted(const std::vector<traces::Record>& records) {
  std::string out;
  for (const traces::Record& r : records) out += traces::FormatRecord(r) + "\n";
  return out;
}



ProcessAdapterOptions ReferenceProcess(std::vector<std::string> extra = {}) {
  ProcessAdapterOptions o;
  o.argv = {base::Runfile("reference/harness/reference_adapter")};
  o.argv.insert(o.argv.end(), extra.begin(), extra.end());
  return o;
}

TEST(ReferenceThroughTheProtocol, EveryCheckedInTraceEqualsTheInProcessReference) {
  ProcessAdapter process(ReferenceProcess());
  ASSERT_EQ(process.handshake_error(), "");
  std::unique_ptr<Adapter> in_process = MakeAdapter("reference");
  EXPECT_EQ(process.info().protocol_version, 2);
  EXPECT_EQ(process.info().implementation, in_process->info().implementation);
  EXPECT_EQ(process.info().capabilities, in_process->info().capabilities);
  const std::set<std::string>& caps = in_process->info().capabilities;
  std::vector<traces::Trace> all =
      harness::CheckedInTraces([&](const traces::Trace& t) { return MissingCapabilities(t, caps).empty(); });
  ASSERT_GE(all.size(), 3u);
  for (const traces::Trace& t : all) {
    CaseOutcome got = process.Run(t.file, t);
    ASSERT_EQ(got.status, Status::kRan) << t.file << ": " << got.detail;
    EXPECT_EQ(Formatted(got.transcript), Formatted(in_process->Run(t.file, t).transcript)) << t.file;
    auto mismatch = traces::CompareTranscript(t, got.transcript, t.profile);
    EXPECT_FALSE(mismatch) << mismatch->message;
  }
  EXPECT_EQ(process.processes_started(), 1);
}

TEST(ModelThroughTheProtocol, EveryCheckedInTraceEqualsTheInProcessModel) {
  ProcessAdapter process(ReferenceProcess({"--impl", "model"}));
  ASSERT_EQ(process.handshake_error(), "");
  std::unique_ptr<Adapter> in_process = MakeAdapter("model");
  EXPECT_EQ(process.info().implementation, in_process->info().implementation);
  EXPECT_EQ(process.info().capabilities, in_process->info().capabilities);
  for (const traces::Trace& t : harness::CheckedInTraces()) {
    CaseOutcome got = process.Run(t.file, t);
    if (RequiredCapabilities(t).count("asyncore_apps")) {
      // The model is of async_chat: app= traces are not even sent.
      EXPECT_EQ(got.status, Status::kUnsupported) << t.file;
      continue;
    }
    ASSERT_EQ(got.status, Status::kRan) << t.file << ": " << got.detail;
    EXPECT_EQ(Formatted(got.transcript), Formatted(in_process->Run(t.file, t).transcript)) << t.file;
  }
}

TEST(ReferenceThroughTheProtocol, CaseNeedingTypedPushIsUnsupported) {
  ProcessAdapter process(ReferenceProcess());
  // The reference declares no typed_push: the suite does not even send the case.
  traces::Trace typed = traces::ParseTrace("asynchat-trace 1\nchannel c\n> c push_typed str \"x\"\n");
  CaseOutcome got = process.Run("typed", typed);
  EXPECT_EQ(got.status, Status::kUnsupported);
  EXPECT_NE(got.detail.find("typed_push"), std::string::npos) << got.detail;
  traces::Trace t = harness::CheckedInTraces().front();
  EXPECT_EQ(process.Run("after", t).status, Status::kRan);
  EXPECT_EQ(process.processes_started(), 1);
}

// --- Misbehaving adapters.

const char kScenario[] = "asynchat-trace 1\nchannel c\n> c push \"x\"\n> c write\n";

traces::Trace Scenario() { return traces::ParseTrace(kScenario, "fake.trace"); }

ProcessAdapterOptions Fake(const std::string& mode, std::chrono::milliseconds limit = 5000ms) {
  ProcessAdapterOptions o;
  o.argv = {"/bin/sh", base::Runfile("conformance/driver/testdata/fake_adapter.sh"), mode};
  o.case_time_limit = limit;
  return o;
}

// The fake's good cases have no outputs: the transcript is the inputs.
void ExpectGoodCaseRuns(ProcessAdapter& adapter) {
  CaseOutcome got = adapter.Run("good", Scenario());
  ASSERT_EQ(got.status, Status::kRan) << got.detail;
  EXPECT_EQ(Formatted(got.transcript), "> c push \"x\"\n> c write\n");
}

void ExpectContains(const std::string& text, const std::string& fragment) {
  EXPECT_NE(text.find(fragment), std::string::npos) << "missing: " << fragment << "\nin:\n" << text;
}

TEST(MisbehavingAdapter, CrashIsReportedWithSignalStderrAndWhatArrived) {
  ProcessAdapter adapter(Fake("crash"));
  ASSERT_EQ(adapter.handshake_error(), "");
  ExpectGoodCaseRuns(adapter);
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "stdout ended while answering line '> c push \"x\"'");
  ExpectContains(got.detail, "killed by signal 11");
  ExpectContains(got.detail, "fake adapter: crashing now");
  EXPECT_EQ(Formatted(got.transcript), "> c push \"x\"\n< c collect \"partial\"\n");
  ExpectGoodCaseRuns(adapter);
  EXPECT_EQ(adapter.processes_started(), 2);
}

TEST(MisbehavingAdapter, MemoryHogFailsUnderTheLimitAndTheReportSaysWhy) {
  ProcessAdapterOptions limited = Fake("memory-hog");
  limited.memory_limit_bytes = std::size_t{256} << 20;
  ProcessAdapter adapter(limited);
  ExpectGoodCaseRuns(adapter);
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "MemoryError");
  ExpectContains(got.detail, "limits an adapter to 256 MiB (--memory-limit)");
  ExpectGoodCaseRuns(adapter);
}

TEST(MisbehavingAdapter, MemoryHogWithoutALimitIsNotStopped) {
  ProcessAdapter adapter(Fake("memory-hog"));  // memory_limit_bytes 0: the 1 GiB allocation succeeds
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);  // it printed a number: not a protocol line
  EXPECT_EQ(got.detail.find("MemoryError"), std::string::npos) << got.detail;
  EXPECT_EQ(got.detail.find("--memory-limit"), std::string::npos) << got.detail;
}

TEST(MisbehavingAdapter, ExitIsReportedWithItsStatus) {
  ProcessAdapter adapter(Fake("exit"));
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "exited with status 3");
  ExpectContains(got.detail, "fake adapter: exiting with status 3");
  ExpectGoodCaseRuns(adapter);
}

// /proc/PID/stat, or "" once the process is gone (reading it races with its
// reaping, which makes the read fail with ESRCH).
std::string ProcStat(pid_t pid) {
  int fd = open(("/proc/" + std::to_string(pid) + "/stat").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  char buf[512];
  ssize_t n = read(fd, buf, sizeof buf);
  close(fd);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
}

// Dead: no such process, or a zombie waiting for whoever inherited it.
bool Gone(pid_t pid) {
  std::string stat = ProcStat(pid);
  std::size_t paren = stat.rfind(')');
  return paren == std::string::npos || paren + 2 >= stat.size() || stat[paren + 2] == 'Z';
}

TEST(MisbehavingAdapter, HangIsKilledWithItsProcessGroupAfterTheTimeLimit) {
  ProcessAdapter adapter(Fake("hang", 300ms));
  auto start = std::chrono::steady_clock::now();
  CaseOutcome got = adapter.Run("bad", Scenario());
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "no answer within 300 ms after line '> c push \"x\"'");
  EXPECT_LT(took, 3s);
  // The sleeper the shell started was in the adapter's process group.
  std::size_t at = got.detail.find("sleeper ");
  ASSERT_NE(at, std::string::npos) << got.detail;
  pid_t sleeper = std::stoi(got.detail.substr(at + 8));
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!Gone(sleeper) && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(2ms);  // bounded polling
  EXPECT_TRUE(Gone(sleeper)) << "pid " << sleeper << " survived: " << ProcStat(sleeper);
  ExpectGoodCaseRuns(adapter);
}

TEST(MisbehavingAdapter, GarbageLineIsAProtocolFailureNamingTheLine) {
  ProcessAdapter adapter(Fake("garbage"));
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "answered line '> c push \"x\"' with a line outside the protocol");
  ExpectContains(got.detail, "this is not a protocol line");
  ExpectGoodCaseRuns(adapter);
  EXPECT_EQ(adapter.processes_started(), 2);
}

TEST(MisbehavingAdapter, EchoedInputIsAProtocolFailure) {
  ProcessAdapter adapter(Fake("echo"));
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "inputs are never echoed");
  ExpectGoodCaseRuns(adapter);
}

TEST(MisbehavingAdapter, FatalIsAnAdapterFailureWithItsReason) {
  ProcessAdapter adapter(Fake("fatal"));
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "with fatal: fake adapter cannot go on");
  ExpectGoodCaseRuns(adapter);
}

TEST(MisbehavingAdapter, UnsupportedAnswerEndsTheCaseAndKeepsTheProcess) {
  ProcessAdapter adapter(Fake("unsupported"));
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kUnsupported);
  ExpectContains(got.detail, "fake adapter refuses this input (refused line '> c push \"x\"')");
  ExpectGoodCaseRuns(adapter);
  EXPECT_EQ(adapter.processes_started(), 1);
}

TEST(MisbehavingAdapter, OutputFloodIsCutAtTheCaseLimit) {
  ProcessAdapterOptions o = Fake("flood");
  o.max_case_output_bytes = 1 << 20;
  ProcessAdapter adapter(o);
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "more than 1048576 bytes of answers in one case");
  ExpectGoodCaseRuns(adapter);
}

TEST(MisbehavingAdapter, OverlongLineIsCutAtTheLineLimit) {
  ProcessAdapterOptions o = Fake("long-line");
  o.max_line_bytes = 64 << 10;
  ProcessAdapter adapter(o);
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "a line longer than 65536 bytes answering line '> c push \"x\"'");
  ExpectGoodCaseRuns(adapter);
}

TEST(MisbehavingAdapter, ClosedStdinIsReportedAndSigpipeDoesNotKillTheSuite) {
  ProcessAdapter adapter(Fake("close-stdin", 300ms));
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "closed its stdin before reading line '> c write'");
  ExpectGoodCaseRuns(adapter);
}

TEST(MisbehavingAdapter, StderrFloodNeitherDeadlocksNorGrowsTheReport) {
  ProcessAdapterOptions o = Fake("stderr-flood");
  o.stderr_tail_bytes = 4096;
  ProcessAdapter adapter(o);
  ASSERT_EQ(adapter.handshake_error(), "");
  ExpectGoodCaseRuns(adapter);
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "(last 4096 of ");
  ExpectContains(got.detail, "END-OF-STDERR");
  EXPECT_LT(got.detail.size(), 4096u + 1024u);
  ExpectGoodCaseRuns(adapter);
}

// A failure's stderr is what the adapter wrote during that case: a traceback
// from an earlier, unrelated case (which passed) is not shown with it.
TEST(MisbehavingAdapter, FailureShowsOnlyTheStderrOfItsOwnCase) {
  ProcessAdapter adapter(Fake("earlier-traceback"));
  ASSERT_EQ(adapter.handshake_error(), "");
  CaseOutcome noisy = adapter.Run("noisy", Scenario());
  ASSERT_EQ(noisy.status, Status::kRan) << noisy.detail;
  CaseOutcome got = adapter.Run("bad", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "fake adapter: exiting with status 3");
  EXPECT_EQ(got.detail.find("EARLIER-CASE-TRACEBACK"), std::string::npos) << got.detail;
  EXPECT_EQ(got.detail.find("Traceback"), std::string::npos) << got.detail;
  // And after the restart, nothing of the failed case either.
  CaseOutcome noisy_again = adapter.Run("noisy", Scenario());
  ASSERT_EQ(noisy_again.status, Status::kRan) << noisy_again.detail;
  CaseOutcome again = adapter.Run("bad", Scenario());
  EXPECT_EQ(again.status, Status::kAdapterFailure);
  EXPECT_EQ(again.detail.find("EARLIER-CASE-TRACEBACK"), std::string::npos) << again.detail;
  ExpectContains(again.detail, "fake adapter: exiting with status 3");
}

TEST(MisbehavingAdapter, OtherProtocolVersionIsReportedAndTheAdapterNotUsed) {
  ProcessAdapter adapter(Fake("hello3"));
  EXPECT_EQ(adapter.info().protocol_version, 0);
  ExpectContains(adapter.handshake_error(), "speaks driver protocol version 3, this suite speaks versions 1 to 2");
  ExpectContains(adapter.handshake_error(), "hello 3 \"fake adapter from the future\"");
  CaseOutcome got = adapter.Run("good", Scenario());
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  EXPECT_EQ(got.detail, adapter.handshake_error());
  EXPECT_EQ(adapter.processes_started(), 1);
}

TEST(MisbehavingAdapter, HandshakeWithoutHelloIsReported) {
  ProcessAdapter adapter(Fake("no-hello"));
  EXPECT_EQ(adapter.info().protocol_version, 0);
  ExpectContains(adapter.handshake_error(), "did not answer the handshake 'asynchat-driver 2' with hello");
}

// An adapter that answers the handshake with fatal and exits (PROTOCOL.md: a
// module it cannot load) ended by itself: its exit status is reported, not a
// kill by the suite.
TEST(MisbehavingAdapter, FatalHandshakeReportsTheAdaptersOwnExit) {
  ProcessAdapter adapter(Fake("cannot-load"));
  EXPECT_EQ(adapter.info().protocol_version, 0);
  ExpectContains(adapter.handshake_error(), "with fatal: fake implementation cannot be loaded");
  ExpectContains(adapter.handshake_error(), "exited with status 2");
  ExpectContains(adapter.handshake_error(), "fake adapter: cannot load the implementation");
  EXPECT_EQ(adapter.handshake_error().find("killed"), std::string::npos) << adapter.handshake_error();
}

TEST(MisbehavingAdapter, CommandThatCannotStartIsReported) {
  ProcessAdapterOptions o;
  o.argv = {"/nonexistent/adapter"};
  ProcessAdapter adapter(o);
  EXPECT_EQ(adapter.info().protocol_version, 0);
  ExpectContains(adapter.handshake_error(), "cannot start the adapter (/nonexistent/adapter): No such file or directory");
  EXPECT_EQ(adapter.Run("good", Scenario()).status, Status::kAdapterFailure);
}

TEST(MisbehavingAdapter, CaseNeedingUndeclaredCapabilitiesIsNotSent) {
  ProcessAdapter adapter(Fake("few-caps"));
  ASSERT_EQ(adapter.handshake_error(), "");
  EXPECT_EQ(adapter.info().capabilities, std::set<std::string>{"string_terminator"});
  traces::Trace needs_int = traces::ParseTrace("asynchat-trace 1\nchannel c\n> c set_terminator int:3\n");
  CaseOutcome got = adapter.Run("int", needs_int);
  EXPECT_EQ(got.status, Status::kUnsupported);
  EXPECT_EQ(got.detail, "the adapter does not declare the capabilities this case needs: int_terminator");
  // The fake exits at any case line: had the first case been sent, this one
  // would run on a restarted process.
  got = adapter.Run("str", traces::ParseTrace("asynchat-trace 1\nchannel c\n> c set_terminator str:\"x\"\n"));
  EXPECT_EQ(got.status, Status::kAdapterFailure);
  ExpectContains(got.detail, "answering line 'case \"str\"'; it exited with status 3");
  EXPECT_EQ(adapter.processes_started(), 1);
}

// --- Batches (Adapter::RunBatch) and pipelining (PROTOCOL.md "Pipelining").

ProcessAdapterOptions Pipelining(const std::string& mode, std::chrono::milliseconds limit = 5000ms) {
  ProcessAdapterOptions o = Fake(mode, limit);
  o.argv.push_back("pipelining");
  return o;
}

TEST(Batch, IsPipelinedToAnAdapterDeclaringIt) {
  // The deferred fake answers a case's lines only once it has read its end:
  // lock-step, the first line would never be answered.
  ProcessAdapter adapter(Pipelining("deferred", 2000ms));
  ASSERT_EQ(adapter.handshake_error(), "");
  EXPECT_TRUE(adapter.info().capabilities.count("pipelining"));
  std::vector<CaseOutcome> got = adapter.RunBatch("good", {Scenario(), Scenario(), Scenario()});
  ASSERT_EQ(got.size(), 3u);
  for (const CaseOutcome& o : got) {
    ASSERT_EQ(o.status, Status::kRan) << o.detail;
    EXPECT_EQ(Formatted(o.transcript), "> c push \"x\"\n> c write\n");
  }
  EXPECT_EQ(adapter.processes_started(), 1);
}

TEST(Batch, IsLockStepToAnAdapterNotDeclaringIt) {
  ProcessAdapter adapter(Fake("deferred", 300ms));
  ASSERT_EQ(adapter.handshake_error(), "");
  std::vector<CaseOutcome> got = adapter.RunBatch("good", {Scenario(), Scenario()});
  ASSERT_EQ(got.size(), 2u);
  for (const CaseOutcome& o : got) {
    EXPECT_EQ(o.status, Status::kAdapterFailure);
    ExpectContains(o.detail, "no answer within 300 ms after line 'case \"good\"'");
  }
}

TEST(Batch, CrashInAPipelinedBatchIsReportedAsLockStepReportsIt) {
  ProcessAdapter adapter(Pipelining("crash"));
  ASSERT_EQ(adapter.handshake_error(), "");
  std::vector<CaseOutcome> got = adapter.RunBatch("bad", {Scenario(), Scenario()});
  ASSERT_EQ(got.size(), 2u);
  for (const CaseOutcome& o : got) {
    EXPECT_EQ(o.status, Status::kAdapterFailure);
    ExpectContains(o.detail, "stdout ended while answering line '> c push \"x\"'");
    ExpectContains(o.detail, "killed by signal 11");
    ExpectContains(o.detail, "fake adapter: crashing now");
    EXPECT_EQ(Formatted(o.transcript), "> c push \"x\"\n< c collect \"partial\"\n");
  }
  ExpectGoodCaseRuns(adapter);
}

TEST(Batch, RefusalInAPipelinedBatchIsUnsupportedAndTheRestStillRun) {
  ProcessAdapter adapter(Pipelining("unsupported"));
  ASSERT_EQ(adapter.handshake_error(), "");
  std::vector<CaseOutcome> got = adapter.RunBatch("bad", {Scenario(), Scenario()});
  ASSERT_EQ(got.size(), 2u);
  for (const CaseOutcome& o : got) {
    EXPECT_EQ(o.status, Status::kUnsupported);
    ExpectContains(o.detail, "fake adapter refuses this input (refused line '> c push \"x\"')");
  }
  got = adapter.RunBatch("good", {Scenario(), Scenario()});
  for (const CaseOutcome& o : got) EXPECT_EQ(o.status, Status::kRan) << o.detail;
}

TEST(Batch, CaseNeedingUndeclaredCapabilitiesIsUnsupportedAmongOthersThatRun) {
  ProcessAdapter adapter(Pipelining("ok"));
  traces::Trace needs_apps =
      traces::ParseTrace("asynchat-trace 1\nchannel c app=asyncore_echo_handler\n> c read \"x\"\n");
  std::vector<CaseOutcome> got = adapter.RunBatch("good", {Scenario(), needs_apps, Scenario()});
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].status, Status::kRan) << got[0].detail;
  EXPECT_EQ(got[1].status, Status::kUnsupported);
  ExpectContains(got[1].detail, "asyncore_apps");
  EXPECT_EQ(got[2].status, Status::kRan) << got[2].detail;
}

}  // namespace
}  // namespace conformance
