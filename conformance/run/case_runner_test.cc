#include "conformance/run/case_runner.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "conformance/driver/capabilities.h"
#include "conformance/model/chat_model.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::Record;

// An adapter whose answer the test decides; it counts its runs.
class FakeAdapter : public Adapter {
 public:
  explicit FakeAdapter(std::function<CaseOutcome(const traces::Trace&)> answer) : answer_(std::move(answer)) {
    info_.protocol_version = 1;
    info_.implementation = "fake";
    info_.capabilities = AllCapabilities();
  }
  const AdapterInfo& info() const override { return info_; }
  CaseOutcome RunSupported(const std::string&, const traces::Trace& scenario) override {
    ++runs;
    return answer_(scenario);
  }
  AdapterInfo info_;
  int runs = 0;

 private:
  std::function<CaseOutcome(const traces::Trace&)> answer_;
};

// Answers what the model says, optionally altered.
FakeAdapter ModelLike(std::function<void(std::vector<Record>&)> alter = {}) {
  return FakeAdapter([alter](const traces::Trace& scenario) {
    CaseOutcome o;
    o.transcript = RunModel(scenario);
    if (alter) alter(o.transcript);
    return o;
  });
}

Case MakeCase(const std::string& id, const std::string& body, traces::Profile profile = traces::Profile::kStrict) {
  Case c;
  c.id = id;
  c.description = "a test case";
  c.clauses = {"chat.terminator.string.found"};
  c.profile = profile;
  c.scenario = traces::ParseTrace("asynchat-trace 1\n" + body, "case " + id);
  return c;
}

const char kLines[] = "channel c\n> c set_terminator str:\"\\n\"\n> c read \"ab\\ncd\\n\"\n> c read \"ef\"\n";

TEST(CaseRunner, PassesWhenTheTranscriptIsTheModels) {
  Case c = MakeCase("t.pass", kLines);
  FakeAdapter a = ModelLike();
  CaseResult r = RunCase(a, c);
  EXPECT_EQ(r.verdict, Verdict::kPass) << r.detail;
  EXPECT_EQ(r.id, "t.pass");
  EXPECT_TRUE(r.detail.empty());
  EXPECT_EQ(a.runs, 1);
  EXPECT_FALSE(r.actual.empty());
}

TEST(CaseRunner, FailsWithTheFirstMismatchAndItsLine) {
  Case c = MakeCase("t.fail", kLines);
  FakeAdapter a = ModelLike([](std::vector<Record>& t) {
    for (Record& r : t) {
      if (r.verb == "collect" && r.args[0].text == "cd") r.args[0].text = "cX";
    }
  });
  CaseResult r = RunCase(a, c);
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.detail.find("records differ"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("< c collect \"cd\""), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("< c collect \"cX\""), std::string::npos) << r.detail;
  // The line is that of the expected record in the transcript --show prints.
  PreparedCase p = PrepareCase(c);
  std::string shown = traces::FormatTrace(p.expected);
  ASSERT_GT(r.mismatch_line, 0);
  std::size_t pos = 0;
  for (int i = 1; i < r.mismatch_line; ++i) pos = shown.find('\n', pos) + 1;
  EXPECT_EQ(shown.substr(pos, shown.find('\n', pos) - pos), "< c collect \"cd\"");
  EXPECT_EQ(r.detail.rfind("t.fail:" + std::to_string(r.mismatch_line) + ": ", 0), 0u) << r.detail;
}

TEST(CaseRunner, SemanticCasesIgnoreChunking) {
  Case c = MakeCase("t.semantic", kLines, traces::Profile::kSemantic);
  // Split every collect into single bytes: same meaning, other callbacks.
  FakeAdapter split = ModelLike([](std::vector<Record>& t) {
    std::vector<Record> out;
    for (const Record& r : t) {
      if (r.verb != "collect") {
        out.push_back(r);
        continue;
      }
      for (char ch : r.args[0].text) {
        Record one = r;
        one.args[0].text = std::string(1, ch);
        out.push_back(one);
      }
    }
    t = out;
  });
  EXPECT_EQ(RunCase(split, c).verdict, Verdict::kPass);
  Case strict = MakeCase("t.strict", kLines);
  EXPECT_EQ(RunCase(split, strict).verdict, Verdict::kFail);
}

TEST(CaseRunner, AMissingCapabilityIsUnsupportedAndNeverRun) {
  Case c = MakeCase("t.caps", "channel c in_buffer=8\n> c set_terminator int:3\n> c read \"abcd\"\n");
  FakeAdapter a = ModelLike();
  a.info_.capabilities = {"string_terminator"};
  CaseResult r = RunCase(a, c);
  EXPECT_EQ(r.verdict, Verdict::kUnsupported);
  EXPECT_NE(r.detail.find("int_terminator"), std::string::npos) << r.detail;
  EXPECT_NE(r.detail.find("buffer_sizes"), std::string::npos) << r.detail;
  EXPECT_EQ(a.runs, 0);
}

