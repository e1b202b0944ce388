// EscapeBytes / UnescapeBytes (bytes_escape.h): one printable ASCII line per
// byte string, and back.
#include "traces/bytes_escape.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <stdexcept>
#include <string>

namespace traces {
namespace {

bool IsPrintableLine(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}

TEST(BytesEscape, EveryByteValueRoundTripsAlone) {
  for (int v = 0; v < 256; ++v) {
    const std::string one(1, static_cast<char>(v));
    const std::string escaped = EscapeBytes(one);
    EXPECT_TRUE(IsPrintableLine(escaped)) << "byte " << v << " -> " << escaped;
    EXPECT_EQ(UnescapeBytes(escaped), one) << "byte " << v;
  }
}

TEST(BytesEscape, AllByteValuesRoundTripTogether) {
  std::string all;
  for (int v = 0; v < 256; ++v) all += static_cast<char>(v);
  const std::string escaped = EscapeBytes(all);
  EXPECT_TRUE(IsPrintableLine(escaped));
  EXPECT_EQ(UnescapeBytes(escaped), all);
  // Twice over, so escapes next to each other are exercised in both orders.
  const std::string reversed(all.rbegin(), all.rend());
  EXPECT_EQ(UnescapeBytes(EscapeBytes(all + reversed)), all + reversed);
}

TEST(BytesEscape, DocumentedForms) {
  EXPECT_EQ(EscapeBytes("plain text 123"), "plain text 123");
  EXPECT_EQ(EscapeBytes("\n\r\t\\\""), "\\n\\r\\t\\\\\\\"");
  EXPECT_EQ(EscapeBytes(std::string("\0", 1)), "\\x00");
  EXPECT_EQ(EscapeBytes("\x7f\x80\xff"), "\\x7f\\x80\\xff");
  EXPECT_EQ(EscapeBytes(""), "");
  EXPECT_EQ(UnescapeBytes(""), "");
  // Upper-case hex digits are accepted on the way back.
  EXPECT_EQ(UnescapeBytes("\\xFF\\xAb"), "\xff\xab");
}

// The message must name the column (0-based) of the offending escape.
void ExpectRejectedAt(const std::string& escaped, std::size_t column) {
  try {
    UnescapeBytes(escaped);
    ADD_FAILURE() << "accepted: " << escaped;
  } catch (const std::invalid_argument& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("column " + std::to_string(column)), std::string::npos)
        << "input " << escaped << ": " << message;
  }
}

TEST(BytesEscape, MalformedEscapesNameTheColumn) {
  ExpectRejectedAt("\\", 0);            // dangling backslash
  ExpectRejectedAt("abc\\", 3);         // dangling backslash at the end
  ExpectRejectedAt("ab\\q", 2);         // unknown escape
  ExpectRejectedAt("\\x", 0);           // \x without digits
  ExpectRejectedAt("xy\\x4", 2);        // one hex digit
  ExpectRejectedAt("xyz\\xg0", 3);      // not a hex digit
  ExpectRejectedAt("\\x0g", 0);         // second digit bad
  ExpectRejectedAt("ok\\n\\z", 4);      // after a valid escape
  ExpectRejectedAt("a\nb", 1);          // raw control byte
  ExpectRejectedAt("ab\x80", 2);        // raw non-ASCII byte
  ExpectRejectedAt(std::string("a\0", 2), 1);  // raw NUL
}

TEST(BytesEscape, UnknownEscapeMessageNamesTheEscape) {
  try {
    UnescapeBytes("a\\q");
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("\\q"), std::string::npos) << e.what();
  }
}

RC_GTEST_PROP(BytesEscapeProperty, RoundTripsArbitraryBytes, (const std::string& bytes)) {
  const std::string escaped = EscapeBytes(bytes);
  RC_ASSERT(IsPrintableLine(escaped));
  RC_ASSERT(UnescapeBytes(escaped) == bytes);
}

}  // namespace
}  // namespace traces

namespace traces {
namespace {

TEST(EscapeControlBytes, ControlBytesButNewlineAndTabAreEscaped) {
  EXPECT_EQ(EscapeControlBytes(std::string("a\x1b[31m\x00\r\x7f\n\tb", 12)), "a\\x1b[31m\\x00\\x0d\\x7f\n\tb");
  // Printable text, backslashes and UTF-8 are kept as they are.
  EXPECT_EQ(EscapeControlBytes("caf\xc3\xa9 \\x41 \"q\""), "caf\xc3\xa9 \\x41 \"q\"");
}

}  // namespace
}  // namespace traces
