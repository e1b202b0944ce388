// Failure signatures on hand-written transcripts: the same behaviour
// difference in different cases has one signature, different differences
// have different ones; and GroupFailures groups a run's cases by them.
#include "conformance/run/failure_signature.h"

#include <gtest/gtest.h>

#include "conformance/run/run_result.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::Profile;
using traces::Record;

std::vector<Record> Records(const std::string& body) {
  return traces::ParseTrace("asynchat-trace 1\nchannel c\nchannel d\n" + body, "test").records;
}

FailureSignature Strict(const std::string& expected, const std::string& actual) {
  return MismatchSignature(Profile::kStrict, Records(expected), Records(actual));
}

FailureSignature Semantic(const std::string& expected, const std::string& actual) {
  return MismatchSignature(Profile::kSemantic, Records(expected), Records(actual));
}

// A push sent on the next write event instead of inside push(), as two
// unrelated cases show it: other bytes, other channel, other inputs before
// and between.
FailureSignature PushLateShortCase() {
  return Strict("> c push \"hi\"\n< c send \"hi\" 2\n> c write\n",
                "> c push \"hi\"\n> c write\n< c send \"hi\" 2\n");
}
FailureSignature PushLateLongCase() {
  return Strict(
      "> d set_terminator int:3\n> d read \"abc\"\n< d collect \"abc\"\n< d found_terminator\n"
      "> d push \"a longer reply\"\n< d send \"a longer reply\" 14\n> d read \"x\"\n< d collect \"x\"\n> d write\n",
      "> d set_terminator int:3\n> d read \"abc\"\n< d collect \"abc\"\n< d found_terminator\n"
      "> d push \"a longer reply\"\n> d read \"x\"\n< d collect \"x\"\n> d write\n< d send \"a longer reply\" 14\n");
}

TEST(FailureSignature, TheSameRootCauseInDifferentCasesIsOneSignature) {
  const FailureSignature a = PushLateShortCase(), b = PushLateLongCase();
  EXPECT_EQ(a.key, b.key);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.title, "after push: expected send, got no output (send comes after the next write)");
}

TEST(FailureSignature, DifferentProblemsAreDifferentSignatures) {
  const std::vector<FailureSignature> all = {
      PushLateShortCase(),
      // the push is never sent at all
      Strict("> c push \"hi\"\n< c send \"hi\" 2\n> c write\n", "> c push \"hi\"\n> c write\n"),
      // sent at once, but cut short
      Strict("> c push \"hi\"\n< c send \"hi\" 2\n", "> c push \"hi\"\n< c send \"h\" 1\n"),
      // sent at once, with other bytes
      Strict("> c push \"hi\"\n< c send \"hi\" 2\n", "> c push \"hi\"\n< c send \"ho\" 2\n"),
      // a terminator not found: collect where found_terminator was due
      Strict("> c set_terminator int:2\n> c read \"abc\"\n< c collect \"ab\"\n< c found_terminator\n< c collect \"c\"\n",
             "> c set_terminator int:2\n> c read \"abc\"\n< c collect \"ab\"\n< c collect \"c\"\n"),
      // the same, after a string terminator
      Strict("> c set_terminator str:\"\\n\"\n> c read \"a\\nb\"\n< c collect \"a\"\n< c found_terminator\n"
             "< c collect \"b\"\n",
             "> c set_terminator str:\"\\n\"\n> c read \"a\\nb\"\n< c collect \"a\"\n< c collect \"b\"\n"),
      // an output where none was expected
      Strict("> c push \"hi\"\n< c send \"hi\" 2\n> c close\n", "> c push \"hi\"\n< c send \"hi\" 2\n< c close\n> c close\n"),
  };
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_NE(all[i].key, "none") << i;
    for (std::size_t j = 0; j < i; ++j) EXPECT_NE(all[i].key, all[j].key) << i << " and " << j << ": " << all[i].title;
  }
}

TEST(FailureSignature, ArgumentsAreComparedByKind) {
  EXPECT_EQ(Strict("> c push \"hi\"\n< c send \"hi\" 2\n", "> c push \"hi\"\n< c send \"hi\" 1\n").title,
            "after push: send differs: argument 2 smaller");
  EXPECT_EQ(Strict("> c set_terminator int:-1\n< c raise ValueError\n", "> c set_terminator int:-1\n< c raise TypeError\n")
                .title,
            "after set_terminator int: raise differs: argument 1 other");
}

