#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "conformance/report/implementation_notes.h"
#include "conformance/report/report.h"
#include "conformance/report/report_console.h"
#include "conformance/report/report_json.h"
#include "conformance/report/report_junit.h"
#include "conformance/report/report_results_md.h"

namespace conformance {
namespace {

Case MakeCase(const std::string& id, std::vector<std::string> tags = {}) {
  Case c;
  c.id = id;
  c.description = "what " + id + " checks";
  c.clauses = {"chat.push.split", "chat.send.offer-size"};
  c.tags = std::move(tags);
  return c;
}

CaseReport Report(const Case& c, Verdict v, bool listed, const std::string& detail = "") {
  CaseReport r;
  r.spec = &c;
  r.result.id = c.id;
  r.result.verdict = v;
  r.result.detail = detail;
  r.outcome = OutcomeOf(v, listed);
  if (listed) r.expected_reason = "003 says otherwise";
  return r;
}

class Reports : public ::testing::Test {
 protected:
  Reports()
      : pass_(MakeCase("output.push.basic")),
        fail_(MakeCase("output.push.large.513", {"medusa"})),
        xfail_(MakeCase("integer.negative.refused.1", {"medusa"})),
        unsupported_(MakeCase("output.push_typed.str")),
        crash_(MakeCase("terminator.string.x")) {
    run_.impl = "medusa";
    run_.label = "medusa";
    run_.info.protocol_version = 1;
    run_.info.implementation = "medusa <test> & \"friends\"";
    run_.cases.push_back(Report(pass_, Verdict::kPass, false));
    run_.cases.push_back(Report(fail_, Verdict::kFail, false,
                                "output.push.large.513:6: records differ\n  expected: < c send \"m\" 513\n  actual:   "
                                "< c send \"m\" 512"));
    run_.cases.back().counterexample_path = "conformance/implementations/medusa/counterexamples/output.push.large.513.trace";
    run_.cases.back().counterexample_inputs = 1;
    run_.cases.back().replay_command = "tools/bazel run //tools:trace -- replay X --impl medusa";
    run_.cases.push_back(Report(xfail_, Verdict::kFail, true, "raise ValueError missing"));
    run_.cases.push_back(Report(unsupported_, Verdict::kUnsupported, false, "needs typed_push"));
    run_.cases.push_back(Report(crash_, Verdict::kAdapterFailure, false, "adapter exited\nstderr: <Traceback>"));
    PropertyReport p;
    p.result.id = "property.producer_fifo";
    p.result.verdict = Verdict::kFail;
    p.result.runs = 4;
    p.result.seed = 7;
    p.result.detail = "the FIFO rules hold, but ...";
    p.outcome = Outcome::kFailed;
    run_.properties.push_back(p);

    reference_.impl = "reference";
    reference_.label = "reference";
    reference_.info.implementation = "C++ reference";
    for (const Case* c : {&pass_, &fail_, &xfail_, &unsupported_, &crash_}) {
      reference_.cases.push_back(Report(*c, Verdict::kPass, false));
    }
  }
  Case pass_, fail_, xfail_, unsupported_, crash_;
  ImplementationRun run_, reference_;
};

TEST_F(Reports, OutcomesAndTallies) {
  EXPECT_EQ(OutcomeOf(Verdict::kPass, true), Outcome::kUnexpectedPass);
  EXPECT_EQ(OutcomeOf(Verdict::kAdapterFailure, true), Outcome::kExpectedFail);
  EXPECT_EQ(OutcomeOf(Verdict::kCaseError, false), Outcome::kFailed);
  EXPECT_EQ(OutcomeOf(Verdict::kUnsupported, true), Outcome::kUnsupported);
  Totals t = TallyCases(run_);
  EXPECT_EQ(t.passed, 1);
  EXPECT_EQ(t.failed, 1);
  EXPECT_EQ(t.expected_fail, 1);
  EXPECT_EQ(t.unsupported, 1);
  EXPECT_EQ(t.adapter_failure, 1);
  EXPECT_EQ(t.unexpected(), 2);
  std::map<std::string, Totals> areas = TallyByArea(run_);
  EXPECT_EQ(areas.size(), 3u);
  EXPECT_EQ(areas["output"].total(), 3);
  EXPECT_TRUE(HasUnexpectedFailure(run_));
  EXPECT_FALSE(HasUnexpectedFailure(reference_));
}

TEST_F(Reports, JsonCarriesEveryCaseAndTheTotals) {
  nlohmann::json j = nlohmann::json::parse(RenderJson({run_, reference_}));
  EXPECT_EQ(j["format"], kJsonReportFormat);
  ASSERT_EQ(j["runs"].size(), 2u);
  const nlohmann::json& medusa = j["runs"][0];
  EXPECT_EQ(medusa["impl"], "medusa");
  EXPECT_EQ(medusa["cases"].size(), 5u);
  EXPECT_EQ(medusa["totals"]["failed"], 1);
  EXPECT_EQ(medusa["unexpected_failure"], true);
  EXPECT_EQ(medusa["cases"][1]["outcome"], "failed");
  EXPECT_EQ(medusa["cases"][1]["counterexample_inputs"], 1);
  EXPECT_EQ(medusa["cases"][2]["outcome"], "expected-fail");
  EXPECT_EQ(medusa["cases"][2]["expected_failure_reason"], "003 says otherwise");
  EXPECT_EQ(medusa["properties"][0]["status"], "fail");
  EXPECT_EQ(j["runs"][1]["unexpected_failure"], false);
}

TEST_F(Reports, JunitCountsMatchTheExitStatus) {
  std::string xml = RenderJUnit({run_});
  EXPECT_NE(xml.find("<testsuite name=\"medusa.output\" tests=\"3\" failures=\"1\" errors=\"0\" skipped=\"1\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"medusa.terminator\" tests=\"1\" failures=\"0\" errors=\"1\""), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("skipped message=\"expected failure: 003 says otherwise\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("&lt;Traceback&gt;"), std::string::npos) << "stderr is escaped";
  EXPECT_EQ(xml.find("<Traceback>"), std::string::npos);
  EXPECT_EQ(XmlEscape(std::string("a\x01\xff<\"", 5)), "a\\x01\\xff&lt;&quot;");
}

TEST_F(Reports, ConsoleSummaryNamesEveryUnexpectedFailure) {
  std::ostringstream out;
  PrintConsoleSummary(out, run_);
  std::string s = out.str();
  EXPECT_NE(s.find("fail output.push.large.513"), std::string::npos) << s;
  EXPECT_NE(s.find("counterexample: conformance/implementations/medusa/counterexamples/output.push.large.513.trace (1 inputs)"),
            std::string::npos);
  EXPECT_NE(s.find("adapter-failure terminator.string.x"), std::string::npos) << s;
  EXPECT_EQ(s.find("integer.negative.refused.1: 003 says otherwise"), std::string::npos) << s;
  EXPECT_NE(s.find("expected failures, by reason (--verbose lists them) (1)\n      1  003 says otherwise\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("result for medusa: FAIL"), std::string::npos) << s;

  std::ostringstream verbose;
  PrintConsoleSummary(verbose, run_, ConsoleOptions{true});
  EXPECT_NE(verbose.str().find("integer.negative.refused.1: 003 says otherwise"), std::string::npos) << verbose.str();
  EXPECT_NE(verbose.str().find("output.push_typed.str: needs typed_push"), std::string::npos) << verbose.str();
}

// A badly broken implementation: 100 cases failing for one reason, 3 for
// another, 400 unsupported for want of two capabilities. The console leads
// with the two root causes and stays within a screen.
class BrokenRun : public ::testing::Test {
 protected:
  BrokenRun() {
    run_.impl = "python:broken.py";
    run_.label = "python:broken.py";
    run_.info.protocol_version = 1;
    run_.info.implementation = "broken";
    const char* kAreas[] = {"output", "terminator", "integer", "echo", "close", "producer"};
    for (int i = 0; i < 503; ++i) cases_.push_back(Case{});
    for (int i = 0; i < 503; ++i) {
      Case& c = cases_[i];
      c.id = std::string(kAreas[i % 6]) + ".case." + std::to_string(i);
      c.description = "what " + c.id + " checks";
      c.clauses = {i % 2 ? "chat.push.sends-at-once" : "chat.send.offer-size"};
      CaseReport r;
      r.spec = &c;
      r.result.id = c.id;
      if (i < 100) {
        r.result.verdict = Verdict::kFail;
        r.result.detail = c.id + ":4: records differ\n  expected: < c send \"x\" 1\n  actual:   > c write\n"
                          "  context (last matching records):\n    3: > c push \"x\"";
        r.signature = {"late", "after push: expected send, got no output (send comes after the next write)"};
      } else if (i < 103) {
        r.result.verdict = Verdict::kFail;
        r.result.detail = c.id + ":9: records differ";
        r.signature = {"short", "after push: send differs: argument 1 shorter"};
      } else {
        r.result.verdict = Verdict::kUnsupported;
        r.result.detail = std::string("the adapter does not declare the capabilities this case needs: ") +
                          (i % 4 ? "typed_push" : "buffer_sizes send_cap");
      }
      r.outcome = OutcomeOf(r.result.verdict, false);
      run_.cases.push_back(r);
    }
    GroupFailures(run_);
    run_.groups[0].counterexample_path = "/tmp/ce/python-broken/counterexamples/output.case.0.trace";
    run_.groups[0].counterexample_inputs = 2;
    for (int i = 0; i < 6; ++i) {
      PropertyReport p;
      p.result.id = "property.p" + std::to_string(i);
      p.result.runs = 100;
      p.seconds = 0.25;
      p.outcome = i == 5 ? Outcome::kUnsupported : Outcome::kPassed;
      if (i == 5) p.result.detail = "the adapter lacks: buffer_sizes";
      run_.properties.push_back(p);
    }
  }
  std::vector<Case> cases_;
  ImplementationRun run_;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST_F(BrokenRun, TheConsoleLeadsWithTheRootCausesAndFitsOnAScreen) {
  std::ostringstream out;
  PrintConsoleSummary(out, run_);
  const std::string s = out.str();
  const std::vector<std::string> lines = Lines(s);
  std::size_t summary = 0;  // lines up to the failures in full
  while (summary < lines.size() && lines[summary].rfind("unexpected failures", 0) != 0) ++summary;
  EXPECT_LE(summary, 40u) << s;
  EXPECT_LE(lines.size(), 80u) << s;
  EXPECT_NE(s.find("103 failing cases, 2 root causes (grouped by the first mismatch):\n"
                   "  1. after push: expected send, got no output (send comes after the next write): 100 cases "
                   "[chat.push.sends-at-once, chat.send.offer-size] "
                   "/tmp/ce/python-broken/counterexamples/output.case.0.trace\n"
                   "  2. after push: send differs: argument 1 shorter: 3 cases "
                   "[chat.push.sends-at-once, chat.send.offer-size]\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("unexpected failures (103), 3 in full: the first of each root cause\n"), std::string::npos) << s;
  // One of each root cause, then the next in run order.
  const std::size_t first = s.find("  fail output.case.0  [chat.send.offer-size] (root cause 1)\n");
  const std::size_t second = s.find("  fail close.case.100  [chat.send.offer-size] (root cause 2)\n");
  const std::size_t third = s.find("  fail terminator.case.1  [chat.push.sends-at-once] (root cause 1)\n");
  EXPECT_NE(first, std::string::npos) << s;
  EXPECT_LT(first, second) << s;
  EXPECT_LT(second, third) << s;
  EXPECT_NE(third, std::string::npos) << s;
  EXPECT_EQ(s.find("fail integer.case.2 "), std::string::npos) << s;
  EXPECT_NE(s.find("  ... and 100 more (--verbose shows every one; --json keeps them all)\n"), std::string::npos) << s;
  EXPECT_NE(s.find("unsupported, by what they need (--verbose lists them) (400)\n"
                   "    100  needs buffer_sizes send_cap\n"
                   "    300  needs typed_push\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("  unsupported     property.p5                          the adapter lacks: buffer_sizes\n"),
            std::string::npos)
      << s;

  std::ostringstream verbose;
  PrintConsoleSummary(verbose, run_, ConsoleOptions{true});
  EXPECT_NE(verbose.str().find("fail output.case.102 "), std::string::npos);
  EXPECT_NE(verbose.str().find("  terminator.case.103: the adapter"), std::string::npos) << "unsupported listed";
  EXPECT_GT(Lines(verbose.str()).size(), 900u);
}

TEST_F(BrokenRun, TheConsoleShowsTheBiggestRootCausesAndCountsTheRest) {
  ConsoleOptions one;
  one.groups_shown = 1;
  std::ostringstream out;
  PrintConsoleSummary(out, run_, one);
  EXPECT_NE(out.str().find("  1. after push: expected send"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("  2. after push"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("  ... and 1 more root cause of 3 cases (--verbose shows every one)\n"), std::string::npos)
      << out.str();
}

TEST_F(BrokenRun, JsonAndJunitCarryTheGroupOfEachFailure) {
  nlohmann::json j = nlohmann::json::parse(RenderJson({run_}))["runs"][0];
  ASSERT_EQ(j["groups"].size(), 2u);
  EXPECT_EQ(j["groups"][0]["root_cause"], "after push: expected send, got no output (send comes after the next write)");
  EXPECT_EQ(j["groups"][0]["cases"].size(), 100u);
  EXPECT_EQ(j["groups"][0]["counterexample_inputs"], 2);
  EXPECT_EQ(j["groups"][1]["cases"][0], "close.case.100");
  EXPECT_EQ(j["cases"][101]["group"], 1);
  EXPECT_EQ(j["cases"][101]["root_cause"], "after push: send differs: argument 1 shorter");
  EXPECT_FALSE(j["cases"][200].contains("group"));
  EXPECT_EQ(j["properties"][0]["seconds"], 0.25);

  const std::string xml = RenderJUnit({run_});
  EXPECT_NE(xml.find("root cause 2: after push: send differs: argument 1 shorter (3 cases)"),
            std::string::npos);
  EXPECT_NE(xml.find("the group&apos;s counterexample: /tmp/ce/python-broken/counterexamples/output.case.0.trace"),
            std::string::npos);
  EXPECT_NE(xml.find("<testcase classname=\"python:broken.py.property\" name=\"property.p0\" time=\"0.250000\""),
            std::string::npos)
      << xml.substr(xml.find("property"), 300);
}

// Notes for the medusa run of the fixture, as a notes.md would give them.
const char kTestNotes[] = R"(# medusa: notes for the report test

## Divergences

### push goes out in 512-byte pieces

- cases: `output.push.large.*`
- contradicts: 003 async_chat.push (pieces)

push wraps the data in
512-byte pieces.

### a known medusa difference

- tags: `medusa`

Tagged as a known difference.

## Where medusa's code departs from its own documents

What the test documents say.

### Pieces of 512

- documents: bigger pieces.
- code: 512.
- effect: more sends.
- cases: `output.push.large.*`

### A dead branch

- documents: nothing.
- code: dead.
- effect: none.
- cases: none
)";

TEST_F(Reports, ResultsMarkdownSideBySideWithNotesAndLinks) {
  NotesByImpl notes;
  notes["medusa"] = ParseImplementationNotes(kTestNotes, "medusa", "test/medusa/notes.md");
  std::string md = RenderResultsMarkdown({reference_, run_}, notes, "tools/bazel run //conformance -- --results-md x",
                                         "conformance/RESULTS.md");
  EXPECT_EQ(md.rfind("# Conformance results\n", 0), 0u);
  EXPECT_NE(md.find("```sh\ntools/bazel run //conformance -- --results-md x\n```"), std::string::npos);
  EXPECT_NE(md.find("| `output.push.large.513` | strict | `chat.push.split`, `chat.send.offer-size` | pass | **FAIL** |"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| `output.push_typed.str` | strict | `chat.push.split`, `chat.send.offer-size` | pass | unsupported |"),
            std::string::npos);
  // The notes from the notes text, not from the case: by id glob, with the
  // note's own document; by tag, with the case's.
  EXPECT_NE(md.find("**medusa** (fail):\n\n- *push goes out in 512-byte pieces.* push wraps the data in 512-byte "
                    "pieces. Contradicts: 003 async_chat.push (pieces).\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("**medusa** (fail):\n\n- *a known medusa difference.* Tagged as a known difference. "
                    "Contradicts: `chat.push.split`, `chat.send.offer-size`.\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("**medusa** (adapter-failure): (no note yet in `test/medusa/notes.md`); the case checks "
                    "`chat.push.split`, `chat.send.offer-size`.\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("### medusa\n\n| divergence | cases that catch it | smallest counterexample |\n| --- | --- | --- "
                    "|\n| a known medusa difference | `integer.negative.refused.1` | - |\n"
                    "| push goes out in 512-byte pieces | `output.push.large.513` | "),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("| (no note yet) | `terminator.string.x` | - |"), std::string::npos) << md;
  EXPECT_NE(md.find("[`conformance/implementations/medusa/counterexamples/output.push.large.513.trace`]"
                    "(implementations/medusa/counterexamples/output.push.large.513.trace)"),
            std::string::npos)
      << md;
  // Where the code departs from its documents: the part of the notes, with
  // the verdicts of the implementation it is about.
  EXPECT_NE(md.find("## Where medusa's code departs from its own documents\n\nWhat the test documents say.\n\n"
                    "### Pieces of 512\n\n- **The documents:** bigger pieces.\n- **The code:** 512.\n"
                    "- **Effect:** more sends.\n- **Cases** (`output.push.large.*`): `output.push.large.513` (medusa: "
                    "**FAIL**).\n\n### A dead branch\n\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- **Effect:** none.\n- **Cases:** none.\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| `property.producer_fifo` | - | **FAIL** (4 runs) |"), std::string::npos) << md;
  EXPECT_EQ(md, RenderResultsMarkdown({reference_, run_}, notes, "tools/bazel run //conformance -- --results-md x",
                                      "conformance/RESULTS.md"))
      << "the same runs give the same file";
}

// The failures grouped by the clauses the failing cases and properties cite,
// in SPEC.md's order: expected failures and adapter failures count,
// unsupported cases and passes do not.
TEST_F(Reports, ResultsMarkdownGroupsFailuresByClause) {
  std::string md = RenderResultsMarkdown({reference_, run_}, {}, "c", "conformance/RESULTS.md");
  const std::string failing = " - | 3: integer.negative.refused.1, output.push.large.513, terminator.string.x |\n";
  EXPECT_NE(md.find("## Failures by clause\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| clause | basis | reference | medusa |\n| --- | --- | --- | --- |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| `chat.push.split` | cpython-decided |" + failing), std::string::npos) << md;
  EXPECT_NE(md.find("| `chat.send.offer-size` | cpython-decided |" + failing), std::string::npos) << md;
  // The failing property's own clauses (conformance/properties: producer_fifo).
  EXPECT_NE(md.find("| `chat.producer.order` | documented | - | 1: property.producer_fifo |\n"), std::string::npos) << md;
  EXPECT_LT(md.find("| `chat.push.split` |"), md.find("| `chat.producer.order` |")) << "SPEC.md's order";
  const std::size_t from = md.find("## Failures by clause");
  const std::string section = md.substr(from, md.find("\n## ", from) - from);
  EXPECT_EQ(section.find("output.push.basic"), std::string::npos) << "a pass is no failure";
  EXPECT_EQ(section.find("output.push_typed.str"), std::string::npos) << "unsupported is no failure";

  std::string all_pass = RenderResultsMarkdown({reference_}, {}, "c", "conformance/RESULTS.md");
  EXPECT_NE(all_pass.find("## Failures by clause\n\nNone: no case or property fails.\n"), std::string::npos) << all_pass;
}

TEST_F(Reports, ResultsMarkdownWithoutNotes) {
  std::string md = RenderResultsMarkdown({reference_, run_}, {}, "c", "conformance/RESULTS.md");
  EXPECT_NE(md.find("**medusa** (fail): (no note yet); the case checks `chat.push.split`, `chat.send.offer-size`.\n"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| (no note yet) | `integer.negative.refused.1`, `output.push.large.513`, `terminator.string.x` |"),
            std::string::npos)
      << md;
  EXPECT_EQ(md.find("code departs from its own documents"), std::string::npos) << md;
}

// Text from an adapter (its stderr in a detail, its implementation name) may
// hold terminal escapes and NULs: they reach neither the console nor
// RESULTS.md raw, but escaped (\x1b, \x00); newlines and tabs stay.
TEST_F(Reports, ControlBytesFromAnAdapterAreEscapedOnTheConsoleAndInResultsMarkdown) {
  const std::string raw("\x1b[31m\x00", 6);
  run_.info.implementation = "medusa " + raw;
  run_.cases.back().result.detail = "adapter exited\nstderr:\t" + raw + "red";
  run_.properties.back().result.detail = "property says " + raw;
  std::ostringstream console;
  PrintConsoleSummary(console, run_);
  std::string md = RenderResultsMarkdown({reference_, run_}, {}, "c", "conformance/RESULTS.md");
  for (const auto& [name, text] : {std::pair<std::string, std::string>{"console", console.str()}, {"RESULTS.md", md}}) {
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << name << ":\n" << text;
    EXPECT_EQ(text.find('\0'), std::string::npos) << name << ":\n" << text;
    EXPECT_NE(text.find("\\x1b[31m\\x00red"), std::string::npos) << name << ":\n" << text;
    EXPECT_NE(text.find("medusa \\x1b[31m\\x00"), std::string::npos) << name << ":\n" << text;
  }
  EXPECT_NE(console.str().find("stderr:\t\\x1b[31m"), std::string::npos) << console.str();
  std::string xml = RenderJUnit({run_});
  EXPECT_EQ(xml.find('\x1b'), std::string::npos) << xml;
  EXPECT_NE(xml.find("\\x1b[31m\\x00red"), std::string::npos) << xml;
}

// --level documented: a run whose only failures differ from CPython passes,
// and says which behaviours once; the same cases at --level cpython fail.
TEST(ReportLevels, DifferencesAreReportedOnceAndDoNotFailTheRun) {
  const Case a = MakeCase("output.push.basic"), b = MakeCase("output.push.two");
  for (const Level level : {Level::kDocumented, Level::kCpython}) {
    ImplementationRun run;
    run.impl = "python:lazy.py";
    run.level = level;
    for (const Case* c : {&a, &b}) {
      CaseReport r;
      r.spec = c;
      r.result.verdict = Verdict::kFail;
      r.result.detail = c->id + ":7: records differ";
      r.cpython_only = true;
      r.outcome = OutcomeOf(Verdict::kFail, false, level == Level::kDocumented);
      r.signature = {"late-send", "after push: expected send, got no output"};
      run.cases.push_back(r);
    }
    GroupFailures(run);
    std::ostringstream out;
    PrintConsoleSummary(out, run);
    const std::string s = out.str();
    if (level == Level::kDocumented) {
      EXPECT_FALSE(HasUnexpectedFailure(run));
      EXPECT_NE(s.find("differs from CPython in 1 behaviour"), std::string::npos) << s;
      EXPECT_NE(s.find("after push: expected send, got no output: 2 cases"), std::string::npos) << s;
      EXPECT_NE(s.find(": PASS: 0 passed, 0 failed, 2 differing from CPython"), std::string::npos) << s;
    } else {
      EXPECT_TRUE(HasUnexpectedFailure(run));
      EXPECT_EQ(s.find("differs from CPython in"), std::string::npos) << s;
      EXPECT_NE(s.find(": FAIL: 0 passed, 2 failed, 0 differing from CPython"), std::string::npos) << s;
    }
  }
}

TEST(ReportCounterexamples, TheSummarySaysWhenTheLimitLeftRootCausesWithoutOne) {
  ImplementationRun run;
  run.impl = "python:x.py";
  std::ostringstream none;
  PrintConsoleSummary(none, run);
  EXPECT_EQ(none.str().find("got no counterexample"), std::string::npos) << none.str();
  run.root_causes_without_counterexample = 2;
  run.counterexample_limit = 25;
  std::ostringstream out;
  PrintConsoleSummary(out, run);
  EXPECT_NE(out.str().find("2 root causes got no counterexample: at most 25 are shrunk"), std::string::npos)
      << out.str();
}

TEST(ReportText, ClipLongLinesKeepsHeadAndTail) {
  std::string line = "< c send \"" + std::string(1000, 'd') + "\" 4097";
  std::string clipped = ClipLongLines("short\n" + line, 60);
  EXPECT_EQ(clipped.substr(0, 6), "short\n");
  EXPECT_NE(clipped.find("\" 4097"), std::string::npos) << clipped;
  EXPECT_NE(clipped.find("characters]..."), std::string::npos);
  EXPECT_LT(clipped.size(), 120u);
  EXPECT_EQ(ClipLongLines("a\nb", 60), "a\nb");
}

}  // namespace
}  // namespace conformance
