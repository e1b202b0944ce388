// What the implementations of a run are called (NameRuns): labels and
// counterexample directories unique within the run, settable with --label.
#include "conformance/run/suite_runner.h"

#include <gtest/gtest.h>

#include <stdexcept>

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

}  // namespace
}  // namespace conformance
