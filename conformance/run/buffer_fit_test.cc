#include "conformance/run/buffer_fit.h"

#include <gtest/gtest.h>

#include <string>

#include "conformance/driver/adapter.h"
#include "traces/trace.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

Case MakeCase(const std::string& id, const std::string& scenario, traces::Profile profile = traces::Profile::kStrict) {
  Case c;
  c.id = id;
  c.profile = profile;
  c.scenario = traces::ParseTrace("asynchat-trace 1\n" + scenario, id);
  return c;
}

// What the suite would judge against without a fit: the case's transcript,
// here written out by hand.
traces::Trace Expected(const Case& c, const std::string& records) {
  traces::Trace t = traces::ParseTrace("asynchat-trace 1\n" + records, c.id);
  t.profile = c.profile;
  return t;
}

AdapterInfo Fixed(std::size_t in, std::size_t out, bool settable = false) {
  AdapterInfo info;
  info.protocol_version = 1;
  info.capabilities = {"string_terminator", "producers"};
  if (settable) info.capabilities.insert("buffer_sizes");
  info.in_buffer = in;
  info.out_buffer = out;
  return info;
}

const char kHeldBack[] =
    "channel c in_buffer=64\n> c set_terminator str:\"\\r\\n\"\n> c read \"data\\r\"\n> c read \"\\nmore\"\n";
const char kHeldBackExpected[] =
    "channel c in_buffer=64\n> c set_terminator str:\"\\r\\n\"\n> c read \"data\\r\"\n< c collect \"data\"\n"
    "> c read \"\\nmore\"\n< c found_terminator\n< c collect \"more\"\n";

TEST(BufferFit, NothingDeclaredRunsTheCaseAsItIs) {
  Case c = MakeCase("terminator.x.y", kHeldBack);
  AdapterInfo info;
  info.protocol_version = 1;
  BufferFit fit = FitToBufferSizes(c, Expected(c, kHeldBackExpected), info);
  EXPECT_EQ(fit.unsupported, "");
  EXPECT_EQ(traces::FormatTrace(fit.scenario), traces::FormatTrace(c.scenario));
  EXPECT_FALSE(fit.expected);
}

TEST(BufferFit, SizesGivenOnlyToBoundReadsAreDroppedForFixedSizes) {
  Case c = MakeCase("terminator.x.y", kHeldBack);
  BufferFit fit = FitToBufferSizes(c, Expected(c, kHeldBackExpected), Fixed(512, 512));
  EXPECT_EQ(fit.unsupported, "");
  ASSERT_EQ(fit.scenario.channels.size(), 1u);
  // The implementation's sizes, which Adapter::Run leaves out of the line it sends.
  EXPECT_EQ(fit.scenario.channels[0].in_buffer, std::optional<std::size_t>(512));
  EXPECT_EQ(fit.scenario.channels[0].out_buffer, std::optional<std::size_t>(512));
  const traces::Trace sent = WithoutDeclaredSizes(fit.scenario, Fixed(512, 512));
  EXPECT_FALSE(sent.channels[0].in_buffer);
  EXPECT_FALSE(sent.channels[0].out_buffer);
  EXPECT_EQ(WithoutDeclaredSizes(fit.scenario, Fixed(512, 512, true)).channels[0].in_buffer,
            std::optional<std::size_t>(512));
  ASSERT_TRUE(fit.expected);
  traces::Trace want = Expected(c, kHeldBackExpected);
  ASSERT_EQ(fit.expected->records.size(), want.records.size());
  for (std::size_t i = 0; i < want.records.size(); ++i) EXPECT_TRUE(fit.expected->records[i].SameAs(want.records[i]));
}

TEST(BufferFit, AReadLongerThanTheDeclaredInBufferIsUnsupported) {
  const std::string reads = "channel c in_buffer=64\n> c set_terminator str:\"\\n\"\n> c read \"" +
                            std::string(64, 'r') + "\"\n";
  Case c = MakeCase("terminator.x.y", reads);
  const traces::Trace expected = Expected(c, reads + "< c collect \"" + std::string(64, 'r') + "\"\n");
  BufferFit fit = FitToBufferSizes(c, expected, Fixed(16, 512));
  EXPECT_EQ(fit.unsupported, "reads 64 bytes at once on channel c; the implementation's in_buffer is 16");
  // An implementation that can set its sizes is given the case's in_buffer.
  EXPECT_EQ(FitToBufferSizes(c, expected, Fixed(16, 512, true)).unsupported, "");
}

