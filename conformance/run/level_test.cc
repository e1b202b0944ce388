// Levels: which failures the documents forgive. Each rule of level.h is
// checked both ways, so a FailsAtLevel that forgave too much or too little
// fails here.
#include "conformance/run/level.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "traces/trace_format.h"

namespace conformance {
namespace {

using spec::Basis;

TEST(Level, CpythonCountsEveryFailure) {
  EXPECT_TRUE(FailsAtLevel(Level::kCpython, {{Basis::kCpythonDecided}, true, true, false}));
}

TEST(Level, SameMeaningForgivenOnlyWhenACpythonDecidedClauseIsCited) {
  EXPECT_FALSE(FailsAtLevel(Level::kDocumented, {{Basis::kDocumented, Basis::kCpythonDecided}, true, true, false}));
  EXPECT_TRUE(FailsAtLevel(Level::kDocumented, {{Basis::kDocumented, Basis::kImplied}, true, true, false}));
}

TEST(Level, ChangedMeaningFailsUnlessEveryClauseIsCpythonDecided) {
  EXPECT_TRUE(FailsAtLevel(Level::kDocumented, {{Basis::kDocumented, Basis::kCpythonDecided}, false, false, false}));
  EXPECT_FALSE(FailsAtLevel(Level::kDocumented, {{Basis::kCpythonDecided}, false, false, false}));
}

TEST(Level, MeaningReachedOnlyWithLaterWritesIsADifferenceWhateverTheClauses) {
  EXPECT_FALSE(FailsAtLevel(Level::kDocumented, {{Basis::kDocumented}, false, true, false}));
  EXPECT_TRUE(FailsAtLevel(Level::kDocumented, {{Basis::kDocumented}, false, false, false}));
}

TEST(Level, AnUnexpectedErrorIsNeverForgivenByRuleB) {
  EXPECT_TRUE(FailsAtLevel(Level::kDocumented, {{Basis::kCpythonDecided}, false, true, true}));
}

TEST(Level, AnUnexpectedErrorIsNeverForgivenByRuleC) {
  EXPECT_TRUE(FailsAtLevel(Level::kDocumented, {{Basis::kCpythonDecided}, false, false, true}));
}

TEST(Level, ACaseCitingNoClauseIsJudgedInFull) {
  EXPECT_TRUE(FailsAtLevel(Level::kDocumented, {{}, true, true, false}));
}

TEST(Level, BasesComeFromTheCheckedInSpec) {
  EXPECT_EQ(BasesOf({"chat.push.sends-at-once", "core.recv.eof", "no.such.clause"}),
            (std::vector<Basis>{Basis::kCpythonDecided, Basis::kDocumented, Basis::kDocumented}));
}

TEST(Level, ExhibitedClausesAreThoseTheTranscriptShows) {
  const traces::Trace t = traces::ParseTrace(
      "asynchat-trace 1\nchannel c\n> c push \"a\"\n< c send \"a\" 1\n> c producer p \"b\"\n"
      "> c push_with_producer p\n< c more p \"b\"\n< c send \"b\" 1\n",
      "t");
  EXPECT_EQ(ExhibitedCpythonClauses(t.records),
            (std::vector<std::string>{"chat.push.sends-at-once", "chat.producer.lazy"}));
  const traces::Trace lazy = traces::ParseTrace("asynchat-trace 1\nchannel c\n> c push \"a\"\n> c write\n"
                                                "< c send \"a\" 1\n", "lazy");
  EXPECT_TRUE(ExhibitedCpythonClauses(lazy.records).empty());
  const traces::Trace empty = traces::ParseTrace("asynchat-trace 1\nchannel c\n> c set_terminator str:\"\\n\"\n"
                                                 "> c read \"\\n\"\n< c collect \"\"\n< c found_terminator\n",
                                                 "empty");
  EXPECT_EQ(ExhibitedCpythonClauses({}, empty.records), std::vector<std::string>{"chat.collect.never-empty"});
  for (const std::string& id : ExhibitedCpythonClauses(t.records)) {
    EXPECT_EQ(BasesOf({id}), std::vector<Basis>{Basis::kCpythonDecided}) << id;
  }
}

TEST(Level, NamesRoundTripAndUnknownNamesAreRefused) {
  EXPECT_EQ(ParseLevel(LevelName(Level::kDocumented)), Level::kDocumented);
  EXPECT_EQ(ParseLevel(LevelName(Level::kCpython)), Level::kCpython);
  try {
    ParseLevel("strict");
    FAIL() << "accepted 'strict'";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("'strict'"), std::string::npos);
  }
}

}  // namespace
}  // namespace conformance
