// FramingCore against CPython 3.11's asynchat.async_chat.
//
// The expected event sequences were NOT produced by the code under test: they
// are the output of the unmodified standard-library asynchat.async_chat
// (CPython 3.11, Debian bookworm's /usr/bin/python3 and
// /usr/lib/python3.11/asynchat.py), driven by
// reference/asynchat/testdata/cpython_framing_oracle.py with scripted recv()
// chunks and no sockets, and kept in the golden file
// reference/asynchat/testdata/framing_golden.txt, which this test reads at run
// time (a data dependency; the test itself needs no Python). The inputs of
// each case (terminator, chunks, actions) are in the golden file too, so the
// script and the test cannot drift apart. Regenerate it from the workspace
// root with this one command:
//
//   python3 reference/asynchat/testdata/cpython_framing_oracle.py --gengolden
//       > reference/asynchat/testdata/framing_golden.txt
//
// To add a case, add it to the script's cases(), regenerate, and raise
// kGoldenCases below.
//
// The golden file's format is the script's docstring; byte strings in it are
// escaped as traces/bytes_escape.h does (the script writes them with the
// shared Python module conformance/adapters/python/trace_text.py), so the
// events recorded here are written with traces::EscapeBytes and compared as
// text. Event lines:
//   collect "<bytes>"                 collect_incoming_data(bytes)
//   found                             found_terminator()
//   raised                            the handler threw out of Feed()
//   read held="<bytes>" term=<term>   end of one read (one Feed() call)
// Actions: on_found[k] runs inside the k-th found_terminator() call,
// before_read[k] just before the k-th read, on_collect[k] inside the k-th
// collect_incoming_data() call; each is set_terminator(...),
// discard_buffers() (FramingCore::Discard()) or throwing from the handler
// (after which "held" shows what CPython keeps in ac_in_buffer).
//
// The RapidCheck properties at the end compare the core with itself under
// different chunkings, an invariant that needs no oracle.
#include "reference/asynchat/framing_core.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/runfiles.h"
#include "reference/asynchat/terminator.h"
#include "traces/bytes_escape.h"

namespace asynchat {
namespace {

constexpr char kGoldenFile[] = "reference/asynchat/testdata/framing_golden.txt";
constexpr char kGoldenHeader[] = "asynchat-framing-golden 1";
// The number of cases in the golden file: a regeneration or an edit that
// loses cases fails FramingGolden.HasEveryCase.
constexpr std::size_t kGoldenCases = 53;

std::string TermStr(const Terminator& t) {
  switch (t.kind()) {
    case Terminator::Kind::kNone:
      return "none";
    case Terminator::Kind::kCount:
      return "int:" + std::to_string(t.count());
    case Terminator::Kind::kString:
      return "str:\"" + traces::EscapeBytes(t.bytes()) + "\"";
  }
  return "?";
}

struct Act {
  enum class Kind { kSet, kDiscard, kRaise } kind;
  Terminator terminator;
  static Act Discard() { return Act{Kind::kDiscard, Terminator::None()}; }
  static Act Raise() { return Act{Kind::kRaise, Terminator::None()}; }
  static Act Set(Terminator t) { return Act{Kind::kSet, std::move(t)}; }
};

struct Boom : std::runtime_error {
  Boom() : std::runtime_error("boom") {}
};

void Apply(FramingCore& core, const Act& act) {
  if (act.kind == Act::Kind::kRaise) throw Boom();
  if (act.kind == Act::Kind::kDiscard) {
    core.Discard();
  } else {
    core.set_terminator(act.terminator);
  }
}

struct OracleCase {
  std::string name;
  Terminator initial;
  std::vector<std::string> chunks;
  std::map<int, Act> on_found;
  std::map<int, Act> before_read;
  std::map<int, Act> on_collect;
  std::vector<std::string> expected;
};

// ---------------------------------------------------------------------------
// The golden file's reader. Any malformed or missing record makes the whole
// file unusable: the error names the line, and no case is run.

std::pair<std::string_view, std::string_view> SplitWord(std::string_view text) {
  std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return {text, {}};
  return {text.substr(0, space), text.substr(space + 1)};
}

std::int64_t ParseCount(std::string_view text) {
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.front() == '-' || ec != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument("a non-negative integer expected, got '" + std::string(text) + "'");
  }
  return value;
}

// A quoted byte string that is the whole of `text`.
std::string ParseQuoted(std::string_view text) {
  if (text.size() < 2 || text.front() != '"' || text.back() != '"') {
    throw std::invalid_argument("a quoted string expected, got '" + std::string(text) + "'");
  }
  std::string_view inner = text.substr(1, text.size() - 2);
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] == '\\') {
      ++i;  // an escaped character; a dangling one is UnescapeBytes's to report
    } else if (inner[i] == '"') {
      throw std::invalid_argument("text after a closing quote in '" + std::string(text) + "'");
    }
  }
  return traces::UnescapeBytes(inner);
}

