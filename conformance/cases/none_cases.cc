// none.*: set_terminator(None) ([py3-asynchat]: "The channel continues to collect data
// forever"), and the values CPython treats the same way although the
// documents do not say so: the empty string (and int:0, see integer.zero).
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

const std::string kChannel = "channel c in_buffer=64\n";
const std::string kData = "hello world, I'm not dead yet!\n";

}  // namespace

void AddNoneCases(CaseList& list) {
  for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{3}, kData.size()}) {
    std::string variant = chunk == kData.size() ? "whole" : "reads_of_" + std::to_string(chunk);
    list.Add({"none.cpython_collect." + variant,
              "None: everything collected as one unterminated message, no found_terminator (" + variant + ")",
              {"chat.terminator.none.collect-forever", "chat.collect.arbitrary-chunks"},
              Profile::kSemantic, {"input", "cpython-test", "chunking"}},
             kChannel + "> c set_terminator none\n" + ReadsEvery("c", kData, chunk));
  }
  list.Add({"none.basic.each_read_collected", "None: each read is collected as it arrives, whole",
            {"chat.terminator.none.collect-forever", "chat.terminator.none.per-read"},
            Profile::kStrict, {"input"}},
           kChannel + "> c set_terminator none\n" + ReadsAt("c", kData, {5, 6, 20}));
  list.Add({"none.basic.terminator_like_bytes", "None: \\r\\n, \\n and NUL bytes are just data",
            {"chat.terminator.none.collect-forever", "chat.terminator.string.binary"},
            Profile::kStrict, {"input", "nul-bytes"}},
           kChannel + "> c set_terminator none\n> c read " + Q(std::string("a\r\n\n\0b", 6)) + "\n");
  list.Add({"none.basic.full_in_buffer", "None: a read filling in_buffer exactly is collected whole",
            {"chat.terminator.none.collect-forever", "chat.terminator.none.per-read"},
            Profile::kStrict, {"input"}},
           kChannel + "> c set_terminator none\n> c read " + Q(std::string(64, 'n')) + "\n");
  list.Add({"none.set.then_string_between_reads",
            "None, then set_terminator(\"\\n\") before the next read: framing resumes with that read",
            {"chat.terminator.none.leave", "chat.terminator.change-between-reads"}, Profile::kStrict, {"input"}},
           kChannel + "> c set_terminator none\n> c read \"ab\\ncd\"\n> c set_terminator str:\"\\n\"\n"
                      "> c read \"ef\\ngh\"\n");
  list.Add({"none.set.then_int_between_reads",
            "None, then set_terminator(int:3) before the next read: the count starts with that read",
            {"chat.terminator.none.leave", "chat.terminator.change-between-reads"}, Profile::kStrict, {"input"}},
           kChannel + "> c set_terminator none\n> c read \"abcd\"\n> c set_terminator int:3\n> c read \"efgh\"\n");
  list.Add({"none.basic.eof", "None: data then eof: the data was collected, the channel closes, no found_terminator",
            {"chat.terminator.none.collect-forever", "chat.eof.partial-message", "core.recv.eof"},
            Profile::kStrict, {"input", "close"}},
           kChannel + "> c set_terminator none\n> c read \"abc\"\n> c read eof\n");
  for (std::size_t chunk : {std::size_t{1}, kData.size()}) {
    std::string variant = chunk == kData.size() ? "whole" : "reads_of_1";
    list.Add({"none.empty_string." + variant,
              "str:\"\" behaves as None: everything collected, no found_terminator (" + variant + ")",
              {"chat.terminator.string.empty"},
              Profile::kStrict, {"input", "undocumented"}},
             kChannel + "> c set_terminator str:\"\"\n" + ReadsEvery("c", kData, chunk));
  }
  list.Add({"none.empty_string.in_found_terminator",
            "str:\"\" set inside found_terminator: the rest of the read is collected, no more calls",
            {"chat.terminator.string.empty", "chat.reaction.change-applies-to-rest"},
            Profile::kStrict, {"input", "reaction", "undocumented"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 set_terminator str:\"\"\n"
                      "> c read \"a\\nb\\nc\"\n");
  list.Add({"none.set.in_found_terminator",
            "None set inside found_terminator: the rest of the read and later reads are collected",
            {"chat.reaction.change-applies-to-rest", "chat.terminator.none.collect-forever"},
            Profile::kStrict, {"input", "reaction"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 set_terminator none\n"
                      "> c read \"a\\nb\\nc\"\n> c read \"d\\n\"\n");
}

}  // namespace conformance::cases
