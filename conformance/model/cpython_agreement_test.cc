// The model against CPython 3.11 itself: every trace in testdata/cpython/ is
// a scenario of testdata/scenarios/ whose outputs were recorded from the
// unmodified standard-library asynchat by testdata/cpython_oracle.py
//   cd conformance/model/testdata &&
//   /usr/bin/python3 cpython_oracle.py --record scenarios/X.scenario cpython/X.trace
// (framing_table.scenario is itself made by `cpython_oracle.py
// --framing-table` from reference/asynchat/testdata/cpython_framing_oracle.py's
// cases). `cpython_oracle.py --check conformance/model/testdata/cpython/*.trace`
// re-checks the recordings against the Python on the machine. The model must
// reproduce each recording line for line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "conformance/model/chat_model.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

constexpr char kDir[] = "conformance/model/testdata/cpython";

std::vector<std::string> Recordings() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    if (entry.path().extension() == ".trace") out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CPythonAgreement, EveryRecordingIsThere) {
  // One recording per scenario, so a scenario added without recording it
  // (or a recording dropped) is noticed.
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator("conformance/model/testdata/scenarios")) {
    if (entry.path().extension() == ".scenario") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> recorded;
  for (const std::string& path : Recordings()) recorded.push_back(std::filesystem::path(path).stem().string());
  EXPECT_EQ(recorded, names);
  EXPECT_GE(recorded.size(), 4u);
}

TEST(CPythonAgreement, ModelReproducesEveryRecordingLineForLine) {
  for (const std::string& path : Recordings()) {
    traces::Trace t = traces::ReadTraceFile(path);
    // A recording, not a hand-edited expectation.
    EXPECT_EQ(t.origin.rfind("recording CPython-3.11", 0), 0u) << path << ": origin " << t.origin;
    std::size_t outputs = std::count_if(t.records.begin(), t.records.end(), [](const traces::Record& r) {
      return r.direction == traces::Record::Direction::kOutput;
    });
    EXPECT_GT(outputs, 40u) << path;
    auto m = traces::CompareTranscript(t, RunModel(t), traces::Profile::kStrict);
    EXPECT_FALSE(m) << m->message;
  }
}

}  // namespace
}  // namespace conformance
