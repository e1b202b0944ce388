// The citation checker catches each kind of bad citation on a deliberately
// bad fixture (a three-clause SPEC text and a handful of cases), passes a good
// one, and the named cases themselves cite only clauses of the checked-in
// SPEC.md. (That every testable clause of SPEC.md is cited by the whole suite,
// traces and properties included, is `conformance --coverage`'s exit status,
// checked with spec/COVERAGE.md by //conformance:coverage_test.)
#include "conformance/cases/clause_coverage.h"

#include <gtest/gtest.h>

#include "conformance/cases/case.h"
#include "spec/checked_in.h"

namespace conformance {
namespace {

constexpr char kTinySpec[] =
    "### `chat.push.queue`\nPushed data is queued.\n- source: [py3-asynchat] push()\n- basis: documented\n"
    "- testable: yes\n- differs: none known\n\n"
    "### `chat.push.split`\nLarge pushes are cut.\n- source: [py3-asynchat] push()\n- basis: implied\n"
    "- testable: yes\n- differs: none known\n\n"
    "### `core.loop.timeout`\nThe loop waits.\n- source: [py2-asyncore-ja] loop()\n- basis: documented\n"
    "- testable: no: time is not observable\n- differs: none known\n";

std::vector<spec::Clause> Tiny() { return spec::ParseClauses(kTinySpec, "tiny.md"); }

TEST(ClauseCoverage, AGoodCaseListHasNoProblemsAndGivesTheMatrix) {
  ClauseCoverage c = CheckClauseCoverage(Tiny(), {{"output.push.a.1", {"chat.push.queue"}},
                                                  {"output.push.a.2", {"chat.push.queue", "chat.push.split"}},
                                                  {"property.p", {"chat.push.split"}}});
  EXPECT_TRUE(c.problems.empty());
  EXPECT_EQ(c.citers["chat.push.queue"], (std::vector<std::string>{"output.push.a.1", "output.push.a.2"}));
  EXPECT_EQ(c.citers["chat.push.split"], (std::vector<std::string>{"output.push.a.2", "property.p"}));
  EXPECT_EQ(c.citers.count("core.loop.timeout"), 0u);
}

TEST(ClauseCoverage, EachBadCitationIsAProblemNamingCaseAndClause) {
  ClauseCoverage c = CheckClauseCoverage(Tiny(), {{"output.push.a", {"chat.push.queue", "chat.push.qeueu"}},
                                                  {"output.push.b", {}},
                                                  {"output.push.c", {"chat.push.queue", "core.loop.timeout"}}});
  EXPECT_EQ(c.problems, (std::vector<std::string>{
                            "output.push.a cites clause chat.push.qeueu, which spec/SPEC.md does not define",
                            "output.push.b cites no clause",
                            "output.push.c cites clause core.loop.timeout, which spec/SPEC.md:15 marks untestable",
                            "clause chat.push.split (spec/SPEC.md:8) is testable but no case cites it",
                        }));
}

TEST(ClauseCoverage, TheMatrixNamesUncoveredClausesAndWhyOthersAreUntestable) {
  ClauseCoverage c = CheckClauseCoverage(Tiny(), {{"output.push.a", {"chat.push.queue"}}});
  std::string md = CoverageMarkdown(Tiny(), c, "cmd");
  EXPECT_NE(md.find("| `chat.push.queue` | documented | 1 | output.push.a |"), std::string::npos) << md;
  EXPECT_NE(md.find("## Testable clauses no case checks\n\n- `chat.push.split` (SPEC.md line 8)"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| `core.loop.timeout` | documented | time is not observable |"), std::string::npos) << md;
  EXPECT_NE(CoverageText(Tiny(), c).find("1 of 2 testable clauses cited"), std::string::npos);
}

TEST(ClauseCoverage, IdsAreSummarizedByFamily) {
  EXPECT_EQ(SummarizeCaseIds({"close.eof.idle", "terminator.string.held.crlf.1", "terminator.string.held.lf.1",
                              "terminator.string.held.crlf.2", "property.stateful", "trace.echo.documented"}),
            "close.eof.idle, terminator.string.held.* (3), property.stateful, trace.echo.documented");
}

TEST(ClauseCoverage, EveryNamedCaseCitesOnlyClausesOfTheCheckedInSpec) {
  std::vector<Citation> citations;
  for (const Case& c : AllCases()) citations.push_back({c.id, c.clauses});
  ClauseCoverage coverage = CheckClauseCoverage(spec::CheckedInClauses(), citations);
  for (const std::string& p : coverage.problems) {
    // Clauses only traces or properties check are the suite's business, not the named cases'.
    if (p.rfind("clause ", 0) == 0) continue;
    ADD_FAILURE() << p;
  }
  EXPECT_GT(coverage.citers.size(), 80u);
}

}  // namespace
}  // namespace conformance