TEST(CaseRunner, AFailedHandshakeIsReportedAsAnAdapterFailureNotUnsupported) {
  Case c = MakeCase("t.handshake", kLines);
  FakeAdapter a([](const traces::Trace&) {
    CaseOutcome o;
    o.status = CaseOutcome::Status::kAdapterFailure;
    o.detail = "no hello within 5000 ms; stderr: ImportError: No module named asynchat";
    return o;
  });
  a.info_ = AdapterInfo{};  // protocol_version 0, no capabilities
  CaseResult r = RunCase(a, c);
  EXPECT_EQ(r.verdict, Verdict::kAdapterFailure);
  EXPECT_NE(r.detail.find("ImportError"), std::string::npos);
}

TEST(CaseRunner, PassesOnTheAdaptersOwnVerdicts) {
  Case c = MakeCase("t.own", kLines);
  FakeAdapter unsupported([](const traces::Trace&) {
    CaseOutcome o;
    o.status = CaseOutcome::Status::kUnsupported;
    o.detail = "unsupported \"no producers here\" (line 3)";
    return o;
  });
  CaseResult r = RunCase(unsupported, c);
  EXPECT_EQ(r.verdict, Verdict::kUnsupported);
  EXPECT_NE(r.detail.find("no producers here"), std::string::npos);

  FakeAdapter crashed([](const traces::Trace&) {
    CaseOutcome o;
    o.status = CaseOutcome::Status::kAdapterFailure;
    o.detail = "adapter exited with status 1 after '> c read \"ab\"'; stderr:\nTraceback ...";
    o.transcript.push_back(traces::ParseRecordLine("> c set_terminator str:\"\\n\"", "x", 1));
    return o;
  });
  r = RunCase(crashed, c);
  EXPECT_EQ(r.verdict, Verdict::kAdapterFailure);
  EXPECT_NE(r.detail.find("Traceback"), std::string::npos);
  EXPECT_EQ(r.actual.size(), 1u) << "what arrived before the failure is kept";

  FakeAdapter throwing([](const traces::Trace&) -> CaseOutcome { throw std::runtime_error("boom"); });
  r = RunCase(throwing, c);
  EXPECT_EQ(r.verdict, Verdict::kAdapterFailure);
  EXPECT_NE(r.detail.find("boom"), std::string::npos);
}

TEST(CaseRunner, AScenarioTheModelRejectsIsACaseError) {
  Case c = MakeCase("t.bad", "channel c in_buffer=2\n> c read \"abcdef\"\n");
  FakeAdapter a = ModelLike();
  CaseResult r = RunCase(a, c);
  EXPECT_EQ(r.verdict, Verdict::kCaseError);
  EXPECT_NE(r.detail.find("t.bad"), std::string::npos) << r.detail;
  EXPECT_EQ(a.runs, 0);
}

TEST(CaseRunner, ACasesOwnExpectedTranscriptWinsOverTheModel) {
  Case c = MakeCase("t.documented", kLines);
  std::vector<Record> expected = RunModel(c.scenario);
  expected.back().args[0].text = "documented differently";  // the last record is the collect of "ef"
  ASSERT_EQ(expected.back().verb, "collect");
  c.expected = expected;
  FakeAdapter a = ModelLike();
  CaseResult r = RunCase(a, c);
  EXPECT_EQ(r.verdict, Verdict::kFail);
  EXPECT_NE(r.detail.find("documented differently"), std::string::npos) << r.detail;
}

class TraceCases : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* tmp = std::getenv("TEST_TMPDIR");
    root_ = std::string(tmp ? tmp : "/tmp") + "/case_runner_test_traces";
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ + "/regressions/x");
    Write("regressions/x/one.trace",
          "asynchat-trace 1\ndescription \"one\"\norigin counterexample terminator.x\n"
          "clauses chat.terminator.string.found core.recv.eof\nprofile semantic\n"
          "channel c\n> c set_terminator str:\"\\n\"\n> c read \"ab\\n\"\n< c collect \"ab\"\n< c found_terminator\n");
    Write("echo.trace",
          "asynchat-trace 1\nchannel c\n> c set_terminator str:\"\\n\"\n> c read \"ab\\n\"\n"
          "< c collect \"ab\"\n< c found_terminator\n");
    Write("not_a_trace.scenario", "garbage");
  }
  void Write(const std::string& rel, const std::string& text) { std::ofstream(root_ + "/" + rel) << text; }
  std::string root_;
};

TEST_F(TraceCases, LoadsEveryTraceAsACaseWithItsOwnExpectation) {
  std::vector<TraceCase> cases = LoadTraceCases(root_, "traces");
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].spec.id, "trace.echo");
  EXPECT_EQ(cases[1].spec.id, "trace.regressions.x.one");
  const Case& one = cases[1].spec;
  EXPECT_EQ(cases[1].source_file, "traces/regressions/x/one.trace");
  EXPECT_EQ(one.description, "one");
  EXPECT_EQ(one.profile, traces::Profile::kSemantic);
  EXPECT_EQ(one.clauses, (std::vector<std::string>{"chat.terminator.string.found", "core.recv.eof"}));
  EXPECT_TRUE(cases[0].spec.clauses.empty()) << "the clauses line is optional";
  EXPECT_EQ(one.tags, (std::vector<std::string>{"trace", "origin:counterexample"}));
  EXPECT_EQ(one.scenario.records.size(), 2u) << "the scenario is the inputs only";
  ASSERT_TRUE(one.expected.has_value());
  EXPECT_EQ(one.expected->size(), 4u);
  EXPECT_EQ(cases[0].spec.description, "checked-in trace traces/echo.trace");
}

