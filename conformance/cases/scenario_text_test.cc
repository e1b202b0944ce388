// The scenario helpers produce exactly the read lines a case claims: a wrong
// cut would silently test another chunking.
#include "conformance/cases/scenario_text.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace conformance::cases {
namespace {

TEST(ScenarioText, QuotesAndEscapes) {
  EXPECT_EQ(Q(std::string("a\r\n\0\"\\", 6)), "\"a\\r\\n\\x00\\\"\\\\\"");
  EXPECT_EQ(Str("\r\n"), "str:\"\\r\\n\"");
  EXPECT_EQ(Q(""), "\"\"");
}

TEST(ScenarioText, ReadsAtCutsWhereAsked) {
  EXPECT_EQ(ReadsAt("c", "abcdef", {1, 4}), "> c read \"a\"\n> c read \"bcd\"\n> c read \"ef\"\n");
  EXPECT_EQ(ReadsAt("h", "ab", {}), "> h read \"ab\"\n");
}

TEST(ScenarioText, ReadsAtRefusesBadCuts) {
  EXPECT_THROW(ReadsAt("c", "abc", {0}), std::invalid_argument);
  EXPECT_THROW(ReadsAt("c", "abc", {3}), std::invalid_argument);
  EXPECT_THROW(ReadsAt("c", "abc", {2, 1}), std::invalid_argument);
  EXPECT_THROW(ReadsAt("c", "abc", {1, 1}), std::invalid_argument);
}

TEST(ScenarioText, ReadsEveryCoversTheStream) {
  EXPECT_EQ(ReadsEvery("c", "abcde", 2), "> c read \"ab\"\n> c read \"cd\"\n> c read \"e\"\n");
  EXPECT_EQ(ReadsEvery("c", "abc", 3), "> c read \"abc\"\n");
  EXPECT_EQ(ReadsEvery("c", "abc", 10), "> c read \"abc\"\n");
  EXPECT_THROW(ReadsEvery("c", "abc", 0), std::invalid_argument);
}

TEST(ScenarioText, Repeat) {
  EXPECT_EQ(Repeat("> c write", 2), "> c write\n> c write\n");
  EXPECT_EQ(Repeat("> c write", 0), "");
}

}  // namespace
}  // namespace conformance::cases
