// CompareTranscript: each profile passes equal transcripts and fails on the
// wrong thing; in particular the every-profile rule on `error` and `raise`
// records (trace_compare.h): an extra one in the actual transcript, or a
// missing one, fails strict and semantic alike, even where nothing else
// differs.
#include "traces/trace_compare.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "traces/trace_format.h"

namespace traces {
namespace {

const Profile kProfiles[] = {Profile::kStrict, Profile::kSemantic};

std::string Name(Profile p) { return p == Profile::kStrict ? "strict" : "semantic"; }

Trace Expected(const std::string& body) {
  return ParseTrace("asynchat-trace 1\nchannel c\nchannel d\n" + body, "expected.trace");
}

std::vector<Record> Actual(const std::string& body) { return Expected(body).records; }

// A partial send, then EPIPE: asyncore closes without handle_error.
const std::string kSendEpipe =
    "> c send_budget 2\n> c push \"hello\"\n< c send \"hello\" 2\n> c send_error EPIPE\n> c write\n"
    "< c send \"llo\" error EPIPE\n< c close\n> c write\n";

TEST(CompareTranscript, EqualTranscriptsPassEveryProfile) {
  for (Profile p : kProfiles) EXPECT_FALSE(CompareTranscript(Expected(kSendEpipe), Actual(kSendEpipe), p)) << Name(p);
}

// What the issue describes: the same bytes sent and the channel closed, but
// the send error escaped handle_write (here: reached handle_error). Semantic
// used to pass it.
TEST(CompareTranscript, ExtraErrorFailsEveryProfile) {
  const std::string crashed =
      "> c send_budget 2\n> c push \"hello\"\n< c send \"hello\" 2\n> c send_error EPIPE\n> c write\n"
      "< c send \"llo\" error EPIPE\n< c error OSError:EPIPE\n< c close\n> c write\n";
  for (Profile p : kProfiles) {
    auto m = CompareTranscript(Expected(kSendEpipe), Actual(crashed), p);
    ASSERT_TRUE(m) << Name(p);
    EXPECT_NE(m->message.find("error OSError:EPIPE"), std::string::npos) << m->message;
  }
  auto m = CompareTranscript(Expected(kSendEpipe), Actual(crashed), Profile::kSemantic);
  EXPECT_NE(m->message.find("handle_error ran where the expected transcript has no error or raise"),
            std::string::npos)
      << m->message;
  EXPECT_EQ(m->line, 8) << "the line of the write that caused it: " << m->message;
}

TEST(CompareTranscript, ExtraRaiseFromAnEventFailsEveryProfile) {
  // The exception left the write event entirely: no handle_error, no close.
  // The close is given here anyway, so that only the raise differs.
  const std::string escaped =
      "> c send_budget 2\n> c push \"hello\"\n< c send \"hello\" 2\n> c send_error EPIPE\n> c write\n"
      "< c send \"llo\" error EPIPE\n< c raise OSError:EPIPE\n< c close\n> c write\n";
  for (Profile p : kProfiles) {
    auto m = CompareTranscript(Expected(kSendEpipe), Actual(escaped), p);
    ASSERT_TRUE(m) << Name(p);
  }
  auto m = CompareTranscript(Expected(kSendEpipe), Actual(escaped), Profile::kSemantic);
  EXPECT_NE(m->message.find("an exception escaped the write event to the loop"), std::string::npos) << m->message;
  EXPECT_NE(m->message.find("after:    > c write"), std::string::npos) << m->message;
}

TEST(CompareTranscript, ExtraRaiseFromACallFailsEveryProfile) {
  const std::string want = "> c push \"ab\"\n< c send \"ab\" 2\n";
  const std::string got = "> c push \"ab\"\n< c send \"ab\" 2\n< c raise TypeError\n";
  for (Profile p : kProfiles) {
    auto m = CompareTranscript(Expected(want), Actual(got), p);
    ASSERT_TRUE(m) << Name(p);
  }
  auto m = CompareTranscript(Expected(want), Actual(got), Profile::kSemantic);
  EXPECT_NE(m->message.find("the call raised"), std::string::npos) << m->message;
}

TEST(CompareTranscript, MissingErrorFailsEveryProfile) {
  const std::string want =
      "> c send_error EIO\n> c push \"abc\"\n< c send \"abc\" error EIO\n< c error OSError:EIO\n< c close\n";
  // Closed without handle_error: meaning otherwise equal.
  const std::string got = "> c send_error EIO\n> c push \"abc\"\n< c send \"abc\" error EIO\n< c close\n";
  for (Profile p : kProfiles) {
    auto m = CompareTranscript(Expected(want), Actual(got), p);
    ASSERT_TRUE(m) << Name(p);
  }
  auto m = CompareTranscript(Expected(want), Actual(got), Profile::kSemantic);
  EXPECT_NE(m->message.find("the expected handle_error never ran"), std::string::npos) << m->message;
  EXPECT_EQ(m->line, 7) << m->message;
}

TEST(CompareTranscript, MissingRaiseFailsEveryProfile) {
  const std::string want = "> c set_terminator int:-1\n< c raise ValueError\n> c read \"abc\"\n< c collect \"abc\"\n";
  const std::string got = "> c set_terminator int:-1\n> c read \"abc\"\n< c collect \"abc\"\n";
  for (Profile p : kProfiles) {
    auto m = CompareTranscript(Expected(want), Actual(got), p);
    ASSERT_TRUE(m) << Name(p);
  }
  auto m = CompareTranscript(Expected(want), Actual(got), Profile::kSemantic);
  EXPECT_NE(m->message.find("the expected exception was not raised"), std::string::npos) << m->message;
}

TEST(CompareTranscript, ErrorInsteadOfRaiseFailsEveryProfile) {
  const std::string want = "> c set_terminator int:-1\n< c raise ValueError\n";
  const std::string got = "> c set_terminator int:-1\n< c error ValueError\n";
  for (Profile p : kProfiles) EXPECT_TRUE(CompareTranscript(Expected(want), Actual(got), p)) << Name(p);
}

// The rule is per channel: the error on channel d does not stand for c's.
TEST(CompareTranscript, ErrorOnAnotherChannelFailsEveryProfile) {
  const std::string want = "> c read error EIO\n< c error OSError:EIO\n< c close\n> d read \"x\"\n< d collect \"x\"\n";
  const std::string got =
      "> c read error EIO\n< c close\n> d read \"x\"\n< d collect \"x\"\n< d error OSError:EIO\n";
  for (Profile p : kProfiles) EXPECT_TRUE(CompareTranscript(Expected(want), Actual(got), p)) << Name(p);
}

// Semantic compares the kind as part of the meaning; strict line for line.
TEST(CompareTranscript, DifferentKindFailsBothProfiles) {
  const std::string want = "> c read error EIO\n< c error OSError:EIO\n< c close\n";
  const std::string got = "> c read error EIO\n< c error ValueError\n< c close\n";
  EXPECT_FALSE(CompareFailureRecords(Expected(want), Actual(got))) << "same verbs: the rule itself holds";
  for (Profile p : kProfiles) EXPECT_TRUE(CompareTranscript(Expected(want), Actual(got), p)) << Name(p);
}

// Where the error happens is not part of the meaning: an implementation that
// sends in smaller pieces meets the scripted EIO at a later write. Strict
// fails, semantic passes.
TEST(CompareTranscript, SemanticIgnoresWhichInputCausedTheError) {
  const std::string want =
      "> c push \"abcd\"\n< c send \"abcd\" 4\n> c send_error EIO\n> c write\n> c push \"x\"\n"
      "< c send \"x\" error EIO\n< c error OSError:EIO\n< c close\n";
  const std::string got =
      "> c push \"abcd\"\n< c send \"abcd\" 4\n> c send_error EIO\n> c write\n< c send \"\" error EIO\n"
      "< c error OSError:EIO\n< c close\n> c push \"x\"\n";
  EXPECT_TRUE(CompareTranscript(Expected(want), Actual(got), Profile::kStrict));
  EXPECT_FALSE(CompareTranscript(Expected(want), Actual(got), Profile::kSemantic));
}

TEST(CompareFailureRecords, OrderOfVerbsMatters) {
  const std::string want = "> c read error EIO\n< c error OSError:EIO\n> c set_terminator int:-1\n< c raise ValueError\n";
  const std::string got = "> c read error EIO\n< c raise OSError:EIO\n> c set_terminator int:-1\n< c error ValueError\n";
  auto m = CompareFailureRecords(Expected(want), Actual(got));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->line, 5) << m->message;
  EXPECT_NE(m->message.find("expected: < c error OSError:EIO"), std::string::npos) << m->message;
}

TEST(MeaningOf, CollectsFailuresInOrder) {
  auto meaning = MeaningOf(Actual("> c read error EIO\n< c error OSError:EIO\n< c close\n"
                                  "> c set_terminator int:-1\n< c raise ValueError\n"));
  EXPECT_EQ(meaning["c"].failures, (std::vector<std::string>{"error OSError:EIO", "raise ValueError"}));
  EXPECT_TRUE(meaning["c"].closed);
}

// Where the implementation produced nothing, `actual:` says so, and shows the
// input that came instead as an input: never as if it were the record.
TEST(CompareTranscript, NothingProducedIsSaidSo) {
  const std::string want = "> c set_terminator str:\"\\n\"\n> c read \"a\\n\"\n< c collect \"a\"\n< c found_terminator\n"
                           "> c write\n";
  auto m = CompareTranscript(Expected(want),
                             Actual("> c set_terminator str:\"\\n\"\n> c read \"a\\n\"\n< c collect \"a\"\n> c write\n"),
                             Profile::kStrict);
  ASSERT_TRUE(m);
  EXPECT_NE(m->message.find("\n  expected: < c found_terminator\n  actual:   (nothing: the next record is the input "
                            "> c write)\n"),
            std::string::npos)
      << m->message;
  m = CompareTranscript(Expected(want),
                        Actual("> c set_terminator str:\"\\n\"\n> c read \"a\\n\"\n< c collect \"a\"\n"),
                        Profile::kStrict);
  ASSERT_TRUE(m);
  EXPECT_NE(m->message.find("\n  expected: < c found_terminator\n  actual:   (nothing: the transcript ends here)\n"),
            std::string::npos)
      << m->message;
  // A missing error (every profile's rule): nothing before the next input.
  m = CompareTranscript(Expected("> c push \"ab\"\n< c raise TypeError\n> c write\n"),
                        Actual("> c push \"ab\"\n> c write\n"), Profile::kSemantic);
  ASSERT_TRUE(m);
  EXPECT_NE(m->message.find("\n  expected: < c raise TypeError\n  actual:   (nothing: no such record before the next "
                            "input > c write)"),
            std::string::npos)
      << m->message;
  m = CompareTranscript(Expected("> c push \"ab\"\n< c raise TypeError\n"), Actual("> c push \"ab\"\n"),
                        Profile::kSemantic);
  ASSERT_TRUE(m);
  EXPECT_NE(m->message.find("actual:   (nothing: the transcript ends here)"), std::string::npos) << m->message;
}

}  // namespace
}  // namespace traces
