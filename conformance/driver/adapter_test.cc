// Adapter::Run's checks before a case reaches an implementation: the
// capabilities, and for an adapter that declared its buffer sizes, the sizes
// it is sent and the reads it can take.
#include "conformance/driver/adapter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "traces/trace_format.h"

namespace conformance {
namespace {

// Records what reaches it; runs nothing.
class RecordingAdapter : public Adapter {
 public:
  explicit RecordingAdapter(AdapterInfo info) : info_(std::move(info)) {}
  const AdapterInfo& info() const override { return info_; }
  std::vector<traces::Trace> received;

 protected:
  CaseOutcome RunSupported(const std::string&, const traces::Trace& scenario) override {
    received.push_back(scenario);
    return CaseOutcome{};
  }

 private:
  AdapterInfo info_;
};

AdapterInfo Declaring(std::optional<std::size_t> size, bool settable) {
  AdapterInfo info;
  info.protocol_version = 1;
  info.capabilities = {"string_terminator"};
  if (settable) info.capabilities.insert("buffer_sizes");
  info.in_buffer = size;
  info.out_buffer = size;
  return info;
}

traces::Trace Reading(const std::string& channel_line, std::size_t bytes) {
  return traces::ParseTrace("asynchat-trace 1\n" + channel_line + "\n> c set_terminator str:\"\\n\"\n> c read \"" +
                                std::string(bytes, 'r') + "\"\n",
                            "t");
}

TEST(Adapter, DeclaredFixedSizesAreLeftOutOfWhatItIsSent) {
  RecordingAdapter a(Declaring(16, false));
  EXPECT_EQ(a.Run("x", Reading("channel c in_buffer=16 out_buffer=16", 16)).status, CaseOutcome::Status::kRan);
  ASSERT_EQ(a.received.size(), 1u);
  EXPECT_FALSE(a.received[0].channels[0].in_buffer);
  EXPECT_FALSE(a.received[0].channels[0].out_buffer);
}

TEST(Adapter, AReadLongerThanTheDeclaredInBufferNeverReachesIt) {
  RecordingAdapter a(Declaring(16, false));
  CaseOutcome o = a.Run("x", Reading("channel c", 20));
  EXPECT_EQ(o.status, CaseOutcome::Status::kUnsupported);
  EXPECT_EQ(o.detail, "reads 20 bytes at once on channel c; the implementation's in_buffer is 16");
  // Another size than the declared one needs buffer_sizes.
  o = a.Run("x", Reading("channel c in_buffer=8", 4));
  EXPECT_EQ(o.status, CaseOutcome::Status::kUnsupported);
  EXPECT_EQ(o.detail, "the adapter does not declare the capabilities this case needs: buffer_sizes");
  EXPECT_TRUE(a.received.empty());
}

TEST(Adapter, SettableSizesAreSentAndBoundTheReads) {
  RecordingAdapter a(Declaring(16, true));
  EXPECT_EQ(a.Run("x", Reading("channel c in_buffer=64", 40)).status, CaseOutcome::Status::kRan);
  ASSERT_EQ(a.received.size(), 1u);
  EXPECT_EQ(a.received[0].channels[0].in_buffer, std::optional<std::size_t>(64));
  // A channel with the declared default reads at most that.
  EXPECT_EQ(a.Run("x", Reading("channel c", 40)).detail,
            "reads 40 bytes at once on channel c; the implementation's in_buffer is 16");
}

TEST(Adapter, WithoutADeclarationNothingChanges) {
  RecordingAdapter a(Declaring(std::nullopt, true));
  EXPECT_EQ(a.Run("x", Reading("channel c", 5000)).status, CaseOutcome::Status::kRan);
  EXPECT_EQ(a.Run("x", Reading("channel c in_buffer=64", 64)).status, CaseOutcome::Status::kRan);
  EXPECT_EQ(a.received.size(), 2u);
  EXPECT_EQ(a.received[1].channels[0].in_buffer, std::optional<std::size_t>(64));
}

// PROTOCOL.md "Handshake": an adapter reports every observable of its
// protocol version. One that always adds a handle_close record, as a
// version-2 implementation does, is judged on a version-1 trace without it;
// a version-1 adapter is never given a format-2 case.
class HandleCloseReporting : public Adapter {
 public:
  explicit HandleCloseReporting(int version) { info_.protocol_version = version; }
  const AdapterInfo& info() const override { return info_; }
  int runs = 0;

 protected:
  CaseOutcome RunSupported(const std::string&, const traces::Trace&) override {
    ++runs;
    CaseOutcome o;
    o.transcript = {traces::Record{traces::Record::Direction::kOutput, "c", "handle_close", {}, 0},
                    traces::Record{traces::Record::Direction::kOutput, "c", "close", {}, 0}};
    return o;
  }

 private:
  AdapterInfo info_;
};

TEST(Adapter, TranscriptsKeepOnlyTheObservablesOfTheScenariosVersion) {
  HandleCloseReporting v2(2);
  const traces::Trace v1_scenario = traces::ParseTrace("asynchat-trace 1\nchannel c\n> c read eof\n", "t1");
  const traces::Trace v2_scenario = traces::ParseTrace("asynchat-trace 2\nchannel c\n> c read eof\n", "t2");
  CaseOutcome old = v2.Run("x", v1_scenario);
  ASSERT_EQ(old.transcript.size(), 1u);
  EXPECT_EQ(old.transcript[0].verb, "close");
  EXPECT_EQ(v2.Run("x", v2_scenario).transcript.size(), 2u);

  HandleCloseReporting v1(1);
  CaseOutcome refused = v1.Run("x", v2_scenario);
  EXPECT_EQ(refused.status, CaseOutcome::Status::kUnsupported);
  EXPECT_NE(refused.detail.find("speaks driver protocol 1"), std::string::npos) << refused.detail;
  EXPECT_EQ(v1.runs, 0);
}

}  // namespace
}  // namespace conformance
