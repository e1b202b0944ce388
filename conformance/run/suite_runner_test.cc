// What the implementations of a run are called (NameRuns): labels and
// counterexample directories unique within the run, settable with --label.
// A run of the named cases on an implementation with one bug: its failures
// come out as one root cause, with one counterexample that fails the same
// way; --max-failures stops it early.
#include "conformance/run/suite_runner.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>

#include "conformance/driver/capabilities.h"
#include "conformance/model/chat_model.h"
#include "conformance/run/failure_signature.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

std::vector<std::string> Labels(const std::vector<RunName>& names) {
  std::vector<std::string> out;
  for (const RunName& n : names) out.push_back(n.label);
  return out;
}

std::vector<std::string> Slugs(const std::vector<RunName>& names) {
  std::vector<std::string> out;
  for (const RunName& n : names) out.push_back(n.slug);
  return out;
}

using Strings = std::vector<std::string>;

TEST(NameRuns, DistinctImplementationsKeepTheirNames) {
  AdapterInfo cpython;
  cpython.implementation = "CPython 3.11.2 asynchat (/usr/lib/python3.11/asynchat.py)";
  std::vector<RunName> names =
      NameRuns({"reference", "cpython", "medusa", "python:/tmp/a/x.py", "cmd:./adapter"}, {{}, cpython, {}, {}, {}});
  EXPECT_EQ(Labels(names), (Strings{"reference", "CPython 3.11", "medusa", "python:x.py", "command"}));
  // As conformance/implementations/ keeps them.
  EXPECT_EQ(Slugs(names), (Strings{"reference", "cpython", "medusa", "python-x", "command"}));
}

TEST(NameRuns, FilesOfTheSameNameAreToldApartByTheirFolders) {
  std::vector<RunName> names = NameRuns({"python:/tmp/a/x.py", "python:/tmp/b/x.py", "python:/tmp/c/y.py"}, {});
  EXPECT_EQ(Labels(names), (Strings{"python:a/x.py", "python:b/x.py", "python:y.py"}));
  EXPECT_EQ(Slugs(names), (Strings{"python-a-x", "python-b-x", "python-y"}));
}

TEST(NameRuns, WhatIsStillTheSameIsNumbered) {
  std::vector<RunName> names = NameRuns({"python:/tmp/a/x.py", "python:/tmp/a/x.py", "cmd:one", "cmd:two"}, {});
  EXPECT_EQ(Labels(names), (Strings{"python:a/x.py #1", "python:a/x.py #2", "command #1", "command #2"}));
  EXPECT_EQ(Slugs(names), (Strings{"python-a-x-1", "python-a-x-2", "command-1", "command-2"}));
  names = NameRuns({"medusa", "medusa"}, {});
  EXPECT_EQ(Labels(names), (Strings{"medusa #1", "medusa #2"}));
  EXPECT_EQ(Slugs(names), (Strings{"medusa-1", "medusa-2"}));
}

TEST(NameRuns, GivenLabelsNameTheRunsAndTheirDirectories) {
  std::vector<RunName> names = NameRuns({"python:/tmp/a/x.py", "python:/tmp/b/x.py", "cmd:x"}, {}, {"fork-a", "fork b", "a/b"});
  EXPECT_EQ(Labels(names), (Strings{"fork-a", "fork b", "a/b"}));
  EXPECT_EQ(Slugs(names), (Strings{"fork-a", "fork-b", "a-b"}));
  // Labels that differ may make the same directory name: numbered.
  names = NameRuns({"reference", "model"}, {}, {"x y", "x-y"});
  EXPECT_EQ(Slugs(names), (Strings{"x-y-1", "x-y-2"}));
}