TEST_F(TraceCases, AMismatchNamesTheTraceFileAndLine) {
  std::vector<TraceCase> cases = LoadTraceCases(root_, "traces");
  const TraceCase& echo = cases[0];
  FakeAdapter a = ModelLike([](std::vector<Record>& t) { t.pop_back(); });  // found_terminator missing
  CaseResult r = RunPreparedCase(a, PrepareCase(echo.spec, echo.source_file));
  ASSERT_EQ(r.verdict, Verdict::kFail);
  EXPECT_EQ(r.mismatch_line, 6);
  EXPECT_EQ(r.detail.rfind("traces/echo.trace:6: ", 0), 0u) << r.detail;
}

TEST_F(TraceCases, AMalformedTraceNamesItsFileAndLine) {
  Write("bad.trace", "asynchat-trace 1\nchannel c\n> c frobnicate\n");
  try {
    LoadTraceCases(root_, "traces");
    FAIL() << "no exception";
  } catch (const traces::TraceError& e) {
    EXPECT_NE(std::string(e.what()).find("traces/bad.trace:3"), std::string::npos) << e.what();
  }
}

TEST_F(TraceCases, AClauseSpecDoesNotDefineNamesTheFileAndLine) {
  Write("unknown_clause.trace",
        "asynchat-trace 1\ndescription \"d\"\nclauses chat.terminator.string.found chat.no-such-rule\nchannel c\n");
  try {
    LoadTraceCases(root_, "traces");
    FAIL() << "no exception";
  } catch (const traces::TraceError& e) {
    EXPECT_EQ(std::string(e.what()),
              "traces/unknown_clause.trace:3: unknown clause id chat.no-such-rule: spec/SPEC.md defines no such clause");
  }
}

// A checked-in trace of an app= channel carries its own records: preparing it
// never asks the model (which is of async_chat and cannot run it), so it is no
// case-error; an adapter without asyncore_apps reports it unsupported, never
// passed; one with it is judged against the trace's records.
TEST_F(TraceCases, AnAsyncoreAppTraceIsJudgedOnItsOwnRecords) {
  Write("asyncore.trace",
        "asynchat-trace 1\nchannel s app=asyncore_echo_handler\n> s read \"hi\"\n< s recv 8192 2\n"
        "< s send \"hi\" 2\n");
  std::vector<TraceCase> cases = LoadTraceCases(root_, "traces");
  ASSERT_EQ(cases[0].spec.id, "trace.asyncore");
  const TraceCase& app = cases[0];
  EXPECT_THROW(RunModel(app.spec.scenario), traces::TraceError);
  PreparedCase prepared = PrepareCase(app.spec, app.source_file);
  EXPECT_EQ(prepared.error, "");

  FakeAdapter without([](const traces::Trace&) { return CaseOutcome{}; });
  without.info_.capabilities.erase("asyncore_apps");
  CaseResult r = RunPreparedCase(without, prepared);
  EXPECT_EQ(r.verdict, Verdict::kUnsupported);
  EXPECT_EQ(r.detail, "the adapter does not declare the capabilities this case needs: asyncore_apps");
  EXPECT_EQ(without.runs, 0);

  auto answering = [](std::string sent) {
    return FakeAdapter([sent](const traces::Trace& scenario) {
      CaseOutcome o;
      o.transcript = scenario.records;
      o.transcript.push_back(traces::ParseRecordLine("< s recv 8192 2", "fake", 0));
      o.transcript.push_back(traces::ParseRecordLine("< s send \"" + sent + "\" 2", "fake", 0));
      return o;
    });
  };
  FakeAdapter echoing = answering("hi");
  EXPECT_EQ(RunPreparedCase(echoing, prepared).verdict, Verdict::kPass);
  FakeAdapter wrong = answering("ho");
  CaseResult f = RunPreparedCase(wrong, prepared);
  ASSERT_EQ(f.verdict, Verdict::kFail);
  EXPECT_EQ(f.mismatch_line, 5);
  EXPECT_EQ(f.detail.rfind("traces/asyncore.trace:5: ", 0), 0u) << f.detail;
}

TEST(CaseRunner, TraceCaseIds) {
  EXPECT_EQ(TraceCaseId("echo/documented.trace"), "trace.echo.documented");
  EXPECT_EQ(TraceCaseId("regressions/medusa/output.push.large.513.trace"),
            "trace.regressions.medusa.output.push.large.513");
  EXPECT_THROW(LoadTraceCases("/nonexistent/traces"), std::runtime_error);
}

}  // namespace
}  // namespace conformance
