// Terminator (terminator.h): the three kinds set_terminator() accepts.
#include "reference/asynchat/terminator.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

namespace asynchat {
namespace {

void ExpectNegativeRejected(std::int64_t value) {
  try {
    Terminator::Count(value);
    ADD_FAILURE() << "accepted " << value;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(value)), std::string::npos) << e.what();
  }
}

TEST(Terminator, NegativeCountThrowsNamingTheValue) {
  ExpectNegativeRejected(-1);
  ExpectNegativeRejected(-4096);
  ExpectNegativeRejected(std::numeric_limits<std::int64_t>::min());
}

TEST(Terminator, ZeroAndPositiveCountsAreAccepted) {
  EXPECT_EQ(Terminator::Count(0).count(), 0u);
  EXPECT_EQ(Terminator::Count(6).count(), 6u);
  EXPECT_EQ(Terminator::Count(std::numeric_limits<std::int64_t>::max()).count(),
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
}

TEST(Terminator, Kinds) {
  EXPECT_EQ(Terminator().kind(), Terminator::Kind::kNone);
  EXPECT_EQ(Terminator::None().kind(), Terminator::Kind::kNone);
  EXPECT_EQ(Terminator::String("\r\n").kind(), Terminator::Kind::kString);
  EXPECT_EQ(Terminator::String("\r\n").bytes(), "\r\n");
  EXPECT_EQ(Terminator::Count(3).kind(), Terminator::Kind::kCount);
  const std::string nul("a\0b", 3);
  EXPECT_EQ(Terminator::String(nul).bytes(), nul);
}

TEST(Terminator, Describe) {
  EXPECT_EQ(Terminator::None().Describe(), "none");
  EXPECT_EQ(Terminator::Count(0).Describe(), "int:0");
  EXPECT_EQ(Terminator::Count(100).Describe(), "int:100");
  EXPECT_EQ(Terminator::String("").Describe(), "str:\"\"");
  EXPECT_EQ(Terminator::String("\r\n").Describe(), "str:\"\\r\\n\"");
  EXPECT_EQ(Terminator::String("qqq").Describe(), "str:\"qqq\"");
  EXPECT_EQ(Terminator::String(std::string("\0\xff", 2)).Describe(), "str:\"\\x00\\xff\"");
  EXPECT_EQ(Terminator::String("a\"b\\").Describe(), "str:\"a\\\"b\\\\\"");
}

TEST(Terminator, CollectsEverythingForNoneEmptyStringAndZero) {
  EXPECT_TRUE(Terminator::None().collects_everything());
  EXPECT_TRUE(Terminator::String("").collects_everything());
  EXPECT_TRUE(Terminator::Count(0).collects_everything());
  EXPECT_FALSE(Terminator::String("\n").collects_everything());
  EXPECT_FALSE(Terminator::String(std::string(1, '\0')).collects_everything());
  EXPECT_FALSE(Terminator::Count(1).collects_everything());
}

TEST(Terminator, EqualityComparesKindAndValue) {
  EXPECT_EQ(Terminator::None(), Terminator());
  EXPECT_EQ(Terminator::String("\n"), Terminator::String("\n"));
  EXPECT_NE(Terminator::String("\n"), Terminator::String("\r\n"));
  EXPECT_EQ(Terminator::Count(5), Terminator::Count(5));
  EXPECT_NE(Terminator::Count(5), Terminator::Count(6));
  // Same "collect everything" behaviour, still different values.
  EXPECT_NE(Terminator::None(), Terminator::Count(0));
  EXPECT_NE(Terminator::None(), Terminator::String(""));
}

}  // namespace
}  // namespace asynchat