TEST(NameRuns, LabelsMustBeOnePerImplementationAndDistinct) {
  EXPECT_NO_THROW(CheckLabels(2, {}));
  EXPECT_NO_THROW(CheckLabels(2, {"a", "b"}));
  try {
    CheckLabels(2, {"a"});
    FAIL() << "accepted one label for two implementations";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--label: 1 label for 2 implementations"), std::string::npos) << e.what();
  }
  EXPECT_THROW(CheckLabels(1, {"a", "b"}), std::invalid_argument);
  EXPECT_THROW(CheckLabels(2, {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(CheckLabels(2, {"a", "  "}), std::invalid_argument);
  EXPECT_THROW(NameRuns({"reference"}, {}, {"a", "b"}), std::invalid_argument);
}

// The model with one bug: what push() sends goes out only on the next write
// event (and never, if none comes).
class PushOnWrite : public Adapter {
 public:
  explicit PushOnWrite(std::set<std::string> capabilities = AllCapabilities()) {
    info_.protocol_version = 1;
    info_.implementation = "push-on-write fake";
    info_.capabilities = std::move(capabilities);
  }
  const AdapterInfo& info() const override { return info_; }
  CaseOutcome RunSupported(const std::string&, const traces::Trace& scenario) override {
    CaseOutcome o;
    std::vector<traces::Record> held;
    bool after_push = false;
    for (traces::Record& r : RunModel(scenario)) {
      if (r.direction == traces::Record::Direction::kInput) {
        o.transcript.push_back(r);
        after_push = r.verb == "push";
        if (r.verb == "write") {
          o.transcript.insert(o.transcript.end(), held.begin(), held.end());
          held.clear();
        }
      } else if (after_push && r.verb == "send") {
        held.push_back(r);
      } else {
        o.transcript.push_back(r);
      }
    }
    return o;
  }

 private:
  AdapterInfo info_;
};

std::string TempDir(const std::string& name) {
  const char* base = std::getenv("TEST_TMPDIR");
  return std::string(base ? base : "/tmp") + "/" + name;
}

TEST(SuiteRunner, OneBugIsOneRootCauseWithOneCounterexampleThatFailsTheSameWay) {
  SelectionOptions so;
  so.filters = {"output.*", "echo.*", "terminator.*"};
  so.properties = false;
  Selection selection = SelectCases(so);
  RunOptions ro;
  ro.level = Level::kCpython;  // the fake differs from CPython only in when it sends
  ro.counterexamples_dir = TempDir("groups");
  SuiteRunner runner(selection, ro);
  PushOnWrite adapter;
  ImplementationRun run = runner.Run("cmd:fake", {"fake", "fake"}, adapter, nullptr);

  const Totals t = TallyCases(run);
  ASSERT_GE(t.failed, 10) << "the fake's bug no longer fails many cases";
  ASSERT_FALSE(run.groups.empty());
  const FailureGroup& push = run.groups[0];
  EXPECT_EQ(push.signature.title.rfind("after push: expected send, got no output", 0), 0u) << push.signature.title;
  // Far fewer root causes than failing cases; the biggest holds most.
  EXPECT_LE(run.groups.size() * 4, static_cast<std::size_t>(t.failed)) << "groups: " << run.groups.size();
  EXPECT_GE(push.cases.size() * 2, static_cast<std::size_t>(t.failed));

  // One counterexample per group, each with the group's signature when
  // replayed on the fake.
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(ro.counterexamples_dir + "/fake/counterexamples")) {
    ++files;
    (void)entry;
  }
  EXPECT_EQ(files, run.groups.size());
  for (const FailureGroup& g : run.groups) {
    ASSERT_FALSE(g.counterexample_path.empty()) << g.signature.title;
    traces::Trace ce = traces::ParseTrace(
        [&] {
          std::ifstream in(g.counterexample_path);
          return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        }(),
        g.counterexample_path);
    EXPECT_EQ(MismatchSignature(ce.profile, ce.records, adapter.Run("ce", ce).transcript).key, g.signature.key)
        << g.counterexample_path;
  }
}

TEST(SuiteRunner, MaxFailuresStopsTheRunEarly) {
  SelectionOptions so;
  so.filters = {"output.*", "property.*"};
  Selection selection = SelectCases(so);
  ASSERT_FALSE(selection.property_ids.empty());
  RunOptions ro;
  ro.level = Level::kCpython;  // the fake differs from CPython only in when it sends
  ro.max_failures = 2;
  ro.max_counterexamples = 0;
  SuiteRunner runner(selection, ro);
  PushOnWrite adapter;
  ImplementationRun run = runner.Run("cmd:fake", {"fake", "fake"}, adapter, nullptr);
  EXPECT_EQ(TallyCases(run).unexpected(), 2);
  EXPECT_EQ(run.cases.size() + run.cases_not_run, selection.cases.size());
  EXPECT_GT(run.cases_not_run, 0u);
  EXPECT_TRUE(run.properties.empty());
  EXPECT_TRUE(HasUnexpectedFailure(run));
  // --max-counterexamples 0: every root cause is left without one, and the run says so.
  EXPECT_EQ(run.root_causes_without_counterexample, static_cast<int>(run.groups.size()));
  EXPECT_EQ(run.counterexample_limit, 0);
}

TEST(SuiteRunner, APropertyThatCannotRunSaysUnsupportedNotItsRuns) {
  SelectionOptions so;
  so.filters = {"property.*"};
  Selection selection = SelectCases(so);
  ASSERT_FALSE(selection.property_ids.empty());
  std::vector<std::string> lines;
  RunOptions ro;
  ro.level = Level::kCpython;  // the fake differs from CPython only in when it sends
  ro.progress = [&](const std::string& line) { lines.push_back(line); };
  SuiteRunner runner(selection, ro);
  PushOnWrite adapter(std::set<std::string>{});
  ImplementationRun run = runner.Run("cmd:fake", {"fake", "fake"}, adapter, nullptr);
  std::size_t said = 0;
  for (const std::string& line : lines) {
    if (line.find(": property ") == std::string::npos) continue;
    ++said;
    EXPECT_NE(line.find(" unsupported"), std::string::npos) << line;
    EXPECT_EQ(line.find(" runs"), std::string::npos) << line;
  }
  EXPECT_EQ(said, selection.property_ids.size());
  for (const PropertyReport& p : run.properties) EXPECT_EQ(p.outcome, Outcome::kUnsupported) << p.result.id;
}

}  // namespace
}  // namespace conformance