Terminator ParseTerminator(std::string_view text) {
  if (text == "none") return Terminator::None();
  if (text.substr(0, 4) == "int:") return Terminator::Count(ParseCount(text.substr(4)));
  if (text.substr(0, 4) == "str:") return Terminator::String(ParseQuoted(text.substr(4)));
  throw std::invalid_argument("a terminator (none, int:N, str:\"...\") expected, got '" + std::string(text) + "'");
}

Act ParseAction(std::string_view text) {
  if (text == "discard_buffers") return Act::Discard();
  if (text == "raise") return Act::Raise();
  auto [verb, term] = SplitWord(text);
  if (verb == "set_terminator") return Act::Set(ParseTerminator(term));
  throw std::invalid_argument("an action (set_terminator T, discard_buffers, raise) expected, got '" +
                              std::string(text) + "'");
}

bool IsCaseName(std::string_view name) {  // also a valid gtest parameter name
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

struct Golden {
  std::vector<OracleCase> cases;
  std::string error;  // empty when the whole file was read
};

Golden ReadGolden(std::istream& in, const std::string& path) {
  Golden golden;
  std::string line;
  int lineno = 0;
  bool header = false;
  bool in_case = false;
  bool has_terminator = false;
  bool has_total = false;
  std::set<std::string> names;
  try {
    while (std::getline(in, line)) {
      ++lineno;
      if (line.empty() || line.front() == '#') continue;
      if (has_total) throw std::invalid_argument("a record after the cases line");
      if (!header) {
        if (line != kGoldenHeader) {
          throw std::invalid_argument(std::string("the first record must be ") + kGoldenHeader);
        }
        header = true;
        continue;
      }
      auto [key, rest] = SplitWord(line);
      if (key == "case") {
        if (in_case) throw std::invalid_argument("case " + golden.cases.back().name + " has no end");
        if (!IsCaseName(rest)) throw std::invalid_argument("a case name is [A-Za-z0-9_]+");
        if (!names.insert(std::string(rest)).second) throw std::invalid_argument("case named twice");
        golden.cases.emplace_back();
        golden.cases.back().name = std::string(rest);
        in_case = true;
        has_terminator = false;
        continue;
      }
      if (key == "cases") {
        if (in_case) throw std::invalid_argument("case " + golden.cases.back().name + " has no end");
        std::int64_t total = ParseCount(rest);
        if (static_cast<std::size_t>(total) != golden.cases.size()) {
          throw std::invalid_argument("the file says " + std::to_string(total) + " cases, " +
                                      std::to_string(golden.cases.size()) + " were read");
        }
        has_total = true;
        continue;
      }
      if (!in_case) throw std::invalid_argument("a record outside a case");
      OracleCase& c = golden.cases.back();
      if (key == "terminator") {
        if (has_terminator) throw std::invalid_argument("a second terminator");
        c.initial = ParseTerminator(rest);
        has_terminator = true;
      } else if (key == "chunk") {
        c.chunks.push_back(ParseQuoted(rest));
      } else if (key == "on_found" || key == "before_read" || key == "on_collect") {
        std::map<int, Act>& actions = key == "on_found"      ? c.on_found
                                      : key == "before_read" ? c.before_read
                                                             : c.on_collect;
        auto [index, action] = SplitWord(rest);
        if (!actions.emplace(static_cast<int>(ParseCount(index)), ParseAction(action)).second) {
          throw std::invalid_argument("a second action for the same index");
        }
      } else if (key == "event") {
        if (rest.empty()) throw std::invalid_argument("an empty event");
        c.expected.emplace_back(rest);
      } else if (key == "end") {
        if (!rest.empty()) throw std::invalid_argument("end takes nothing");
        if (!has_terminator) throw std::invalid_argument("case " + c.name + " has no terminator");
        in_case = false;
      } else {
        throw std::invalid_argument("unknown record " + std::string(key));
      }
    }
    lineno = 0;
    if (!header) throw std::invalid_argument("empty, or no " + std::string(kGoldenHeader) + " line");
    if (in_case) throw std::invalid_argument("ends inside case " + golden.cases.back().name + " (truncated?)");
    if (!has_total) throw std::invalid_argument("no cases line at the end (truncated?)");
  } catch (const std::exception& e) {
    golden.cases.clear();
    golden.error = path + (lineno > 0 ? ":" + std::to_string(lineno) + ": " + e.what() + ": " + line
                                      : ": " + std::string(e.what()));
  }
  return golden;
}

const Golden& GoldenCases() {
  static const Golden golden = [] {
    std::string path;
    try {
      path = base::Runfile(kGoldenFile);
    } catch (const std::exception& e) {
      return Golden{{}, e.what()};
    }
    std::ifstream in(path);
    if (!in) return Golden{{}, "cannot open " + path};
    return ReadGolden(in, path);
  }();
  return golden;
}

const std::vector<OracleCase>& OracleCases() { return GoldenCases().cases; }

// ---------------------------------------------------------------------------
// Running a case on FramingCore.

// Records events in the oracle's format and runs the on_found and
// on_collect actions.
class Recorder : public FramingHandler {
 public:
  Recorder(FramingCore& core, const std::map<int, Act>& on_found, const std::map<int, Act>& on_collect)
      : core_(core), on_found_(on_found), on_collect_(on_collect) {}

  void collect_incoming_data(std::string_view data) override {
    events.push_back("collect \"" + traces::EscapeBytes(data) + "\"");
    auto it = on_collect_.find(collected_++);
    if (it != on_collect_.end()) Apply(core_, it->second);
  }
  void found_terminator() override {
    events.push_back("found");
    auto it = on_found_.find(found_++);
    if (it != on_found_.end()) Apply(core_, it->second);
  }

  std::vector<std::string> events;

 private:
  FramingCore& core_;
  const std::map<int, Act>& on_found_;
  const std::map<int, Act>& on_collect_;
  int found_ = 0;
  int collected_ = 0;
};

std::vector<std::string> RunCase(const OracleCase& c) {
  FramingCore core;
  core.set_terminator(c.initial);
  Recorder recorder(core, c.on_found, c.on_collect);
  for (std::size_t k = 0; k < c.chunks.size(); ++k) {
    auto before = c.before_read.find(static_cast<int>(k));
    if (before != c.before_read.end()) Apply(core, before->second);
    try {
      core.Feed(c.chunks[k], recorder);
    } catch (const Boom&) {
      recorder.events.push_back("raised");
    }
    recorder.events.push_back("read held=\"" + traces::EscapeBytes(core.held_back()) +
                              "\" term=" + TermStr(core.terminator()));
  }
  return recorder.events;
}

// The whole golden file was read, with every case: a truncated or damaged
// file fails here (and then runs no case).
TEST(FramingGolden, HasEveryCase) {
  const Golden& golden = GoldenCases();
  EXPECT_EQ(golden.error, "");
  EXPECT_EQ(golden.cases.size(), kGoldenCases) << kGoldenFile;
  std::printf("%s: %zu cases\n", kGoldenFile, golden.cases.size());
}

// The reader refuses what it cannot use, naming the line.
TEST(FramingGolden, ReaderRefusesDamagedFiles) {
  const std::string head = std::string(kGoldenHeader) + "\n";
  const std::string one_case = "case a\nterminator str:\"\\n\"\nchunk \"x\\n\"\nevent found\nend\n";
  struct Bad {
    std::string text;
    std::string error;
  };
  for (const Bad& bad : std::vector<Bad>{
           {"", "g: empty, or no asynchat-framing-golden 1 line"},
           {head + one_case, "g: no cases line at the end (truncated?)"},
           {head + "case a\nterminator none\n", "g: ends inside case a (truncated?)"},
           {head + one_case + "cases 2\n", "g:7: the file says 2 cases, 1 were read: cases 2"},
           {head + "case a\nterminator int:x\n", "g:3: a non-negative integer expected, got 'x': terminator int:x"},
           {head + "case a\nchunk \"a\"b\"\n", "g:3: text after a closing quote in '\"a\"b\"': chunk \"a\"b\""},
           {head + "case a\non_found 0 frob\n",
            "g:3: an action (set_terminator T, discard_buffers, raise) expected, got 'frob': on_found 0 frob"},
           {head + "case a\nend\n", "g:3: case a has no terminator: end"},
           {head + "chunk \"x\"\n", "g:2: a record outside a case: chunk \"x\""},
       }) {
    std::istringstream in(bad.text);
    Golden golden = ReadGolden(in, "g");
    EXPECT_EQ(golden.error, bad.error) << bad.text;
    EXPECT_TRUE(golden.cases.empty());
  }
  std::istringstream good(head + one_case + "cases 1\n");
  Golden golden = ReadGolden(good, "g");
  ASSERT_EQ(golden.error, "");
  ASSERT_EQ(golden.cases.size(), 1u);
  EXPECT_EQ(golden.cases[0].initial, Terminator::String("\n"));
  EXPECT_EQ(golden.cases[0].chunks, std::vector<std::string>{"x\n"});
  EXPECT_EQ(golden.cases[0].expected, std::vector<std::string>{"found"});
}

class CPythonOracle : public ::testing::TestWithParam<std::size_t> {};

TEST_P(CPythonOracle, EventsMatchCPython) {
  const OracleCase& c = OracleCases()[GetParam()];
  EXPECT_EQ(RunCase(c), c.expected) << "case " << c.name;
}

INSTANTIATE_TEST_SUITE_P(FramingCore, CPythonOracle, ::testing::Range<std::size_t>(0, OracleCases().size()),
                         [](const ::testing::TestParamInfo<std::size_t>& info) {
                           return OracleCases()[info.param].name;
                         });

// The named scenarios of the brief are all in the golden file; make sure a
// regeneration that drops one is noticed.
TEST(FramingCoreOracleTable, CoversTheRequiredScenarios) {
  std::vector<std::string> names;
  for (const OracleCase& c : OracleCases()) names.push_back(c.name);
  for (const char* required :
       {"line_lf_chunk1", "line_lf_chunk2", "line_lf_chunk3", "line_crlf_chunk1", "line_crlf_chunk2",
        "line_crlf_chunk3", "line_qqq_chunk1", "line_qqq_chunk2", "line_qqq_chunk3", "numeric_1_chunk1",
        "numeric_6_chunk1", "none_chunk1", "empty_line_whole", "held_back_crlf", "buffer_is_prefix",
        "terminator_at_0", "overlap_aaa_1", "overlap_abab_1", "nul_in_data", "nul_terminator", "count_down",
        "count_zero", "empty_string", "change_str_int_none", "change_str_int_str", "change_none_back_to_str",
        "discard_in_found", "change_in_collect_count_to_str", "discard_in_collect",
        "raise_in_found", "raise_in_collect"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), required), names.end()) << required;
  }
}

