// find_prefix_at_end (find_prefix_at_end.h).
#include "reference/asynchat/find_prefix_at_end.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace asynchat {
namespace {

// The definition, by brute force: the longest l < len(needle) such that
// haystack ends with needle[:l].
std::size_t BruteForce(std::string_view haystack, std::string_view needle) {
  std::size_t best = 0;
  for (std::size_t l = 1; l < needle.size(); ++l) {
    if (l <= haystack.size() && haystack.substr(haystack.size() - l) == needle.substr(0, l)) best = l;
  }
  return best;
}

TEST(FindPrefixAtEnd, DocumentedExamples) {
  // asynchat.py's comment and test_asynchat's TestHelperFunctions.
  EXPECT_EQ(find_prefix_at_end("qwerty\r", "\r\n"), 1u);
  EXPECT_EQ(find_prefix_at_end("qwertydkjf", "\r\n"), 0u);
}

TEST(FindPrefixAtEnd, EdgeCases) {
  EXPECT_EQ(find_prefix_at_end("", "\r\n"), 0u);
  EXPECT_EQ(find_prefix_at_end("abc", ""), 0u);
  EXPECT_EQ(find_prefix_at_end("abc", "x"), 0u);  // a 1-byte needle has no proper prefix
  EXPECT_EQ(find_prefix_at_end("\r", "\r\n"), 1u);  // the whole haystack is the prefix
  EXPECT_EQ(find_prefix_at_end("xx\r\n.", "\r\n.\r\n"), 3u);
  EXPECT_EQ(find_prefix_at_end("\r\n.\r", "\r\n.\r\n"), 4u);  // longest, not the first found
  EXPECT_EQ(find_prefix_at_end("aa", "aaa"), 2u);
  EXPECT_EQ(find_prefix_at_end("xaba", "abab"), 3u);
  EXPECT_EQ(find_prefix_at_end("xab", "abab"), 2u);
  EXPECT_EQ(find_prefix_at_end(std::string("a\0", 2), std::string("\0\0", 2)), 1u);
}

RC_GTEST_PROP(FindPrefixAtEndProperty, MatchesBruteForceDefinition, ()) {
  const std::vector<char> alphabet = {'a', 'b', '\0'};
  const std::string haystack = *rc::gen::container<std::string>(rc::gen::elementOf(alphabet));
  const std::string needle = *rc::gen::resize(8, rc::gen::container<std::string>(rc::gen::elementOf(alphabet)));
  RC_ASSERT(find_prefix_at_end(haystack, needle) == BruteForce(haystack, needle));
}

}  // namespace
}  // namespace asynchat