TEST(FailureSignature, SemanticSignaturesNameWhatDiffersNotTheBytes) {
  const FailureSignature fewer_a = Semantic("> c set_terminator int:1\n> c read \"ab\"\n< c collect \"a\"\n"
                                            "< c found_terminator\n< c collect \"b\"\n",
                                            "> c set_terminator int:1\n> c read \"ab\"\n< c collect \"ab\"\n");
  const FailureSignature fewer_b = Semantic("> d set_terminator str:\"x\"\n> d read \"1x2x\"\n< d collect \"1\"\n"
                                            "< d found_terminator\n< d collect \"2\"\n< d found_terminator\n",
                                            "> d set_terminator str:\"x\"\n> d read \"1x2x\"\n< d collect \"1\"\n"
                                            "< d found_terminator\n< d collect \"2x\"\n");
  EXPECT_EQ(fewer_a.key, fewer_b.key);
  EXPECT_EQ(fewer_a.title, "meaning differs: fewer found_terminator");
  const FailureSignature short_send =
      Semantic("> c push \"hello\"\n< c send \"hello\" 5\n", "> c push \"hello\"\n< c send \"hello\" 3\n");
  EXPECT_EQ(short_send.title, "meaning differs: sent bytes shorter");
  EXPECT_NE(short_send.key, fewer_a.key);
  const FailureSignature not_closed =
      Semantic("> c close_when_done\n> c write\n< c close\n", "> c close_when_done\n> c write\n");
  EXPECT_NE(not_closed.key, short_send.key);
  EXPECT_NE(not_closed.key, fewer_a.key);
}

TEST(FailureSignature, OtherVerdictsKeepTheShapeOfTheirDetail) {
  const auto hang = [](const std::string& detail) {
    return ResultSignature(Verdict::kAdapterFailure, detail, Profile::kStrict, {}, {});
  };
  EXPECT_EQ(hang("no answer within 5000 ms to line 12\nstderr: a").key,
            hang("no answer within 300 ms to line 7\nstderr: b").key);
  EXPECT_EQ(hang("the adapter said \"bad thing 1\"").key, hang("the adapter said \"another\"").key);
  EXPECT_NE(hang("no answer within 5000 ms to line 12").key, hang("the adapter exited with status 1").key);
  EXPECT_NE(hang("x").key, ResultSignature(Verdict::kCaseError, "x", Profile::kStrict, {}, {}).key);
  // A fail is judged by its transcripts, not its words.
  EXPECT_EQ(ResultSignature(Verdict::kFail, "anything", Profile::kStrict, Records("> c push \"hi\"\n< c send \"hi\" 2\n> c write\n"),
                            Records("> c push \"hi\"\n> c write\n< c send \"hi\" 2\n"))
                .key,
            PushLateShortCase().key);
}

TEST(FailureSignature, NoDifferenceIsNone) {
  EXPECT_EQ(Strict("> c push \"hi\"\n< c send \"hi\" 2\n", "> c push \"hi\"\n< c send \"hi\" 2\n").key, "none");
  EXPECT_EQ(Semantic("> c push \"hi\"\n< c send \"h\" 1\n< c send \"i\" 1\n", "> c push \"hi\"\n< c send \"hi\" 2\n").key,
            "none");
}

Case MakeCase(const std::string& id, const std::string& clause) {
  Case c;
  c.id = id;
  c.clauses = {clause};
  return c;
}

TEST(GroupFailures, OneGroupPerSignatureMostUnexpectedFirst) {
  const Case a = MakeCase("a", "chat.push.sends-at-once"), b = MakeCase("b", "chat.push.sends-at-once"),
             c = MakeCase("c", "chat.terminator.string.found"), d = MakeCase("d", "core.recv.eof"),
             e = MakeCase("e", "example.echo.protocol");
  ImplementationRun run;
  auto add = [&](const Case& spec, Verdict v, bool listed, const std::string& key) {
    CaseReport r;
    r.spec = &spec;
    r.result.verdict = v;
    r.outcome = OutcomeOf(v, listed);
    r.signature = {key, "title " + key};
    run.cases.push_back(r);
  };
  add(a, Verdict::kFail, true, "late");   // expected: counts, but not as unexpected
  add(d, Verdict::kPass, false, "");
  add(b, Verdict::kFail, false, "short");
  add(c, Verdict::kFail, false, "late");
  add(e, Verdict::kUnsupported, false, "");
  add(d, Verdict::kFail, false, "late");
  GroupFailures(run);
  ASSERT_EQ(run.groups.size(), 2u);
  EXPECT_EQ(run.groups[0].signature.key, "late");
  EXPECT_EQ(run.groups[0].cases, (std::vector<std::size_t>{0, 3, 5}));
  EXPECT_EQ(run.groups[0].unexpected, 2);
  EXPECT_EQ(run.groups[0].clauses,
            (std::vector<std::string>{"chat.push.sends-at-once", "chat.terminator.string.found", "core.recv.eof"}));
  EXPECT_EQ(run.groups[1].signature.key, "short");
  EXPECT_EQ(run.groups[1].cases, (std::vector<std::size_t>{2}));
  EXPECT_EQ(run.cases[0].group, 0);
  EXPECT_EQ(run.cases[1].group, -1);
  EXPECT_EQ(run.cases[2].group, 1);
  EXPECT_EQ(run.cases[4].group, -1);
}

}  // namespace
}  // namespace conformance
