#include "tools/bench/echo_input_buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace bench {
namespace {

using Result = EchoInputBuffer::Result;

// Feeds `bytes` in reads of at most `chunk` (and at most what ReadSpace offers);
// returns the payloads, or "BAD" where a command was refused.
std::vector<std::string> Feed(EchoInputBuffer& in, const std::string& bytes, std::size_t chunk) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < bytes.size()) {
    EchoInputBuffer::Span space = in.ReadSpace();
    EXPECT_GT(space.size, 0u);
    const std::size_t n = std::min({chunk, space.size, bytes.size() - at});
    std::memcpy(space.data, bytes.data() + at, n);
    in.Commit(n);
    at += n;
    const char* p = nullptr;
    std::size_t len = 0;
    Result r;
    while ((r = in.Next(&p, &len)) == Result::kMessage) out.emplace_back(p, len);
    in.Release();
    if (r == Result::kBad) {
      out.push_back("BAD");
      break;
    }
  }
  return out;
}

std::string Message(const std::string& payload) { return "ECHO " + std::to_string(payload.size()) + "\n" + payload; }

std::string Pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + i % 23);
  return s;
}

TEST(EchoInputBuffer, TwoMessagesInOneRead) {
  EchoInputBuffer in(4096);
  EXPECT_EQ(Feed(in, Message("hello") + Message("") + Message("x\ny"), 4096),
            (std::vector<std::string>{"hello", "", "x\ny"}));
}

TEST(EchoInputBuffer, EveryByteSeparately) {
  EchoInputBuffer in(4096);
  EXPECT_EQ(Feed(in, Message("abc") + Message("defgh"), 1), (std::vector<std::string>{"abc", "defgh"}));
}

TEST(EchoInputBuffer, MessageLargerThanOneReadIsCollectedWhole) {
  EchoInputBuffer in(100);
  const std::string big = Pattern(100000);
  EXPECT_EQ(Feed(in, Message("a") + Message(big) + Message("b"), 4096), (std::vector<std::string>{"a", big, "b"}));
}

TEST(EchoInputBuffer, ReadsAtMostReadSizeOutsideALongMessage) {
  EchoInputBuffer in(100);
  EXPECT_EQ(in.ReadSpace().size, 100u);
  EXPECT_EQ(Feed(in, Message(Pattern(1000)), 4096).size(), 1u);
  EXPECT_EQ(in.ReadSpace().size, 100u);
}

TEST(EchoInputBuffer, PayloadsStayUntilRelease) {
  EchoInputBuffer in(64);
  const std::string bytes = Message("0123456789") + "ECHO 3";
  EchoInputBuffer::Span space = in.ReadSpace();
  std::memcpy(space.data, bytes.data(), bytes.size());
  in.Commit(bytes.size());
  const char* p = nullptr;
  std::size_t len = 0;
  ASSERT_EQ(in.Next(&p, &len), Result::kMessage);
  EXPECT_EQ(std::string(p, len), "0123456789");
  EXPECT_EQ(in.Next(&p, &len), Result::kIncomplete);
  in.Release();
  EXPECT_EQ(in.ReadSpace().size, 40u);  // room remains after the 24 bytes: nothing moves
  const std::string rest = "\nxyz" + Message(Pattern(50));  // does not fit behind: pending bytes move to the front
  EXPECT_EQ(Feed(in, rest, 4096), (std::vector<std::string>{"xyz", Pattern(50)}));
}

TEST(EchoInputBuffer, RefusesWhatTheFloorRefuses) {
  for (const std::string& bad : {std::string("PING 3\nabc"), std::string("ECHO 1x\na"), std::string("ECHO\n"),
                                 std::string("ECHO 1048577\n"), std::string(64, 'E')}) {
    EchoInputBuffer in(4096);
    EXPECT_EQ(Feed(in, bad, 4096), (std::vector<std::string>{"BAD"})) << bad;
  }
  EchoInputBuffer in(4096);
  EXPECT_EQ(Feed(in, "ECHO 1048576\n", 4096), (std::vector<std::string>{}));  // the largest allowed: waits for it
}

}  // namespace
}  // namespace bench
