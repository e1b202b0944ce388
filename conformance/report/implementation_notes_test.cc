#include "conformance/report/implementation_notes.h"

#include <fnmatch.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "base/runfiles.h"
#include "conformance/run/case_runner.h"

namespace conformance {
namespace {

Case MakeCase(const std::string& id, std::vector<std::string> tags = {}) {
  Case c;
  c.id = id;
  c.tags = std::move(tags);
  return c;
}

const char kNotes[] = R"(# impl (a test implementation): known differences

Free text for readers,

- even a list, and `code`.

## Divergences

### pieces

- cases: `output.push.large.1000`, `output.push.large.*`
- `defaults.out_buffer.push.*` adds: (And one more
  sentence.)
- contradicts: 003 async_chat.push

The explanation,
  on two lines.

### a closed channel still sends

- cases: `close.*`

Closed.

### tagged

- tags: `impl`, `other`

By tag.

## Where Impl's code departs from its own documents

The documents are the specification.

### Sizes

- documents: 4096.
- code: `65536`,
  in the class.
- effect: bigger pieces.
- cases: `defaults.*`

### A dead branch

- documents: nothing.
- code: dead.
- effect: none.
- cases: none
)";

TEST(ImplementationNotes, ParsesDivergencesInFileOrder) {
  ImplementationNotes n = ParseImplementationNotes(kNotes, "impl", "x/impl/notes.md");
  EXPECT_EQ(n.impl, "impl");
  EXPECT_EQ(n.file, "x/impl/notes.md");
  ASSERT_EQ(n.divergences.size(), 6u);
  EXPECT_EQ(n.divergences[0].match, "id:output.push.large.1000");
  EXPECT_EQ(n.divergences[0].title, "pieces");
  EXPECT_EQ(n.divergences[0].explanation, "The explanation, on two lines.");
  EXPECT_EQ(n.divergences[0].contradicts, "003 async_chat.push");
  EXPECT_EQ(n.divergences[0].line, 11);
  EXPECT_EQ(n.divergences[1].match, "id:output.push.large.*");
  EXPECT_EQ(n.divergences[2].match, "id:defaults.out_buffer.push.*");
  EXPECT_EQ(n.divergences[2].explanation, "The explanation, on two lines. (And one more sentence.)");
  EXPECT_EQ(n.divergences[2].contradicts, "003 async_chat.push");
  EXPECT_EQ(n.divergences[2].line, 12);
  EXPECT_EQ(n.divergences[3].match, "id:close.*");
  EXPECT_EQ(n.divergences[3].contradicts, "");
  EXPECT_EQ(n.divergences[4].match, "tag:impl");
  EXPECT_EQ(n.divergences[5].match, "tag:other");
  EXPECT_EQ(n.divergences[5].explanation, "By tag.");
}

TEST(ImplementationNotes, ParsesWhereTheCodeDepartsFromItsDocuments) {
  ImplementationNotes n = ParseImplementationNotes(kNotes, "impl", "x/impl/notes.md");
  EXPECT_EQ(n.departures_subject, "Impl");
  EXPECT_EQ(n.departures_intro, "The documents are the specification.");
  ASSERT_EQ(n.departures.size(), 2u);
  EXPECT_EQ(n.departures[0].title, "Sizes");
  EXPECT_EQ(n.departures[0].documents, "4096.");
  EXPECT_EQ(n.departures[0].code, "`65536`, in the class.");
  EXPECT_EQ(n.departures[0].effect, "bigger pieces.");
  EXPECT_EQ(n.departures[0].cases, "defaults.*");
  EXPECT_EQ(n.departures[1].cases, "");
  EXPECT_EQ(n.departures[1].line, 43);
}

TEST(ImplementationNotes, AFileWithoutPartsHasNoNotes) {
  ImplementationNotes n = ParseImplementationNotes("# impl\n\nNothing known yet.\n", "impl", "f");
  EXPECT_TRUE(n.divergences.empty());
  EXPECT_TRUE(n.departures_subject.empty());
  EXPECT_TRUE(NotesFor(n, MakeCase("close.x", {"impl"})).empty());
}

TEST(ImplementationNotes, TheFirstIdMatchWinsOverLaterGlobsAndTags) {
  ImplementationNotes n = ParseImplementationNotes(kNotes, "impl", "f");
  std::vector<const DivergenceNote*> found = NotesFor(n, MakeCase("output.push.large.1000", {"impl"}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->match, "id:output.push.large.1000");
  found = NotesFor(n, MakeCase("defaults.out_buffer.push.9000"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->line, 12);
  // Without an id match, every tag note, in the file's order.
  found = NotesFor(n, MakeCase("terminator.new", {"other", "impl"}));
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0]->match, "tag:impl");
  EXPECT_EQ(found[1]->match, "tag:other");
  EXPECT_TRUE(NotesFor(n, MakeCase("terminator.new", {"medusa"})).empty());
}

// Each malformed file fails naming the file, the line and the problem.
TEST(ImplementationNotes, AMalformedFileFailsWithFileAndLine) {
  const std::string head = "# impl\n\n## Divergences\n\n### t\n\n";  // the entry's fields begin at line 7
  struct Bad {
    std::string text;
    std::string message;  // what() begins with it
  };
  const std::vector<Bad> bad = {
      {"", "f.md:1: a notes.md begins with its heading"},
      {"Some text.\n", "f.md:1: a notes.md begins with its heading"},
      {"# medusa: notes\n", "f.md:1: the heading names another implementation"},
      {"# impl\n\n#### deep\n", "f.md:3: not a heading of this format"},
      {"# impl\n\n### t\n", "f.md:3: an entry (\"### \") before the first part"},
      {"# impl\n\n## Notes\n", "f.md:3: not a part of this format"},
      {"# impl\n\n## Divergences\n\nIntro.\n", "f.md:5: text between \"## Divergences\" and its first"},
      {"# impl\n\n## Divergences\n\n## Divergences\n", "f.md:5: a second \"## Divergences\""},
      {"# impl\n# again\n", "f.md:2: a second \"# \" heading"},
      {head + "Text first.\n\n- cases: `a`\n", "f.md:7: expected the fields of \"t\""},
      {head, "f.md:5: expected the fields of \"t\""},
      {head + "- cases: `a`\n", "f.md:5: \"t\" has no explanation"},
      {head + "- cases: a, b\n\nX.\n", "f.md:7: expected GLOBs in backticks"},
      {head + "- cases: `a`,`b`\n\nX.\n", "f.md:7: expected GLOBs in backticks"},
      {head + "- cases: `a b`\n\nX.\n", "f.md:7: an empty GLOB or one with a space"},
      {head + "- case: `a`\n\nX.\n", "f.md:7: not a field of a divergence"},
      {head + "- contradicts: 003\n\nX.\n", "f.md:7: \"t\" names no cases"},
      {head + "- cases: `a`\n- contradicts: 1\n- contradicts: 2\n\nX.\n", "f.md:9: a second contradicts"},
      {head + "- cases: `a`\nnot indented\n\nX.\n", "f.md:8: in a list every line is an item"},
      {head + "- cases: `a`\n  - nested\n\nX.\n", "f.md:8: a continuation line that GitHub would not show"},
      {head + "- cases: `a`\n\nX.\n- looks like a list\n", "f.md:10: a line that GitHub would not show"},
      {head + "- cases: `a`\n\n    code\n", "f.md:9: an indented paragraph"},
      {head + "- cases: `a`\n\nX.\n\nY.\n", "f.md:11: more after the explanation of \"t\""},
      {head + "- cases: `a`\n\n- tags: `x`\n", "f.md:9: a second list in \"t\""},
      {head + "- cases: `a`\n\nX.\n\n### u\n\n- cases: `b`, `a`\n\nY.\n",
       "f.md:13: `a` is already given at line 7 (only the first can ever match)"},
      {head + "- cases: `a`\n\tX.\n", "f.md:8: a tab"},
      {"# impl\n\n## Where Impl's code departs from its own documents\n\nA.\n\nB.\n\n### d\n",
       "f.md:7: the opening of \"## Where Impl's code departs from its own documents\" is one paragraph"},
      {"# impl\n\n## Where Impl's code departs from its own documents\n\n### d\n\n- documents: a\n- code: b\n"
       "- effect: c\n",
       "f.md:5: \"d\" has no \"- cases: \""},
      {"# impl\n\n## Where Impl's code departs from its own documents\n\n### d\n\n- documents: a\n- code: b\n"
       "- effect: c\n- cases: `x`, `y`\n",
       "f.md:10: a departure's cases are one glob, or none"},
      {"# impl\n\n## Where Impl's code departs from its own documents\n\n### d\n\n- documents: a\n- code: b\n"
       "- effect: c\n- cases: none\n- code: again\n",
       "f.md:11: a second code (the first is at line 8)"},
      {"# impl\n\n## Where Impl's code departs from its own documents\n\n### d\n\n- documents: a\n- why: b\n",
       "f.md:8: not a field of a departure"},
      {"# impl\n\n## Where Impl's code departs from its own documents\n\n### d\n\n- documents: a\n- code: b\n"
       "- effect: c\n- cases: none\n\nMore.\n",
       "f.md:12: a departure has only its fields"},
  };
  for (const Bad& b : bad) {
    try {
      ParseImplementationNotes(b.text, "impl", "f.md");
      ADD_FAILURE() << "accepted:\n" << b.text;
    } catch (const NotesError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(b.message, 0), 0u)
          << "message: " << e.what() << "\nwanted: " << b.message << "\nfor:\n"
          << b.text;
    }
  }
}