const char kSplit[] = "channel c out_buffer=3\n> c push \"abcdefg\"\n> c write\n> c write\n> c write\n";
// push sends at once (asynchat's push initiates the send); each write event
// sends the next piece.
const char kSplitExpected[] =
    "channel c out_buffer=3\n> c push \"abcdefg\"\n< c send \"abc\" 3\n> c write\n< c send \"def\" 3\n"
    "> c write\n< c send \"g\" 1\n> c write\n";

TEST(BufferFit, AModelCaseRunsAtTheImplementationsSizesAgainstTheModelThere) {
  Case c = MakeCase("output.x.y", kSplit);
  BufferFit fit = FitToBufferSizes(c, Expected(c, kSplitExpected), Fixed(512, 512));
  EXPECT_EQ(fit.unsupported, "");
  ASSERT_TRUE(fit.expected);
  // At out_buffer=512 the push goes in one send.
  const traces::Trace want = Expected(c, "channel c out_buffer=3\n> c push \"abcdefg\"\n< c send \"abcdefg\" 7\n> c write\n> c write\n> c write\n");
  ASSERT_EQ(fit.expected->records.size(), want.records.size());
  for (std::size_t i = 0; i < want.records.size(); ++i) EXPECT_TRUE(fit.expected->records[i].SameAs(want.records[i]));
  EXPECT_NE(fit.failure_preamble.find("judged at the implementation's buffer sizes (in_buffer=512 out_buffer=512)"),
            std::string::npos);
  // Settable sizes: run as it is.
  BufferFit settable = FitToBufferSizes(c, Expected(c, kSplitExpected), Fixed(512, 512, true));
  EXPECT_EQ(settable.unsupported, "");
  EXPECT_EQ(settable.scenario.channels[0].out_buffer, std::optional<std::size_t>(3));
}

TEST(BufferFit, ASemanticCaseRunsAgainstTheModelAtTheImplementationsSizes) {
  Case c = MakeCase("output.x.semantic", kSplit, traces::Profile::kSemantic);
  BufferFit fit = FitToBufferSizes(c, Expected(c, kSplitExpected), Fixed(512, 512));
  EXPECT_EQ(fit.unsupported, "");
  ASSERT_TRUE(fit.expected);
  // One send of all seven bytes, where out_buffer=3 made three.
  int sends = 0;
  for (const traces::Record& r : fit.expected->records) sends += r.verb == "send";
  EXPECT_EQ(sends, 1);
  EXPECT_NE(fit.failure_preamble.find("at the implementation's buffer sizes"), std::string::npos);
}

TEST(BufferFit, ADocumentsTranscriptRunsOnlyIfTheSizesChangeNothingItCompares) {
  Case c = MakeCase("documented.x.y", kSplit);
  c.expected = Expected(c, kSplitExpected).records;
  BufferFit fit = FitToBufferSizes(c, Expected(c, kSplitExpected), Fixed(512, 512));
  EXPECT_NE(fit.unsupported.find("its expected transcript is its own (a document's or a trace file's), made with the "
                                 "buffer sizes it gives (channel c out_buffer=3)"),
            std::string::npos)
      << fit.unsupported;
  EXPECT_NE(fit.unsupported.find("it declares in_buffer=512 out_buffer=512"), std::string::npos) << fit.unsupported;

  // Under the semantic profile the bytes sent are all that counts: unchanged.
  Case meaning = MakeCase("documented.x.semantic", kSplit, traces::Profile::kSemantic);
  meaning.expected = Expected(meaning, kSplitExpected).records;
  BufferFit semantic = FitToBufferSizes(meaning, Expected(meaning, kSplitExpected), Fixed(512, 512));
  EXPECT_EQ(semantic.unsupported, "");
  EXPECT_FALSE(semantic.expected);

  Case held = MakeCase("documented.x.z", kHeldBack);
  held.expected = Expected(held, kHeldBackExpected).records;
  BufferFit runs = FitToBufferSizes(held, Expected(held, kHeldBackExpected), Fixed(512, 512));
  EXPECT_EQ(runs.unsupported, "");
  EXPECT_FALSE(runs.expected);  // the document's own transcript is kept
}

const char kBigPush[] = "channel c\n> c push \"" /* 5000 bytes */;

std::string BigPush() { return kBigPush + std::string(5000, 'd') + "\"\n> c write\n"; }

