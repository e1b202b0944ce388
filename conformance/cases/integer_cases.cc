// integer.*: integer terminators ([py3-asynchat] set_terminator: "Will call
// found_terminator() when the indicated number of characters have been
// received"), and what the documents leave to CPython: the count going down
// across reads and staying at 0 after it fired (so later bytes are collected
// with no further found_terminator), int:0, negative counts refused, the
// 64-bit extremes (the most negative refused, the largest an ordinary count).
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

const std::string kChannel = "channel c in_buffer=64\n";

std::string SetInt(long long n) { return "> c set_terminator int:" + std::to_string(n) + "\n"; }

// Reactions that set int:n again inside found_terminator calls 1..calls, so a
// stream of fixed-size records is split into `calls` + 1 messages.
std::string Rearm(long long n, int calls) {
  std::string out;
  for (int i = 1; i <= calls; ++i) out += "> c on found_terminator " + std::to_string(i) + " set_terminator int:" + std::to_string(n) + "\n";
  return out;
}

void AddCpythonNumeric(CaseList& list) {
  const std::string data = "hello world, I'm not dead yet!\n";
  for (int n : {1, 6}) {
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, data.size()}) {
      std::string variant = chunk == data.size() ? "whole" : "reads_of_" + std::to_string(chunk);
      list.Add({"integer.cpython_numeric." + std::to_string(n) + "." + variant,
                "int:" + std::to_string(n) + ": the first message is the first " + std::to_string(n) +
                    " byte(s) of the stream (" + variant + ")",
                {"chat.terminator.integer.count", "chat.collect.arbitrary-chunks"},
                Profile::kSemantic, {"input", "cpython-test", "chunking"}},
               kChannel + SetInt(n) + ReadsEvery("c", data, chunk));
    }
  }
}

void AddCounting(CaseList& list) {
  const std::string stream = "0123456789abcdef";  // int:10 ends the message after '9'
  for (std::size_t chunk = 1; chunk <= 6; ++chunk) {
    list.Add({"integer.across_reads.10.reads_of_" + std::to_string(chunk),
              "int:10 over reads of " + std::to_string(chunk) +
                  " byte(s): collects count down and fire once, the rest is collected under the spent count",
              {"chat.terminator.integer.across-reads", "chat.terminator.integer.spent"},
              Profile::kStrict, {"input", "chunking"}},
             kChannel + SetInt(10) + ReadsEvery("c", stream, chunk));
  }
  for (int n : {1, 5, 64}) {
    list.Add({"integer.exact." + std::to_string(n),
              "a read of exactly int:" + std::to_string(n) + " bytes: one collect, one found_terminator",
              {"chat.terminator.integer.count"}, Profile::kStrict, {"input"}},
             "channel c in_buffer=64\n" + SetInt(n) + "> c read " + Q(std::string(static_cast<std::size_t>(n), 'z')) + "\n");
  }
  const std::string records = "aaaabbbbccccdddd";
  for (std::size_t chunk : {1, 2, 3, 4, 5, 7, 16}) {
    list.Add({"integer.rearm.4.reads_of_" + std::to_string(chunk),
              "int:4 set again in each found_terminator: four 4-byte messages from reads of " +
                  std::to_string(chunk),
              {"chat.terminator.integer.rearm", "chat.reaction.change-applies-to-rest"},
              Profile::kStrict, {"input", "reaction", "chunking"}},
             kChannel + SetInt(4) + Rearm(4, 3) + ReadsEvery("c", records, chunk));
  }
  list.Add({"integer.rearm.1.each_byte", "int:1 set again in each found_terminator: one message per byte",
            {"chat.terminator.integer.rearm", "chat.reaction.change-applies-to-rest"},
            Profile::kStrict, {"input", "reaction"}},
           kChannel + SetInt(1) + Rearm(1, 4) + "> c read \"abcde\"\n");
  list.Add({"integer.large.not_reached", "int:100000 never reached: everything collected, no found_terminator",
            {"chat.terminator.integer.across-reads"}, Profile::kStrict, {"input"}},
           kChannel + SetInt(100000) + ReadsEvery("c", std::string(150, 'x'), 64));
}