// The checked-in notes: each parses, each of its globs is the note of at
// least one case (a glob above it does not already match them all), and each
// tag is carried by a case (a tag note is the fallback for a tagged case no
// glob matches, so it may be the note of none today).
class CheckedInNotes : public ::testing::TestWithParam<std::string> {};

TEST_P(CheckedInNotes, ParseAndEveryGlobIsTheFirstMatchOfSomeCase) {
  const std::string shown = "conformance/implementations/" + GetParam() + "/notes.md";
  std::ifstream in(base::Runfile(shown));
  std::stringstream text;
  text << in.rdbuf();
  ImplementationNotes notes = ParseImplementationNotes(text.str(), GetParam(), shown);
  ASSERT_FALSE(notes.divergences.empty());

  std::vector<Case> cases = AllCases();
  for (TraceCase& t : LoadTraceCases(base::Runfile("traces"))) cases.push_back(std::move(t.spec));
  for (TraceCase& t : LoadTraceCases(base::Runfile("conformance/implementations"), "conformance/implementations",
                                     CounterexampleCaseId)) {
    cases.push_back(std::move(t.spec));
  }
  std::map<const DivergenceNote*, int> first;  // note -> cases it is the note of
  for (const Case& c : cases) {
    for (const DivergenceNote* n : NotesFor(notes, c)) ++first[n];
  }
  for (const DivergenceNote& n : notes.divergences) {
    if (n.match.rfind("tag:", 0) == 0) {
      const std::string tag = n.match.substr(4);
      EXPECT_TRUE(std::any_of(cases.begin(), cases.end(),
                              [&](const Case& c) { return std::count(c.tags.begin(), c.tags.end(), tag) > 0; }))
          << shown << ":" << n.line << ": no case has the tag " << tag;
    } else {
      EXPECT_GT(first[&n], 0) << shown << ":" << n.line << ": " << n.match
                              << " is the note of no case (none matches it, or a glob above it matches them all)";
    }
  }
  for (const CodeDeparture& d : notes.departures) {
    if (d.cases.empty()) continue;
    EXPECT_TRUE(std::any_of(cases.begin(), cases.end(),
                            [&](const Case& c) { return fnmatch(d.cases.c_str(), c.id.c_str(), 0) == 0; }))
        << shown << ":" << d.line << ": no case matches " << d.cases;
  }
}

INSTANTIATE_TEST_SUITE_P(Implementations, CheckedInNotes, ::testing::Values("cpython", "medusa"));

}  // namespace
}  // namespace conformance