// ---------------------------------------------------------------------------
// Direct checks of documented rules that read better as plain assertions.

class Collector : public FramingHandler {
 public:
  void collect_incoming_data(std::string_view data) override {
    if (data.empty()) ++empty_collects;
    current.append(data);
  }
  void found_terminator() override {
    messages.push_back(current);
    current.clear();
  }

  std::vector<std::string> messages;
  std::string current;
  int empty_collects = 0;
};

TEST(FramingCore, HeldBackPrefixIsNotCollectedUntilResolved) {
  FramingCore core;
  core.set_terminator(Terminator::String("\r\n"));
  Collector c;
  core.Feed("abc\r", c);
  EXPECT_EQ(c.current, "abc");
  EXPECT_EQ(core.held_back(), "\r");
  core.Feed("\n", c);
  EXPECT_EQ(c.messages, std::vector<std::string>{"abc"});
  EXPECT_EQ(core.held_back(), "");
}

TEST(FramingCore, IntegerTerminatorReadsAsRemainingCount) {
  FramingCore core;
  core.set_terminator(Terminator::Count(5));
  Collector c;
  core.Feed("ab", c);
  EXPECT_EQ(core.terminator(), Terminator::Count(3));
  core.Feed("cde", c);
  EXPECT_EQ(core.terminator(), Terminator::Count(0));
  EXPECT_EQ(c.messages, std::vector<std::string>{"abcde"});
  core.Feed("fg", c);  // 0 collects everything, never fires
  EXPECT_EQ(c.messages.size(), 1u);
  EXPECT_EQ(c.current, "fg");
}

