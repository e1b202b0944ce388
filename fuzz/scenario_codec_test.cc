// The byte encoding the trace-shaped fuzz targets share (scenario_codec.h):
// seeds written from traces decode back to the traces' inputs, re-encoding is
// exact, and any bytes decode to a scenario an implementation can be given.
#include "fuzz/scenario_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "traces/trace.h"
#include "traces/trace_format.h"

namespace fuzz {
namespace {

using traces::Record;

constexpr Surface kSurfaces[] = {Surface::kFraming, Surface::kOutput, Surface::kSession};

std::vector<std::string> CheckedInTraces() {
  std::vector<std::string> out;
  for (const char* root : {"traces", "conformance/implementations"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(root)) {
      if (e.path().extension() == ".trace") out.push_back(e.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Record> InputsOf(const traces::Trace& t, const std::string& channel) {
  std::vector<Record> out;
  for (const Record& r : t.records) {
    if (r.direction == Record::Direction::kInput && r.channel == channel) out.push_back(r);
  }
  return out;
}

TEST(ScenarioCodec, EchoHandlerDecodesToItsInputs) {
  // Every input of the documented echo handler is expressible in kSession.
  traces::Trace t = traces::ReadTraceFile("traces/echo/documented.trace");
  std::optional<std::string> bytes = EncodeChannel(t, "h", Surface::kSession);
  ASSERT_TRUE(bytes);
  traces::Trace decoded = DecodeScenario(*bytes, Surface::kSession);
  ASSERT_EQ(decoded.channels.size(), 1u);
  EXPECT_EQ(decoded.channels[0].in_buffer, t.FindChannel("h")->in_buffer);
  EXPECT_EQ(decoded.channels[0].out_buffer, t.FindChannel("h")->out_buffer);
  std::vector<Record> want = InputsOf(t, "h");
  ASSERT_EQ(decoded.records.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    want[i].channel = kChannel;
    EXPECT_TRUE(decoded.records[i].SameAs(want[i]))
        << traces::FormatRecord(decoded.records[i]) << " vs " << traces::FormatRecord(want[i]);
  }
}

TEST(ScenarioCodec, ProducersAreRenamedInOrder) {
  traces::Trace t = traces::ReadTraceFile("traces/echo/documented.trace");
  traces::Trace decoded = DecodeScenario(*EncodeChannel(t, "c", Surface::kSession), Surface::kSession);
  std::vector<Record> want = InputsOf(t, "c");
  ASSERT_EQ(decoded.records.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    want[i].channel = kChannel;
    if (want[i].verb == "producer" || want[i].verb == "push_with_producer") want[i].args[0].text = "p0";
    EXPECT_TRUE(decoded.records[i].SameAs(want[i])) << traces::FormatRecord(decoded.records[i]);
  }
}

TEST(ScenarioCodec, FramingScenariosStartWithTheirTerminator) {
  traces::Trace t = traces::ReadTraceFile("traces/echo/documented.trace");
  traces::Trace decoded = DecodeScenario(*EncodeChannel(t, "h", Surface::kFraming), Surface::kFraming);
  ASSERT_FALSE(decoded.records.empty());
  EXPECT_EQ(traces::FormatRecord(decoded.records[0]), "> c set_terminator str:\"\\n\"");
  for (const Record& r : decoded.records) EXPECT_NE(r.verb, "push") << "push is not in the framing surface";
}

TEST(ScenarioCodec, EveryCheckedInTraceReencodesExactly) {
  std::size_t encoded = 0;
  for (const std::string& f : CheckedInTraces()) {
    traces::Trace t = traces::ReadTraceFile(f);
    for (const traces::ChannelConfig& c : t.channels) {
      for (Surface s : kSurfaces) {
        std::optional<std::string> bytes = EncodeChannel(t, c.id, s);
        if (!bytes) continue;
        ++encoded;
        traces::Trace decoded = DecodeScenario(*bytes, s);
        EXPECT_EQ(EncodeChannel(decoded, kChannel, s), bytes) << f << " channel " << c.id << " " << SurfaceName(s);
      }
    }
  }
  EXPECT_GE(encoded, 20u);
}

TEST(ScenarioCodec, StreamBytesComeFromTheFront) {
  // Changing a stream byte changes that byte of a read and nothing else.
  traces::Trace t = traces::ReadTraceFile("traces/echo/documented.trace");
  std::string bytes = *EncodeChannel(t, "h", Surface::kFraming);
  traces::Trace before = DecodeScenario(bytes, Surface::kFraming);
  const std::size_t first_read = bytes.find("ECHO 166\n");
  ASSERT_NE(first_read, std::string::npos);
  bytes[first_read] = 'X';
  traces::Trace after = DecodeScenario(bytes, Surface::kFraming);
  ASSERT_EQ(before.records.size(), after.records.size());
  std::size_t changed = 0;
  for (std::size_t i = 0; i < before.records.size(); ++i) {
    if (!before.records[i].SameAs(after.records[i])) {
      ++changed;
      EXPECT_EQ(after.records[i].verb, "read");
    }
  }
  EXPECT_EQ(changed, 1u);
}

std::string ReadStream(const traces::Trace& t, const std::string& channel) {
  std::string out;
  for (const Record& r : InputsOf(t, channel)) {
    if (r.verb == "read" && r.args.at(0).kind == traces::Arg::Kind::kBytes) out += r.args[0].text;
  }
  return out;
}

TEST(ScenarioCodec, RecordedApplicationsSeedWithTheirBytesInSmallerReads) {
  // traces/apps channels have 65536-byte buffers and reads, past the codec's
  // range: they encode clamped, and the decoded reads carry the beginning
  // of the same stream.
  std::size_t encoded = 0;
  for (const std::string& f : CheckedInTraces()) {
    if (f.find("traces/apps/") == std::string::npos) continue;
    traces::Trace t = traces::ReadTraceFile(f);
    for (const traces::ChannelConfig& c : t.channels) {
      std::optional<std::string> bytes = EncodeChannel(t, c.id, Surface::kSession);
      if (!bytes) continue;
      ++encoded;
      traces::Trace decoded = DecodeScenario(*bytes, Surface::kSession);
      const std::size_t in_buffer = decoded.channels.at(0).in_buffer.value_or(kMaxBuffer);
      EXPECT_LE(in_buffer, kMaxBuffer) << f;
      for (const Record& r : decoded.records) {
        if (r.verb == "read" && r.args.at(0).kind == traces::Arg::Kind::kBytes) {
          EXPECT_LE(r.args[0].text.size(), in_buffer) << f;
        }
      }
      const std::string whole = ReadStream(t, c.id), seeded = ReadStream(decoded, kChannel);
      EXPECT_EQ(whole.compare(0, seeded.size(), seeded), 0) << f << ": seeded reads are not the stream's beginning";
      EXPECT_FALSE(seeded.empty() && !whole.empty()) << f;
      EXPECT_LT(bytes->size(), kMaxEncodedBytes + 2 * kMaxBuffer) << f;
    }
  }
  EXPECT_GE(encoded, 30u);
}

// Any bytes: a valid scenario (parses back), reads within in_buffer,
// producers declared before use, only the surface's inputs.
TEST(ScenarioCodec, AnyBytesDecodeToARunnableScenario) {
  std::mt19937 rng(5);
  const std::set<std::string> output_verbs = {"write",         "push",    "producer",        "push_with_producer",
                                              "send_budget",   "send_error", "close_when_done", "discard_buffers",
                                              "close"};
  const std::set<std::string> framing_verbs = {"read", "set_terminator", "on", "discard_buffers"};
  std::size_t records = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string bytes(rng() % 400, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    for (Surface s : kSurfaces) {
      traces::Trace t = DecodeScenario(bytes, s);
      const std::string text = traces::FormatTrace(t);
      ASSERT_NO_THROW(traces::ParseTrace(text)) << text;
      const std::size_t in_buffer = t.channels.at(0).in_buffer.value_or(kMaxBuffer);
      std::set<std::string> declared;
      for (const Record& r : t.records) {
        ++records;
        if (r.verb == "read" && r.args[0].kind == traces::Arg::Kind::kBytes) {
          EXPECT_GE(r.args[0].text.size(), 1u);
          EXPECT_LE(r.args[0].text.size(), in_buffer);
        }
        if (r.verb == "producer") declared.insert(r.args[0].text);
        if (r.verb == "push_with_producer") {
          EXPECT_TRUE(declared.count(r.args[0].text)) << text;
        }
        if (r.verb == "on" && r.args[2].text == "push_with_producer") {
          EXPECT_TRUE(declared.count(r.args[3].text)) << text;
        }
        if (s == Surface::kOutput) {
          EXPECT_TRUE(output_verbs.count(r.verb)) << r.verb;
        }
        if (s == Surface::kFraming) {
          EXPECT_TRUE(framing_verbs.count(r.verb)) << r.verb;
        }
      }
      if (s == Surface::kFraming) {
        EXPECT_EQ(t.records.at(0).verb, "set_terminator");
      }
    }
  }
  EXPECT_GT(records, 10000u);
}

}  // namespace
}  // namespace fuzz