TEST(BufferFit, DeclaredDefaultsOtherThanTheDocumentedAreReportedByTheDefaultsCases) {
  const std::string expected = "channel c\n> c push \"" + std::string(5000, 'd') + "\"\n< c send \"" +
                               std::string(4096, 'd') + "\" 4096\n> c write\n< c send \"" + std::string(904, 'd') +
                               "\" 904\n";
  Case defaults = MakeCase("defaults.out_buffer.x", BigPush());
  BufferFit fit = FitToBufferSizes(defaults, Expected(defaults, expected), Fixed(512, 512));
  EXPECT_EQ(fit.unsupported, "");
  EXPECT_FALSE(fit.expected);  // judged against the documented 4096
  EXPECT_EQ(fit.failure_preamble,
            "the implementation declares default buffer sizes in_buffer=512 out_buffer=512, where the documents give "
            "4096 (spec/SPEC.md chat.buffer.defaults)");

  // Elsewhere a default channel has the declared sizes: pieces of 512.
  Case other = MakeCase("output.x.y", BigPush());
  BufferFit elsewhere = FitToBufferSizes(other, Expected(other, expected), Fixed(512, 512));
  EXPECT_EQ(elsewhere.unsupported, "");
  ASSERT_TRUE(elsewhere.expected);
  ASSERT_GE(elsewhere.expected->records.size(), 2u);
  EXPECT_TRUE(elsewhere.expected->records[1].SameAs(
      traces::ParseTrace("asynchat-trace 1\nchannel c\n< c send \"" + std::string(512, 'd') + "\" 512\n", "w")
          .records[0]));

  // Declared defaults equal to the documented ones change nothing.
  BufferFit documented = FitToBufferSizes(other, Expected(other, expected), Fixed(4096, 4096));
  EXPECT_EQ(documented.unsupported, "");
  EXPECT_EQ(documented.failure_preamble, "");
}

TEST(BufferFit, SettableSizesWithDeclaredDefaultsAsCPythonHasThem) {
  const std::string expected = "channel c\n> c push \"" + std::string(5000, 'd') + "\"\n< c send \"" +
                               std::string(4096, 'd') + "\" 4096\n> c write\n< c send \"" + std::string(904, 'd') +
                               "\" 904\n";
  Case defaults = MakeCase("defaults.out_buffer.x", BigPush());
  BufferFit fit = FitToBufferSizes(defaults, Expected(defaults, expected), Fixed(65536, 65536, true));
  EXPECT_EQ(fit.unsupported, "");
  EXPECT_NE(fit.failure_preamble.find("declares default buffer sizes in_buffer=65536 out_buffer=65536"),
            std::string::npos);

  Case other = MakeCase("output.x.y", BigPush());
  BufferFit elsewhere = FitToBufferSizes(other, Expected(other, expected), Fixed(65536, 65536, true));
  EXPECT_EQ(elsewhere.unsupported, "");
  ASSERT_TRUE(elsewhere.expected);
  // One send of all 5000 bytes, then nothing left for the write.
  ASSERT_EQ(elsewhere.expected->records.size(), 3u);
  EXPECT_EQ(elsewhere.expected->records[1].verb, "send");
  EXPECT_EQ(elsewhere.expected->records[1].args[0].text, std::string(5000, 'd'));
}

// A trace with its own transcript made at the documented defaults (a
// defaults case's counterexample) is about those defaults when it cites
// chat.buffer.defaults: judged unchanged, the difference said. Without the
// citation the same trace is not the suite's business at other sizes.
TEST(BufferFit, ATraceCitingTheDocumentedDefaultsIsJudgedAtThem) {
  const std::string expected = "channel c\n> c push \"" + std::string(5000, 'd') + "\"\n< c send \"" +
                               std::string(4096, 'd') + "\" 4096\n> c write\n< c send \"" + std::string(904, 'd') +
                               "\" 904\n";
  Case about = MakeCase("trace.regressions.x.defaults.out_buffer.push", BigPush());
  about.expected = Expected(about, expected).records;
  about.clauses = {"chat.buffer.defaults", "chat.push.split"};
  BufferFit fit = FitToBufferSizes(about, Expected(about, expected), Fixed(65536, 65536, true));
  EXPECT_EQ(fit.unsupported, "");
  EXPECT_FALSE(fit.expected);
  EXPECT_EQ(fit.scenario.channels[0].out_buffer, std::nullopt);
  EXPECT_NE(fit.failure_preamble.find("in_buffer=65536 out_buffer=65536, where the documents give 4096"),
            std::string::npos)
      << fit.failure_preamble;

  Case other = about;
  other.clauses = {"chat.push.split"};
  BufferFit elsewhere = FitToBufferSizes(other, Expected(other, expected), Fixed(65536, 65536, true));
  EXPECT_NE(elsewhere.unsupported.find("made with the documented default buffer sizes"), std::string::npos)
      << elsewhere.unsupported;
}

}  // namespace
}  // namespace conformance