// The core keeps a replaced string terminator's bytes to set them again
// cheaply; what it reports and frames by is always what was set last.
TEST(FramingCore, AlternatingStringAndIntegerTerminatorsReadAsSet) {
  FramingCore core;
  Collector c;
  core.set_terminator(std::string_view("\n"));
  EXPECT_EQ(core.terminator(), Terminator::String("\n"));
  core.set_count_terminator(3);
  EXPECT_EQ(core.terminator(), Terminator::Count(3));
  EXPECT_EQ(core.terminator().bytes(), "");
  core.Feed("a\nb", c);  // "\n" is data under the integer terminator
  EXPECT_EQ(core.terminator(), Terminator::Count(0));
  core.set_terminator(std::string_view("\n"));
  EXPECT_EQ(core.terminator(), Terminator::String("\n"));
  EXPECT_EQ(core.terminator().count(), 0u);
  core.Feed("cd\nef", c);
  EXPECT_EQ(c.messages, (std::vector<std::string>{"a\nb", "cd"}));
  // Other bytes after an integer terminator: framed by the new bytes.
  core.set_terminator(Terminator::None());
  EXPECT_EQ(core.terminator(), Terminator::None());
  core.set_terminator(std::string_view("\r\n"));
  EXPECT_EQ(core.terminator(), Terminator::String("\r\n"));
  core.Feed("g\nh\r\n", c);
  EXPECT_EQ(c.messages, (std::vector<std::string>{"a\nb", "cd", "efg\nh"}));
  // Setting the empty string collects everything, as Terminator::String("") does.
  core.set_count_terminator(2);
  core.set_terminator(std::string_view(""));
  EXPECT_EQ(core.terminator(), Terminator::String(""));
  core.Feed("\r\n", c);
  EXPECT_EQ(c.current, "\r\n");
}

