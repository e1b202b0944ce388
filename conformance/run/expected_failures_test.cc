#include "conformance/run/expected_failures.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace conformance {
namespace {

TEST(ExpectedFailures, ParsesIdsGlobsAndReasons) {
  ExpectedFailures e = ExpectedFailures::Parse(
      "# header comment, then a blank line: not a reason\n"
      "\n"
      "# 003 set_terminator: CPython treats 0 as None\n"
      "# (second line of the same reason)\n"
      "integer.zero.*\n"
      "integer.zero_after\n"
      "\n"
      "output.push_typed.bytearray   # 003 push: bytes-like\n"
      "  close.handle_close.override\n",
      "list.txt");
  ASSERT_EQ(e.entries().size(), 4u);
  EXPECT_EQ(e.entries()[0].pattern, "integer.zero.*");
  EXPECT_EQ(e.entries()[0].reason, "003 set_terminator: CPython treats 0 as None (second line of the same reason)");
  EXPECT_EQ(e.entries()[0].line, 5);
  EXPECT_EQ(e.entries()[1].reason, e.entries()[0].reason) << "a comment block covers the entries below it";
  EXPECT_EQ(e.entries()[2].reason, "003 push: bytes-like");
  EXPECT_EQ(e.entries()[3].pattern, "close.handle_close.override");
  EXPECT_EQ(e.entries()[3].reason, "") << "a blank line ends the block";

  ASSERT_NE(e.Find("integer.zero.in_found_terminator"), nullptr);
  EXPECT_EQ(e.Find("integer.zero.in_found_terminator")->pattern, "integer.zero.*");
  EXPECT_EQ(e.Find("integer.zero"), nullptr) << "the glob needs the dot";
  EXPECT_NE(e.Find("output.push_typed.bytearray"), nullptr);
  EXPECT_EQ(e.Find("output.push_typed.bytes"), nullptr);
}

TEST(ExpectedFailures, ReportsEntriesMatchingNothing) {
  ExpectedFailures e = ExpectedFailures::Parse("a.*\nb.c\nstale.one\n", "f");
  std::vector<ExpectedFailures::Entry> unused = e.Unused({"a.x", "b.c", "d"});
  ASSERT_EQ(unused.size(), 1u);
  EXPECT_EQ(unused[0].pattern, "stale.one");
  EXPECT_EQ(unused[0].line, 3);
}

TEST(ExpectedFailures, RejectsALineThatIsNotOneId) {
  try {
    ExpectedFailures::Parse("ok.id\ntwo ids here\n", "expected/x.txt");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& err) {
    EXPECT_NE(std::string(err.what()).find("expected/x.txt:2"), std::string::npos) << err.what();
    EXPECT_NE(std::string(err.what()).find("two ids here"), std::string::npos) << err.what();
  }
  EXPECT_THROW(ExpectedFailures::Read("/nonexistent/list.txt"), std::runtime_error);
}

}  // namespace
}  // namespace conformance
