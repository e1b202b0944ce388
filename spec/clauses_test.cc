// The reader of SPEC.md refuses what is not a clause, naming the line; the
// checked-in SPEC.md reads, and the copy compiled into the tools
// (checked_in.h) is the file. Which cases cite which clauses is checked by
// conformance/cases/clause_coverage_test and `conformance --coverage`.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "spec/checked_in.h"
#include "spec/clauses.h"

namespace spec {
namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr char kOne[] =
    "# title\n\n### `chat.push.queue`\nPushed data is queued.\n- source: [py3-asynchat] push()\n"
    "- basis: documented\n- testable: yes\n- differs: none known\n\n"
    "### `core.loop.timeout`\nThe loop waits.\n- source: [py2-asyncore-ja] loop()\n- basis: implied\n"
    "- testable: no: time is not observable\n- differs: none known\n";

TEST(Clauses, ReadsEveryField) {
  std::vector<Clause> c = ParseClauses(kOne, "t.md");
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].id, "chat.push.queue");
  EXPECT_EQ(c[0].line, 3);
  EXPECT_EQ(c[0].rule, "Pushed data is queued.");
  EXPECT_EQ(c[0].source, "[py3-asynchat] push()");
  EXPECT_EQ(c[0].basis, Basis::kDocumented);
  EXPECT_TRUE(c[0].testable);
  EXPECT_EQ(c[1].basis, Basis::kImplied);
  EXPECT_FALSE(c[1].testable);
  EXPECT_EQ(c[1].untestable_reason, "time is not observable");
}

void ExpectError(const std::string& text, const std::string& starts_with) {
  try {
    ParseClauses(text, "t.md");
    FAIL() << "accepted:\n" << text;
  } catch (const SpecError& e) {
    EXPECT_EQ(std::string(e.what()).rfind(starts_with, 0), 0u) << e.what();
  }
}

TEST(Clauses, RefusesWhatIsNotAClauseNamingTheLine) {
  const std::string good = kOne;
  ExpectError("### Push\nx\n", "t.md:1: a level-3 heading");
  ExpectError("### `Chat.Push`\nx\n", "t.md:1: not a clause id");
  ExpectError(good + "\n### `chat.push.queue`\nagain\n- source: s\n- basis: implied\n- testable: yes\n- differs: d\n",
              "t.md:17: clause chat.push.queue is defined twice");
  ExpectError("### `chat.x`\n- source: s\n", "t.md:2: clause chat.x: the line after the heading");
  ExpectError("### `chat.x`\nrule\n- basis: documented\n", "t.md:3: clause chat.x: expected \"- source:");
  ExpectError("### `chat.x`\nrule\n- source: s\n- basis: likely\n- testable: yes\n- differs: d\n",
              "t.md:4: clause chat.x: basis is");
  ExpectError("### `chat.x`\nrule\n- source: s\n- basis: implied\n- testable: maybe\n- differs: d\n",
              "t.md:5: clause chat.x: testable is");
  ExpectError("### `chat.x`\nrule\n- source: s\n- basis: implied\n- testable: yes\n", "t.md:6: clause chat.x: expected \"- differs:");
}

TEST(Clauses, IdShape) {
  EXPECT_TRUE(IsClauseId("chat.terminator.string.prefix-held"));
  EXPECT_TRUE(IsClauseId("example.echo.printed-run"));
  EXPECT_FALSE(IsClauseId("chat..push"));
  EXPECT_FALSE(IsClauseId("chat.push."));
  EXPECT_FALSE(IsClauseId("asyncore.loop"));
  EXPECT_FALSE(IsClauseId("chat.Push"));
}

TEST(CheckedInSpec, ReadsAndIsTheCopyCompiledIn) {
  std::vector<Clause> clauses = ParseClauses(Slurp("spec/SPEC.md"));
  ASSERT_GT(clauses.size(), 100u);
  ASSERT_EQ(CheckedInClauses().size(), clauses.size());
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    EXPECT_EQ(CheckedInClauses()[i].id, clauses[i].id);
    EXPECT_EQ(CheckedInClauses()[i].rule, clauses[i].rule);
  }
  ASSERT_NE(FindCheckedInClause("chat.push.split"), nullptr);
  EXPECT_EQ(FindCheckedInClause("chat.push.split")->id, "chat.push.split");
  EXPECT_EQ(FindCheckedInClause("chat.push.nonexistent"), nullptr);
}

}  // namespace
}  // namespace spec