void AddSilentCorners(CaseList& list) {
  list.Add({"integer.spent.collects_rest_of_read",
            "after int:3 fires, the count is 0 and the rest of the read is collected with no further "
            "found_terminator",
            {"chat.terminator.integer.spent"}, Profile::kStrict, {"input", "undocumented"}},
           kChannel + SetInt(3) + "> c read \"abcdef\"\n");
  list.Add({"integer.spent.collects_later_reads",
            "after int:3 fires, later reads are collected with no further found_terminator",
            {"chat.terminator.integer.spent"},
            Profile::kStrict, {"input", "undocumented"}},
           kChannel + SetInt(3) + "> c read \"abc\"\n> c read \"def\"\n> c read \"gh\"\n");
  list.Add({"integer.spent.set_again_between_reads",
            "after int:3 fires, set_terminator(int:2) before the next read starts a new count",
            {"chat.terminator.change-between-reads", "chat.terminator.integer.spent"},
            Profile::kStrict, {"input"}},
           kChannel + SetInt(3) + "> c read \"abc\"\n" + SetInt(2) + "> c read \"defg\"\n");
  list.Add({"integer.zero.set", "int:0 collects everything and never calls found_terminator",
            {"chat.terminator.integer.zero"},
            Profile::kStrict, {"input", "undocumented"}},
           kChannel + SetInt(0) + "> c read \"abc\"\n> c read \"\\n\\r\\n\"\n");
  list.Add({"integer.zero.in_found_terminator",
            "set_terminator(int:0) inside found_terminator: the rest of the read is collected, no more calls",
            {"chat.terminator.integer.zero", "chat.reaction.change-applies-to-rest"},
            Profile::kStrict, {"input", "reaction", "undocumented"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 set_terminator int:0\n"
                      "> c read \"a\\nb\\nc\"\n> c read \"d\\n\"\n");
  list.Add({"integer.count.changed_mid_count",
            "int:10 changed to int:2 between reads after 4 bytes: the new count starts from the next byte",
            {"chat.terminator.change-between-reads", "chat.terminator.integer.across-reads"},
            Profile::kStrict, {"input"}},
           kChannel + SetInt(10) + "> c read \"abcd\"\n" + SetInt(2) + "> c read \"efgh\"\n");
}

void AddNegative(CaseList& list) {
  for (long long n : {-1LL, -5LL, -1000000LL}) {
    list.Add({"integer.negative.refused." + std::to_string(-n),
              "set_terminator(int:" + std::to_string(n) + ") raises ValueError",
              {"chat.terminator.integer.negative"}, Profile::kStrict,
              {"input", "error", "cpython-test", "medusa", "undocumented"}},
             kChannel + SetInt(n));
  }
  list.Add({"integer.negative.keeps_previous",
            "a refused negative terminator leaves the previous terminator in force",
            {"chat.terminator.integer.negative"}, Profile::kStrict,
            {"input", "error", "cpython-test", "medusa", "undocumented"}},
           kChannel + "> c set_terminator str:\"\\n\"\n" + SetInt(-1) + "> c read \"ab\\ncd\"\n");
  // The extremes a trace can carry (64-bit): the most negative count is
  // refused like any other, the largest is an ordinary count.
  list.Add({"integer.absurd.min_int64", "set_terminator(int:-9223372036854775808) raises ValueError and changes "
            "nothing",
            {"chat.terminator.integer.extremes", "chat.terminator.integer.negative"},
            Profile::kStrict, {"input", "error", "medusa", "undocumented"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c set_terminator int:-9223372036854775808\n"
                      "> c read \"ab\\ncd\"\n");
  list.Add({"integer.absurd.max_int64",
            "int:9223372036854775807 counts like any count: every read is collected, found_terminator never runs",
            {"chat.terminator.integer.extremes", "chat.terminator.integer.across-reads"}, Profile::kStrict, {"input"}},
           kChannel + "> c set_terminator int:9223372036854775807\n> c read \"ab\\ncd\"\n> c read \"ef\"\n");
  list.Add({"integer.negative.in_found_terminator",
            "set_terminator(int:-1) inside found_terminator: the ValueError reaches handle_error, which closes",
            {"chat.terminator.integer.negative", "chat.error.found-terminator", "core.handle-error.called"},
            Profile::kStrict, {"input", "error", "reaction", "close", "medusa"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 set_terminator int:-1\n"
                      "> c read \"ab\\ncd\\nef\"\n> c read \"gh\\n\"\n");
}

}  // namespace

void AddIntegerCases(CaseList& list) {
  AddCpythonNumeric(list);
  AddCounting(list);
  AddSilentCorners(list);
  AddNegative(list);
}

}  // namespace conformance::cases
