// The factory: each spec gives the adapter it names, found through the
// runfiles; an unknown spec is std::invalid_argument listing the valid ones.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "conformance/driver/adapter_factory.h"
#include "base/runfiles.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

const traces::Trace kEcho = traces::ParseTrace(
    "asynchat-trace 1\nchannel c\n> c set_terminator str:\"\\n\"\n> c read \"hi\\n\"\n< c collect \"hi\"\n"
    "< c found_terminator\n");

std::string Formatted(const std::vector<traces::Record>& records) {
  std::string out;
  for (const traces::Record& r : records) out += traces::FormatRecord(r) + "\n";
  return out;
}

void ExpectRunsTheEcho(Adapter& a) {
  CaseOutcome got = a.Run("echo", kEcho);
  ASSERT_EQ(got.status, CaseOutcome::Status::kRan) << got.detail;
  EXPECT_EQ(Formatted(got.transcript),
            "> c set_terminator str:\"\\n\"\n> c read \"hi\\n\"\n< c collect \"hi\"\n< c found_terminator\n");
}

TEST(AdapterFactory, InProcessAndReferenceProcess) {
  for (const char* spec : {"reference", "model", "reference-process"}) {
    SCOPED_TRACE(spec);
    std::unique_ptr<Adapter> a = MakeAdapter(spec);
    EXPECT_EQ(a->info().protocol_version, 1);
    ExpectRunsTheEcho(*a);
  }
  EXPECT_EQ(MakeAdapter("reference-process")->info().implementation, MakeAdapter("reference")->info().implementation);
}

TEST(AdapterFactory, CommandRunsThroughTheShell) {
  std::string binary = base::Runfile("reference/harness/reference_adapter");
  std::unique_ptr<Adapter> a = MakeCommandAdapter("exec '" + binary + "' --impl model 2>/dev/null");
  EXPECT_EQ(a->info().protocol_version, 1);
  EXPECT_EQ(a->info().implementation, MakeAdapter("model")->info().implementation);
  ExpectRunsTheEcho(*a);
}

TEST(AdapterFactory, TimeLimitReachesTheProcessAdapter) {
  AdapterOptions options;
  options.case_time_limit = std::chrono::milliseconds(200);
  std::unique_ptr<Adapter> a = MakeCommandAdapter("read line; echo 'hello 1 \"slow\" string_terminator'; exec sleep 1000", options);
  CaseOutcome got = a->Run("echo", kEcho);
  EXPECT_EQ(got.status, CaseOutcome::Status::kAdapterFailure);
  EXPECT_NE(got.detail.find("no answer within 200 ms after line 'case \"echo\"'"), std::string::npos) << got.detail;
}

TEST(AdapterFactory, PythonAdapterIsFoundInTheRunfiles) {
  std::optional<std::string> script = base::FindRunfile("conformance/adapters/python/asynchat_adapter.py");
  ASSERT_TRUE(script) << "the factory's data must include the Python adapter";
  if (access("/usr/bin/python3", X_OK) != 0) GTEST_SKIP() << "no /usr/bin/python3";
  std::unique_ptr<Adapter> a = MakeAdapter("cpython");
  ASSERT_EQ(a->info().protocol_version, 1) << "the Python adapter's handshake failed";
  EXPECT_NE(a->info().implementation.find("asynchat"), std::string::npos) << a->info().implementation;
  EXPECT_TRUE(a->info().capabilities.count("typed_push"));
}

TEST(AdapterFactory, BadSpecsAreInvalidArguments) {
  try {
    MakeAdapter("pypy");
    FAIL() << "accepted pypy";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()),
              "unknown implementation 'pypy' (valid: model, reference, reference-process, cpython, medusa, python:FILE)");
  }
  EXPECT_THROW(MakeAdapter("python:"), std::invalid_argument);
  try {
    MakeAdapter("python:/nonexistent/asynchat.py");
    FAIL() << "accepted a missing file";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("cannot read /nonexistent/asynchat.py"), std::string::npos) << e.what();
  }
  EXPECT_THROW(MakeCommandAdapter(""), std::invalid_argument);
  EXPECT_THROW(MakeCommandAdapter("  \t "), std::invalid_argument);  // an unset variable with spaces around it
}

TEST(Runfiles, MissingFileNamesWhereItLooked) {
  EXPECT_FALSE(base::FindRunfile("no/such/file"));
  try {
    base::Runfile("no/such/file");
    FAIL();
  } catch (const std::runtime_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("cannot find no/such/file in the runfiles (looked in: "), std::string::npos) << what;
    EXPECT_NE(what.find("/asynchat_conformance"), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace conformance
