// terminator.*: string terminators ([py3-asynchat] set_terminator: "Will call
// found_terminator() when the string is found in the input stream").
//
// Families:
//   cpython_lines.NAME.N  CPython's line_terminator_check: "\n", "\r\n",
//                         "qqq" delivered N bytes per read (semantic, as
//                         the CPython test compares only the messages).
//   held.NAME.K           a read ending in the first K bytes of the
//                         terminator: those are held back, not collected.
//   prefix_only.NAME.K    a read that is exactly a terminator prefix, then
//                         the rest of it: no collect at all.
//   prefix_then_other.NAME.K  a prefix that turns out not to be one.
//   at_start / adjacent / empty_line  terminators with nothing before them.
//   straddle.NAME.K       a stream cut in two at every offset K, for
//                         multi-byte, self-overlapping ("aaa", "abab"),
//                         NUL and high bytes; .bytes = 1-byte reads.
//   straddle3.abab.I_J    the "abab" stream cut at every pair of offsets.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

struct Named {
  std::string name;
  std::string bytes;
};

std::string Channel(std::size_t in_buffer = 64) { return "channel c in_buffer=" + std::to_string(in_buffer) + "\n"; }

std::string SetTerm(std::string_view t) { return "> c set_terminator " + Str(t) + "\n"; }

void AddCpythonLines(CaseList& list) {
  const std::vector<Named> terms = {{"lf", "\n"}, {"crlf", "\r\n"}, {"qqq", "qqq"}};
  for (const Named& t : terms) {
    // What test_asynchat's echo server sends back: the three pushes of
    // line_terminator_check, without the QUIT line it removes.
    std::string stream = "hello world" + t.bytes + "I'm not dead yet!" + t.bytes;
    for (std::size_t n : {1, 2, 3}) {
      list.Add({"terminator.string.cpython_lines." + t.name + "." + std::to_string(n),
                "two lines ending in " + Q(t.bytes) + " delivered " + std::to_string(n) + " byte(s) per read",
                {"chat.terminator.string.split-across-reads", "chat.collect.arbitrary-chunks"},
                Profile::kSemantic, {"input", "cpython-test", "chunking"}},
               Channel() + SetTerm(t.bytes) + ReadsEvery("c", stream, n));
    }
    list.Add({"terminator.string.cpython_lines." + t.name + ".whole",
              "two lines ending in " + Q(t.bytes) + " in one read: two found_terminator calls",
              {"chat.terminator.string.split-across-reads", "chat.collect.arbitrary-chunks"},
              Profile::kStrict, {"input", "cpython-test"}},
             Channel() + SetTerm(t.bytes) + ReadsEvery("c", stream, stream.size()));
  }
}

void AddHeldBack(CaseList& list) {
  const std::vector<Named> terms = {{"crlf", "\r\n"}, {"qqq", "qqq"}, {"smtp", "\r\n.\r\n"}, {"nul2", std::string("\0\0", 2)}};
  for (const Named& t : terms) {
    for (std::size_t k = 1; k < t.bytes.size(); ++k) {
      std::string head = "data" + t.bytes.substr(0, k);
      std::string tail = t.bytes.substr(k) + "more";
      list.Add({"terminator.string.held." + t.name + "." + std::to_string(k),
                "a read ending in " + std::to_string(k) + " byte(s) of " + Q(t.bytes) +
                    ": only the data before them is collected; the next read completes the terminator",
                {"chat.terminator.string.prefix-held"}, Profile::kStrict, {"input"}},
               Channel() + SetTerm(t.bytes) + "> c read " + Q(head) + "\n> c read " + Q(tail) + "\n");
      list.Add({"terminator.string.prefix_only." + t.name + "." + std::to_string(k),
                "a read that is exactly the first " + std::to_string(k) + " byte(s) of " + Q(t.bytes) +
                    ": nothing collected, then the rest of the terminator fires it with no collect",
                {"chat.terminator.string.prefix-held", "chat.collect.never-empty"}, Profile::kStrict, {"input"}},
               Channel() + SetTerm(t.bytes) + "> c read " + Q(t.bytes.substr(0, k)) + "\n> c read " +
                   Q(t.bytes.substr(k)) + "\n");
      list.Add({"terminator.string.prefix_then_other." + t.name + "." + std::to_string(k),
                "the first " + std::to_string(k) + " byte(s) of " + Q(t.bytes) +
                    " held back, then a byte that breaks the match: all collected as data",
                {"chat.terminator.string.false-prefix"}, Profile::kStrict, {"input"}},
               Channel() + SetTerm(t.bytes) + "> c read " + Q(t.bytes.substr(0, k)) + "\n> c read \"x\"\n");
    }
  }
}