TEST(Terminator, EqualityComparesWhatTheKindUses) {
  EXPECT_EQ(Terminator::Count(0), Terminator::Count(0));
  EXPECT_NE(Terminator::Count(0), Terminator::None());
  EXPECT_NE(Terminator::Count(0), Terminator::String(""));
  EXPECT_NE(Terminator::String("a"), Terminator::String("b"));
}

TEST(FramingCore, DataLongerThanAnyLimitIsCollectedInOnePiecePerRead) {
  FramingCore core;
  Collector c;
  std::string big(1 << 20, 'x');
  core.Feed(big, c);  // None
  EXPECT_EQ(c.current.size(), big.size());
  core.set_terminator(Terminator::String("\n"));
  c.current.clear();
  core.Feed(big + "\n", c);
  EXPECT_EQ(c.messages.size(), 1u);
  EXPECT_EQ(c.messages[0].size(), big.size());
}

// ---------------------------------------------------------------------------
// Chunking invariance: by definition of the framing, the messages (bytes
// collected between found_terminator() calls), their number, the bytes
// collected after the last one and the bytes held back do not depend on how
// the stream is split into reads. The reference is the same core fed the
// whole stream at once.

struct Summary {
  std::vector<std::string> messages;
  std::string tail;
  std::string held;
  int empty_collects = 0;
};

std::vector<std::string> Split(const std::string& stream, const std::vector<std::size_t>& sizes) {
  std::vector<std::string> chunks;
  std::size_t pos = 0;
  for (std::size_t size : sizes) {
    if (pos >= stream.size()) break;
    chunks.push_back(stream.substr(pos, size));  // size 0: an empty read
    pos += chunks.back().size();
  }
  if (pos < stream.size()) chunks.push_back(stream.substr(pos));
  return chunks;
}

