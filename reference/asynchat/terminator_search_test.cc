// FindTerminator and SearchAnchor (terminator_search.h): the first
// occurrence, as std::string_view::find defines it, on both paths: the anchor
// byte plus comparison, and the memmem fallback when the anchor is common.
#include "reference/asynchat/terminator_search.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace asynchat {
namespace {

std::size_t Find(std::string_view haystack, std::string_view needle) {
  return FindTerminator(haystack, needle, SearchAnchor(needle));
}

TEST(TerminatorSearch, AnchorIsTheRarestByte) {
  EXPECT_EQ(SearchAnchor("\r\n.\r\n"), 2u);  // "." is rarer than CR and LF
  EXPECT_EQ(SearchAnchor("\r\n\r\n"), 0u);   // all equally common: the first
  EXPECT_EQ(SearchAnchor("ab\x01"), 2u);     // a control byte beats letters
  EXPECT_EQ(SearchAnchor(""), 0u);
}

TEST(TerminatorSearch, FindsTheFirstOccurrence) {
  EXPECT_EQ(Find("abc\r\n.\r\nxyz\r\n.\r\n", "\r\n.\r\n"), 3u);
  EXPECT_EQ(Find(".\r\n\r\n.\r\n", "\r\n.\r\n"), 3u);  // an anchor hit too near the start is skipped
  EXPECT_EQ(Find("\r\n.\r", "\r\n.\r\n"), std::string_view::npos);  // a prefix at the end is no match
  EXPECT_EQ(Find("\r\n.\r\n", "\r\n.\r\n"), 0u);
  EXPECT_EQ(Find("x\r\n", "\r\n.\r\n"), std::string_view::npos);  // shorter than the needle
  EXPECT_EQ(Find(std::string("a\0\0b", 4), std::string("\0b", 2)), 2u);
}

// Many anchor hits and no match, then a match at the very end: the memmem
// fallback must take over from the right place and still find it.
TEST(TerminatorSearch, CommonAnchorFallsBackAndStillFindsTheMatch) {
  const std::string needle = "....x";
  std::string haystack(100000, '.');
  EXPECT_EQ(Find(haystack, needle), std::string_view::npos);
  haystack += "x";
  EXPECT_EQ(Find(haystack, needle), haystack.size() - needle.size());
  haystack = std::string(5000, '.') + "x" + std::string(5000, '.') + "....x";
  EXPECT_EQ(Find(haystack, needle), 5000u - 4u);
}

RC_GTEST_PROP(TerminatorSearchProperty, MatchesStringViewFind, ()) {
  // A small alphabet makes anchor hits, partial matches and fallbacks common.
  const std::vector<char> alphabet = {'a', '.', '\r', '\n', '\0'};
  const std::string haystack =
      *rc::gen::resize(400, rc::gen::container<std::string>(rc::gen::elementOf(alphabet)));
  const std::string needle =
      *rc::gen::resize(6, rc::gen::suchThat(rc::gen::container<std::string>(rc::gen::elementOf(alphabet)),
                                                [](const std::string& n) { return n.size() >= 2; }));
  RC_ASSERT(Find(haystack, needle) == std::string_view(haystack).find(needle));
}

// Two bytes and needles up to 40 long: the anchor is common, comparisons fail
// late, and the memmem fallback takes over in the middle of the search.
RC_GTEST_PROP(TerminatorSearchProperty, MatchesStringViewFindWhenTheAnchorIsCommon, ()) {
  const std::size_t length = *rc::gen::inRange<std::size_t>(2, 41);
  const std::string needle =
      *rc::gen::container<std::string>(length, rc::gen::weightedElement<char>({{9, '.'}, {1, 'x'}}));
  const std::string haystack =
      *rc::gen::resize(2000, rc::gen::container<std::string>(rc::gen::weightedElement<char>({{9, '.'}, {1, 'x'}})));
  RC_ASSERT(Find(haystack, needle) == std::string_view(haystack).find(needle));
}

}  // namespace
}  // namespace asynchat