void AddPositions(CaseList& list) {
  const std::vector<Named> terms = {{"lf", "\n"}, {"crlf", "\r\n"}, {"qqq", "qqq"}, {"nul", std::string("\0", 1)}};
  for (const Named& t : terms) {
    list.Add({"terminator.string.at_start." + t.name,
              "the terminator at index 0 of a read: found_terminator with no empty collect before it",
              {"chat.collect.never-empty", "chat.terminator.string.empty-message"}, Profile::kStrict, {"input"}},
             Channel() + SetTerm(t.bytes) + "> c read " + Q(t.bytes + "abc") + "\n");
    list.Add({"terminator.string.adjacent." + t.name,
              "three terminators in a row: three found_terminator calls, no collect",
              {"chat.terminator.string.empty-message", "chat.collect.never-empty"}, Profile::kStrict, {"input"}},
             Channel() + SetTerm(t.bytes) + "> c read " + Q(t.bytes + t.bytes + t.bytes) + "\n");
    list.Add({"terminator.string.absent." + t.name,
              "reads without the terminator or any prefix of it at their end: each collected whole",
              {"chat.terminator.string.prefix-held", "chat.terminator.string.found"}, Profile::kStrict, {"input"}},
             Channel() + SetTerm(t.bytes) + "> c read \"hello\"\n> c read \"world\"\n");
  }
  list.Add({"terminator.string.empty_line.lf", "an empty line between two lines is a message of its own",
            {"chat.terminator.string.empty-message", "chat.collect.never-empty"},
            Profile::kSemantic, {"input", "cpython-test"}},
           Channel() + SetTerm("\n") + "> c read " + Q("hello world\n\nI'm not dead yet!\n") + "\n");
  list.Add({"terminator.string.empty_line.lf_strict",
            "an empty line: found_terminator twice in a row, with no empty collect between",
            {"chat.terminator.string.empty-message", "chat.collect.never-empty"},
            Profile::kStrict, {"input", "cpython-test"}},
           Channel() + SetTerm("\n") + "> c read " + Q("hello world\n\nI'm not dead yet!\n") + "\n");
  list.Add({"terminator.string.middle_prefix.crlf",
            "a terminator prefix inside a read but not at its end is plain data",
            {"chat.terminator.string.prefix-held"}, Profile::kStrict, {"input"}},
           Channel() + SetTerm("\r\n") + "> c read " + Q("a\rb") + "\n> c read " + Q("\r\n") + "\n");
  list.Add({"terminator.string.false_start.crlf",
            "\"\\r\\r\\n\": the first \\r is data, the second starts the terminator",
            {"chat.terminator.string.first-occurrence", "chat.terminator.string.false-prefix"},
            Profile::kStrict, {"input"}},
           Channel() + SetTerm("\r\n") + "> c read " + Q("a\r\r") + "\n> c read " + Q("\nb") + "\n");
  std::string many;
  for (int i = 0; i < 40; ++i) many += "line " + std::to_string(i) + "\n";
  list.Add({"terminator.string.many_in_one_read", "forty lines in one read: forty messages, in order",
            {"chat.terminator.string.many-per-read", "chat.found-terminator.once-per-message"},
            Profile::kStrict, {"input"}},
           Channel(1024) + SetTerm("\n") + "> c read " + Q(many) + "\n");
  const std::string longterm = "END-OF-MESSAGE";
  const std::string stream = "first" + longterm + "second" + longterm + "third";
  for (std::size_t n : {1, 2, 3, 5, 13}) {
    list.Add({"terminator.string.long.reads_of_" + std::to_string(n),
              "a 14-byte terminator delivered in reads of " + std::to_string(n) + " byte(s)",
              {"chat.terminator.string.split-across-reads",
               "chat.terminator.string.prefix-held",
               "chat.terminator.string.binary"},
              Profile::kStrict, {"input", "chunking"}},
             Channel() + SetTerm(longterm) + ReadsEvery("c", stream, n));
  }
  list.Add({"terminator.string.binary_data.crlf",
            "NUL and high bytes in the data are collected unchanged",
            {"chat.terminator.string.binary"}, Profile::kStrict,
            {"input", "nul-bytes"}},
           Channel() + SetTerm("\r\n") + "> c read " + Q(std::string("\0\xff\x01\r\n\x80\0", 7)) + "\n");
  list.Add({"terminator.string.change_between_reads.held",
            "a held-back \\r, then set_terminator(\"x\") before the next read: the \\r is data under the new "
            "terminator",
            {"chat.terminator.change-held-prefix", "chat.terminator.change-between-reads"},
            Profile::kStrict, {"input"}},
           Channel() + SetTerm("\r\n") + "> c read " + Q("ab\r") + "\n" + SetTerm("x") + "> c read " + Q("\nyxz") +
               "\n");
  list.Add({"terminator.string.change_between_reads.same",
            "set_terminator with the same string between reads keeps the held-back prefix",
            {"chat.terminator.change-held-prefix", "chat.terminator.change-between-reads"},
            Profile::kStrict, {"input"}},
           Channel() + SetTerm("\r\n") + "> c read " + Q("ab\r") + "\n" + SetTerm("\r\n") + "> c read " + Q("\ncd") +
               "\n");
}

