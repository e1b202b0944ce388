// The in-process adapters: the reference is ReplayOnReference with the
// reference's capabilities (all but typed_push and push_objects), the model runs everything,
// and a scenario no implementation could be given propagates as TraceError.
#include <gtest/gtest.h>

#include <filesystem>

#include "conformance/driver/capabilities.h"
#include "conformance/driver/adapter_factory.h"
#include "reference/harness/reference_replay.h"
#include "reference/harness/checked_in_traces.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

std::string Formatted(const std::vector<traces::Record>& records) {
  std::string out;
  for (const traces::Record& r : records) out += traces::FormatRecord(r) + "\n";
  return out;
}


const traces::Trace kTyped = traces::ParseTrace("asynchat-trace 1\nchannel c\n> c push_typed bytes \"x\"\n");

TEST(InProcessAdapter, ReferenceIsReplayOnReference) {
  std::unique_ptr<Adapter> a = MakeAdapter("reference");
  EXPECT_EQ(a->info().implementation, "asynchat-conformance C++ reference");
  std::set<std::string> expected = AllCapabilities();
  expected.erase("typed_push");
  expected.erase("push_objects");  // C++ push() of an int or None does not compile
  EXPECT_EQ(a->info().capabilities, expected);
  const std::set<std::string>& caps = a->info().capabilities;
  std::vector<traces::Trace> all =
      harness::CheckedInTraces([&](const traces::Trace& t) { return MissingCapabilities(t, caps).empty(); });
  ASSERT_GE(all.size(), 3u);
  for (const traces::Trace& t : all) {
    CaseOutcome got = a->Run(t.file, t);
    ASSERT_EQ(got.status, CaseOutcome::Status::kRan) << got.detail;
    EXPECT_EQ(Formatted(got.transcript), Formatted(harness::ReplayOnReference(t)));
  }
  CaseOutcome typed = a->Run("typed", kTyped);
  EXPECT_EQ(typed.status, CaseOutcome::Status::kUnsupported);
  EXPECT_EQ(typed.detail, "the adapter does not declare the capabilities this case needs: typed_push");
  EXPECT_TRUE(typed.transcript.empty());
}

TEST(InProcessAdapter, ReferenceLetsAMalformedScenarioPropagate) {
  traces::Trace big = traces::ParseTrace("asynchat-trace 1\nchannel c in_buffer=2\n> c read \"abc\"\n", "big.trace");
  EXPECT_THROW(MakeAdapter("reference")->Run("big", big), traces::TraceError);
}

TEST(InProcessAdapter, ModelRunsEverythingButAsyncoreApplications) {
  std::unique_ptr<Adapter> a = MakeAdapter("model");
  std::set<std::string> expected = AllCapabilities();
  expected.erase("asyncore_apps");  // the model is of async_chat; app= traces carry their own records
  EXPECT_EQ(a->info().capabilities, expected);
  int apps = 0;
  for (const traces::Trace& t : harness::CheckedInTraces()) {
    CaseOutcome got = a->Run(t.file, t);
    if (RequiredCapabilities(t).count("asyncore_apps")) {
      ++apps;
      EXPECT_EQ(got.status, CaseOutcome::Status::kUnsupported) << t.file;
      EXPECT_EQ(got.detail, "the adapter does not declare the capabilities this case needs: asyncore_apps") << t.file;
      continue;
    }
    EXPECT_EQ(got.status, CaseOutcome::Status::kRan) << got.detail;
  }
  EXPECT_GE(apps, 1) << "the traces/asyncore/ traces should be in the test's data";
  CaseOutcome typed = a->Run("typed", kTyped);
  ASSERT_EQ(typed.status, CaseOutcome::Status::kRan) << typed.detail;
  EXPECT_EQ(Formatted(typed.transcript), "> c push_typed bytes \"x\"\n< c send \"x\" 1\n");
}

}  // namespace
}  // namespace conformance
