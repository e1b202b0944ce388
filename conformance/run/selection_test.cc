// Selecting a run: globs, tags and profiles narrow the named cases and the
// properties, an excluded tag leaves its cases out; a trace file given alone replaces them; two cases with one id
// are refused; only an unnarrowed selection is "the whole suite".
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <string>

#include "conformance/cases/case.h"
#include "conformance/properties/property_suite.h"
#include "conformance/run/selection.h"

namespace conformance {
namespace {

std::string WriteTrace(const std::string& name) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/" + name;
  std::ofstream(path) << "asynchat-trace 1\nchannel c\n> c set_terminator str:\"\\n\"\n> c read \"a\\n\"\n"
                         "< c collect \"a\"\n< c found_terminator\n";
  return path;
}

TEST(Selection, EverythingByDefault) {
  Selection s = SelectCases({});
  EXPECT_EQ(s.cases.size(), AllCases().size());
  EXPECT_EQ(s.property_ids, PropertyIds());
  EXPECT_TRUE(s.whole_suite);
}

TEST(Selection, GlobsTagsAndProfileNarrowIt) {
  SelectionOptions o;
  o.filters = {"integer.*", "property.stateful"};
  o.excludes = {"integer.negative.*"};
  Selection s = SelectCases(o);
  ASSERT_FALSE(s.cases.empty());
  for (const SelectedCase& c : s.cases) {
    EXPECT_EQ(c.spec->id.rfind("integer.", 0), 0u) << c.spec->id;
    EXPECT_NE(c.spec->id.rfind("integer.negative.", 0), 0u) << c.spec->id;
  }
  EXPECT_EQ(s.property_ids, std::vector<std::string>{"property.stateful"});
  EXPECT_FALSE(s.whole_suite);

  SelectionOptions tagged;
  tagged.tags = {"medusa"};
  tagged.profile = "semantic";
  Selection t = SelectCases(tagged);
  EXPECT_TRUE(t.property_ids.empty());  // a tag selects cases only
  for (const SelectedCase& c : t.cases) EXPECT_EQ(c.spec->profile, traces::Profile::kSemantic) << c.spec->id;
}

TEST(Selection, AnExcludedTagLeavesItsCasesOutAndKeepsTheRest) {
  SelectionOptions o;
  o.exclude_tags = {"medusa"};
  Selection s = SelectCases(o);
  std::size_t tagged = 0;
  for (const Case& c : AllCases()) tagged += std::find(c.tags.begin(), c.tags.end(), "medusa") != c.tags.end();
  ASSERT_GT(tagged, 0u);
  EXPECT_EQ(s.cases.size(), AllCases().size() - tagged);
  for (const SelectedCase& c : s.cases) {
    EXPECT_EQ(std::find(c.spec->tags.begin(), c.spec->tags.end(), "medusa"), c.spec->tags.end()) << c.spec->id;
  }
  EXPECT_EQ(s.property_ids, PropertyIds());  // properties carry no tags
  EXPECT_FALSE(s.whole_suite);

  // Together with --tag: what carries one and not the other.
  o.tags = {"medusa"};
  EXPECT_TRUE(SelectCases(o).cases.empty());
}

TEST(Selection, TraceFilesAloneAndUniqueIds) {
  SelectionOptions o;
  o.trace_files = {{WriteTrace("one.trace"), "shown/one.trace"}};
  Selection s = SelectCases(o);
  ASSERT_EQ(s.cases.size(), 1u);
  EXPECT_EQ(s.cases[0].spec->id, "trace.file.one");
  EXPECT_EQ(s.cases[0].source_file, "shown/one.trace");
  EXPECT_TRUE(s.property_ids.empty());

  o.trace_files.push_back({WriteTrace("one.trace"), "elsewhere/one.trace"});
  EXPECT_THROW(SelectCases(o), std::invalid_argument);
}

}  // namespace
}  // namespace conformance
