// FindTerminator and SearchAnchor (terminator_search.h): the first
// occurrence, as std::string_view::find defines it, on both paths: the anchor
// byte plus comparison, and the memmem fallback when the anchor is common.
#include "reference/asynchat/terminator_search.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cstring>
#include <memory>
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

// Every hit ByteScanner reports, in order, from the start of the buffer and
// from one past each hit; the buffer is a heap block of exactly its size, so
// under ASan a read past either end fails the test.
std::vector<std::size_t> ScanAll(const std::string& bytes, char byte) {
  const std::unique_ptr<char[]> block(new char[bytes.size() + 1]);
  char* const begin = block.get() + 1;  // an odd address: unaligned windows
  std::memcpy(begin, bytes.data(), bytes.size());
  ByteScanner scanner(begin, begin + bytes.size(), byte);
  std::vector<std::size_t> hits;
  for (const char* p = scanner.Next(begin); p != nullptr; p = scanner.Next(p + 1)) {
    hits.push_back(static_cast<std::size_t>(p - begin));
  }
  return hits;
}

std::vector<std::size_t> FindAll(std::string_view bytes, char byte) {
  std::vector<std::size_t> hits;
  for (std::size_t i = bytes.find(byte); i != std::string_view::npos; i = bytes.find(byte, i + 1)) hits.push_back(i);
  return hits;
}

TEST(ByteScanner, FindsEveryHitInEachPartOfABuffer) {
  // Hits in a 64-byte window, in 16-byte steps, in the overlapping last load,
  // and in a buffer too short for any load.
  std::string bytes(200, 'a');
  for (std::size_t i : {0u, 1u, 63u, 64u, 130u, 150u, 183u, 184u, 190u, 199u}) bytes[i] = '\n';
  EXPECT_EQ(ScanAll(bytes, '\n'), FindAll(bytes, '\n'));
  EXPECT_EQ(ScanAll(std::string(200, 'a'), '\n'), std::vector<std::size_t>{});
  EXPECT_EQ(ScanAll("ab\ncd\n", '\n'), (std::vector<std::size_t>{2, 5}));
  EXPECT_EQ(ScanAll("", '\n'), std::vector<std::size_t>{});
  EXPECT_EQ(ScanAll(std::string(16, '\n'), '\n').size(), 16u);
}

RC_GTEST_PROP(ByteScannerProperty, MatchesStringViewFindHitAfterHit, ()) {
  const int density = *rc::gen::inRange(0, 40);  // from no hits to every second byte
  const std::string bytes = *rc::gen::resize(
      300, rc::gen::container<std::string>(rc::gen::weightedElement<char>({{40, 'a'}, {density, '\n'}})));
  RC_ASSERT(ScanAll(bytes, '\n') == FindAll(bytes, '\n'));
}

}  // namespace
}  // namespace asynchat
