#include "tools/loadgen/message_size.h"

#include <gtest/gtest.h>

namespace loadgen {
namespace {

MessageSize Parse(const char* text) {
  std::string error;
  std::optional<MessageSize> s = ParseMessageSize(text, &error);
  EXPECT_TRUE(s.has_value()) << text << ": " << error;
  return s.value_or(MessageSize{});
}

std::string ErrorOf(const char* text) {
  std::string error;
  EXPECT_FALSE(ParseMessageSize(text, &error).has_value()) << text;
  return error;
}

TEST(MessageSizeTest, PlainAndUnits) {
  EXPECT_EQ(Parse("64").min, 64u);
  EXPECT_TRUE(Parse("64").fixed());
  EXPECT_EQ(Parse("4K").max, 4096u);
  EXPECT_EQ(Parse("4k").max, 4096u);
  EXPECT_EQ(Parse("64KiB").max, 65536u);
  EXPECT_EQ(Parse("1M").max, 1048576u);
  EXPECT_EQ(Parse("100B").max, 100u);
}

TEST(MessageSizeTest, Ranges) {
  MessageSize s = Parse("64-64K");
  EXPECT_EQ(s.min, 64u);
  EXPECT_EQ(s.max, 65536u);
  EXPECT_FALSE(s.fixed());
  EXPECT_EQ(s.ToString(), "64-65536");
  for (std::uint64_t r : {0ull, 1ull, 12345ull, ~0ull}) {
    std::size_t v = s.Pick(r);
    EXPECT_GE(v, 64u);
    EXPECT_LE(v, 65536u);
  }
  EXPECT_EQ(Parse("7-7").Pick(99), 7u);
}

TEST(MessageSizeTest, Refusals) {
  EXPECT_NE(ErrorOf("").find("number"), std::string::npos);
  EXPECT_NE(ErrorOf("x").find("number"), std::string::npos);
  EXPECT_NE(ErrorOf("0").find("outside"), std::string::npos);
  EXPECT_NE(ErrorOf("2M").find("outside"), std::string::npos);
  EXPECT_NE(ErrorOf("99999999999999999999").find("outside"), std::string::npos);
  EXPECT_NE(ErrorOf("4G").find("unit"), std::string::npos);
  EXPECT_NE(ErrorOf("64K-64").find("minimum"), std::string::npos);
  EXPECT_NE(ErrorOf("64-").find("number"), std::string::npos);
}

}  // namespace
}  // namespace loadgen