void AddStraddle(CaseList& list) {
  // Each stream holds the terminator more than once, with partial and
  // overlapping matches next to the real ones, so that some cut lands in
  // every interesting place: inside the terminator, just before it, inside a
  // false start.
  const std::vector<std::pair<Named, std::string>> streams = {
      {{"lf", "\n"}, "ab\ncd\n"},
      {{"crlf", "\r\n"}, "ab\r\ncd\r\r\n"},
      {{"qqq", "qqq"}, "aqqbqqqcqqqq"},
      {{"aaa", "aaa"}, "baaaabaaa"},
      {{"abab", "abab"}, "xabaabababy"},
      {{"smtp", "\r\n.\r\n"}, "a\r\nb\r\n.\r\nc"},
      {{"nul", std::string("\0", 1)}, std::string("a\0\0b\0", 5)},
      {{"nulcrlf", std::string("\0\r\n", 3)}, std::string("\0a\0\r\0\r\nb", 8)},
      {{"high", "\xff\xfe"}, std::string("\xff\xff\xfe\0\xfe", 5)},
  };
  for (const auto& [t, stream] : streams) {
    const std::vector<std::string> tags = {"input", "chunking"};
    const bool binary = t.name == "high" || t.name.rfind("nul", 0) == 0;
    const std::vector<std::string> clauses = {
        "chat.terminator.string.split-across-reads",
        binary ? "chat.terminator.string.binary" : "chat.terminator.string.first-occurrence",
        "chat.terminator.string.prefix-held"};
    for (std::size_t k = 1; k < stream.size(); ++k) {
      list.Add({"terminator.string.straddle." + t.name + "." + std::to_string(k),
                Q(stream) + " with terminator " + Q(t.bytes) + ", read in two pieces cut at offset " +
                    std::to_string(k),
                clauses, Profile::kStrict, tags},
               Channel() + SetTerm(t.bytes) + ReadsAt("c", stream, {k}));
    }
    list.Add({"terminator.string.straddle." + t.name + ".bytes",
              Q(stream) + " with terminator " + Q(t.bytes) + ", one byte per read", clauses, Profile::kStrict,
              tags},
             Channel() + SetTerm(t.bytes) + ReadsEvery("c", stream, 1));
    list.Add({"terminator.string.straddle." + t.name + ".whole",
              Q(stream) + " with terminator " + Q(t.bytes) + ", in one read", clauses, Profile::kStrict, tags},
             Channel() + SetTerm(t.bytes) + ReadsEvery("c", stream, stream.size()));
  }
  // The self-overlapping terminator at every pair of cuts: a prefix held
  // back twice in a row, a prefix that grows, one that turns out false.
  const std::string abab = "xabaabababy";
  for (std::size_t i = 1; i < abab.size(); ++i) {
    for (std::size_t j = i + 1; j < abab.size(); ++j) {
      list.Add({"terminator.string.straddle3.abab." + std::to_string(i) + "_" + std::to_string(j),
                Q(abab) + " with terminator \"abab\", cut at offsets " + std::to_string(i) + " and " +
                    std::to_string(j),
                {"chat.terminator.string.split-across-reads",
                 "chat.terminator.string.prefix-held",
                 "chat.terminator.string.false-prefix"}, Profile::kStrict, {"input", "chunking"}},
               Channel() + SetTerm("abab") + ReadsAt("c", abab, {i, j}));
    }
  }
}

}  // namespace

void AddTerminatorCases(CaseList& list) {
  AddCpythonLines(list);
  AddHeldBack(list);
  AddPositions(list);
  AddStraddle(list);
}

}  // namespace conformance::cases