Summary Frame(const Terminator& terminator, const std::vector<std::string>& chunks) {
  FramingCore core;
  core.set_terminator(terminator);
  Collector c;
  for (const std::string& chunk : chunks) core.Feed(chunk, c);
  return Summary{c.messages, c.current, std::string(core.held_back()), c.empty_collects};
}

rc::Gen<std::string> BytesFrom(std::vector<char> alphabet) {
  return rc::gen::container<std::string>(rc::gen::elementOf(std::move(alphabet)));
}

RC_GTEST_PROP(FramingCoreProperty, StringTerminatorIsChunkingInvariant, ()) {
  const std::string stream = *BytesFrom({'a', 'b', 'c', '\0'});
  const std::size_t term_size = *rc::gen::inRange<std::size_t>(1, 5);
  const std::string term =
      *rc::gen::container<std::string>(term_size, rc::gen::elementOf(std::vector<char>{'a', 'b', '\0'}));
  const auto sizes = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, 9));
  const Terminator terminator = Terminator::String(term);

  const Summary whole = Frame(terminator, {stream});
  const Summary chunked = Frame(terminator, Split(stream, sizes));
  RC_ASSERT(chunked.messages == whole.messages);
  RC_ASSERT(chunked.tail == whole.tail);
  RC_ASSERT(chunked.held == whole.held);
  RC_ASSERT(whole.empty_collects == 0);
  RC_ASSERT(chunked.empty_collects == 0);
  // Nothing is lost or invented: messages, terminators, tail and held-back
  // bytes add up to the stream.
  std::size_t total = whole.tail.size() + whole.held.size();
  for (const std::string& m : whole.messages) total += m.size() + term.size();
  RC_ASSERT(total == stream.size());
}

// A one-byte terminator is found by memchr() or by ByteScanner depending on
// the read's size and the line's place in it: lines of 0 to 200 bytes read
// in pieces of 1 to 300 bytes must frame as std::string::find splits them.
RC_GTEST_PROP(FramingCoreProperty, OneByteTerminatorFramesAsFindSplits, ()) {
  const auto lengths = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, 201));
  const std::size_t tail_length = *rc::gen::inRange<std::size_t>(0, 100);
  std::string stream;
  for (std::size_t length : lengths) stream += std::string(length, 'x') + "\n";
  stream += std::string(tail_length, 'y');
  const auto sizes = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(1, 301));

  std::vector<std::string> expected;
  std::size_t start = 0;
  for (std::size_t end; (end = stream.find('\n', start)) != std::string::npos; start = end + 1) {
    expected.push_back(stream.substr(start, end - start));
  }
  const Summary framed = Frame(Terminator::String("\n"), Split(stream, sizes));
  RC_ASSERT(framed.messages == expected);
  RC_ASSERT(framed.tail == stream.substr(start));
  RC_ASSERT(framed.held.empty());
}

RC_GTEST_PROP(FramingCoreProperty, RearmedCountTerminatorIsChunkingInvariant, ()) {
  const std::string stream = *BytesFrom({'x', 'y', '\n', '\0'});
  const int count = *rc::gen::inRange(1, 12);
  const auto sizes = *rc::gen::container<std::vector<std::size_t>>(rc::gen::inRange<std::size_t>(0, 20));

  auto frame = [&](const std::vector<std::string>& chunks) {
    class Rearm : public Collector {
     public:
      Rearm(FramingCore& core, int count) : core_(core), count_(count) {}
      void found_terminator() override {
        Collector::found_terminator();
        core_.set_terminator(Terminator::Count(count_));
      }

     private:
      FramingCore& core_;
      int count_;
    };
    FramingCore core;
    core.set_terminator(Terminator::Count(count));
    Rearm handler(core, count);
    for (const std::string& chunk : chunks) core.Feed(chunk, handler);
    return std::make_pair(handler.messages, handler.current);
  };
  const auto whole = frame({stream});
  const auto chunked = frame(Split(stream, sizes));
  RC_ASSERT(chunked == whole);
  RC_ASSERT(whole.first.size() == stream.size() / static_cast<std::size_t>(count));
  for (const std::string& m : whole.first) RC_ASSERT(m.size() == static_cast<std::size_t>(count));
}

}  // namespace
}  // namespace asynchat
