// WholeStreamOf: the whole-stream delivery property.chunking_invariance
// compares against. One read, except where a discard_buffers (or a close)
// inside found_terminator drops the rest of a chunked read: there the whole
// delivery must cut too, or it would drop more.
#include "conformance/properties/whole_stream.h"

#include <gtest/gtest.h>

#include "reference/harness/reference_replay.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance::properties {
namespace {

traces::Trace Parse(const std::string& body) { return traces::ParseTrace("asynchat-trace 1\n" + body, "t.trace"); }

// The records of a trace as text, one per line.
std::string Inputs(const traces::Trace& t) {
  std::string out;
  for (const traces::Record& r : t.records) out += traces::FormatRecord(r) + "\n";
  return out;
}

TEST(WholeStream, WithoutReactionsTheStreamIsOneRead) {
  traces::Trace chunked = Parse(
      "channel c in_buffer=3\n> c set_terminator str:\"\\r\\n\"\n> c read \"ab\\r\"\n> c read \"\\ncd\"\n"
      "> c read \"e\"\n> c read eof\n");
  traces::Trace whole = WholeStreamOf(chunked);
  EXPECT_EQ(Inputs(whole), "> c set_terminator str:\"\\r\\n\"\n> c read \"ab\\r\\ncde\"\n> c read eof\n");
  ASSERT_EQ(whole.channels.size(), 1u);
  EXPECT_EQ(whole.channels[0].in_buffer, 7u);  // raised to fit
  EXPECT_TRUE(RequiredCuts(chunked).empty());
}

TEST(WholeStream, DiscardInsideFoundTerminatorCutsAtTheEndOfThatRead) {
  traces::Trace chunked = Parse(
      "channel c in_buffer=8\n> c set_terminator str:\"\\n\"\n> c on found_terminator 1 discard_buffers\n"
      "> c read \"ab\\ncd\"\n> c read \"ef\\ngh\"\n");
  // Found 1 ends at offset 3, inside the first read, which ends at 5.
  EXPECT_EQ(RequiredCuts(chunked), (std::vector<std::size_t>{5}));
  EXPECT_EQ(Inputs(WholeStreamOf(chunked)),
            "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 discard_buffers\n> c read \"ab\\ncd\"\n"
            "> c read \"ef\\ngh\"\n");

  // Cut right after the terminator instead: nothing is dropped.
  traces::Trace at_boundary = Parse(
      "channel c in_buffer=8\n> c set_terminator str:\"\\n\"\n> c on found_terminator 1 discard_buffers\n"
      "> c read \"ab\\n\"\n> c read \"cd\"\n> c read \"ef\\ngh\"\n");
  EXPECT_EQ(RequiredCuts(at_boundary), (std::vector<std::size_t>{3}));
}

TEST(WholeStream, TerminatorChangesMoveLaterCuts) {
  // int:2 found at 2 (read "abc" ends at 3: cut, drop "c"); then int:3
  // counts from 3: found 2 at 6, in read "defgh" which ends at 8: cut.
  traces::Trace chunked = Parse(
      "channel c in_buffer=8\n> c set_terminator int:2\n> c on found_terminator 1 discard_buffers\n"
      "> c on found_terminator 1 set_terminator int:3\n> c on found_terminator 2 discard_buffers\n"
      "> c read \"abc\"\n> c read \"defgh\"\n> c read \"ij\"\n");
  EXPECT_EQ(RequiredCuts(chunked), (std::vector<std::size_t>{3, 8}));
}

TEST(WholeStream, ClosingInsideFoundTerminatorCutsToo) {
  traces::Trace closes = Parse(
      "channel c\n> c set_terminator str:\"a\"\n> c on found_terminator 2 close\n> c read \"xaya\"\n"
      "> c read \"zzz\"\n");
  EXPECT_EQ(RequiredCuts(closes), (std::vector<std::size_t>{4}));
  // A negative count raises ValueError inside found_terminator: handle_error closes.
  traces::Trace raises = Parse(
      "channel c\n> c set_terminator str:\"a\"\n> c on found_terminator 1 set_terminator int:-1\n"
      "> c read \"xay\"\n> c read \"zzz\"\n");
  EXPECT_EQ(RequiredCuts(raises), (std::vector<std::size_t>{3}));
}

TEST(WholeStream, CollectEverythingTerminatorsEndTheSearch) {
  for (const char* t : {"none", "int:0", "str:\"\""}) {
    traces::Trace chunked =
        Parse(std::string("channel c\n> c set_terminator ") + t +
              "\n> c on found_terminator 1 discard_buffers\n> c read \"ab\"\n> c read \"cd\"\n");
    EXPECT_TRUE(RequiredCuts(chunked).empty()) << t;
  }
}

TEST(WholeStream, AnEmptyReadIsEndOfFileNotData) {
  traces::Trace chunked = Parse("channel c\n> c set_terminator str:\"\\n\"\n> c read \"a\"\n> c read \"\"\n");
  EXPECT_EQ(Inputs(WholeStreamOf(chunked)), "> c set_terminator str:\"\\n\"\n> c read \"a\"\n> c read \"\"\n");
}

TEST(WholeStream, OtherShapesComeBackUnchanged) {
  // Data after end of file: not one stream.
  traces::Trace after_eof =
      Parse("channel c\n> c set_terminator str:\"\\n\"\n> c read \"a\"\n> c read eof\n> c read \"b\"\n< c close\n");
  EXPECT_EQ(Inputs(WholeStreamOf(after_eof)),
            "> c set_terminator str:\"\\n\"\n> c read \"a\"\n> c read eof\n> c read \"b\"\n");
}

// Why the cuts matter: on the reference, the whole delivery means what the
// chunked one means, and the naive single read does not.
TEST(WholeStream, MatchesTheChunkedMeaningWhereOneReadWouldNot) {
  traces::Trace chunked = Parse(
      "channel c in_buffer=8\n> c set_terminator str:\"\\n\"\n> c on found_terminator 1 discard_buffers\n"
      "> c read \"ab\\ncd\"\n> c read \"ef\\ngh\"\n");
  traces::Trace naive = Parse(
      "channel c in_buffer=16\n> c set_terminator str:\"\\n\"\n> c on found_terminator 1 discard_buffers\n"
      "> c read \"ab\\ncdef\\ngh\"\n");
  auto expected_from = [](const traces::Trace& t) {
    traces::Trace e = t;
    e.records = harness::ReplayOnReference(t);
    return e;
  };
  const std::vector<traces::Record> chunked_out = harness::ReplayOnReference(chunked);
  EXPECT_FALSE(traces::CompareTranscript(expected_from(WholeStreamOf(chunked)), chunked_out,
                                         traces::Profile::kSemantic));
  EXPECT_TRUE(traces::CompareTranscript(expected_from(naive), chunked_out, traces::Profile::kSemantic));
}

}  // namespace
}  // namespace conformance::properties
