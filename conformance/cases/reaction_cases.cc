// reaction.*: what found_terminator does to the input still to come.
//
// [py3-asynchat] set_terminator: "any data following the terminator will be available
// for reading by the channel after found_terminator() is called", and CPython
// processes the rest of the same buffer under whatever terminator
// found_terminator left in place. Families:
//   change.FROM_to_TO.WHEN  one change inside found_terminator, with the
//                           rest in the same read, one byte per read, or in
//                           the next read;
//   chain.A_B_C             the three kinds in every order (a change away
//                           from None is made between reads: None never
//                           calls found_terminator);
//   discard_buffers.*       discard_buffers inside found_terminator and
//                           between reads;
//   push.* / close.* / close_when_done.*  output and closing from inside
//                           found_terminator.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

const std::string kChannel = "channel c in_buffer=64\n";

struct Kind {
  std::string name;
  std::string set;   // set_terminator's argument
  std::string head;  // a message this terminator ends, terminator included
};

struct Change {
  Kind from;
  Kind to;
  std::string rest;  // what follows `from.head`, to be framed by `to`
};

void AddChanges(CaseList& list) {
  const Kind lf{"str", "str:\"\\n\"", "ab\n"};
  const Kind count{"int", "int:2", "ab"};
  const std::vector<Change> changes = {
      {lf, {"same_str", "str:\"\\n\"", ""}, "cd\nef"},
      {lf, {"other_str", "str:\"::\"", ""}, "cd\n::ef"},
      {lf, {"int", "int:3", ""}, "cdefg"},
      {lf, {"none", "none", ""}, "cd\nef"},
      {count, {"str", "str:\"\\n\"", ""}, "cd\nef"},
      {count, {"same_int", "int:2", ""}, "cdef"},
      {count, {"other_int", "int:3", ""}, "cdefg"},
      {count, {"none", "none", ""}, "cd\nef"},
  };
  for (const Change& c : changes) {
    const std::string prefix = "reaction.change." + c.from.name + "_to_" + c.to.name + ".";
    const std::string setup = kChannel + "> c set_terminator " + c.from.set + "\n> c on found_terminator 1 set_terminator " +
                              c.to.set + "\n";
    const std::string stream = c.from.head + c.rest;
    const std::string what = c.from.set + " changed to " + c.to.set + " inside found_terminator; ";
    list.Add({prefix + "same_read", what + "the rest of the same read is framed by the new terminator",
              {"chat.reaction.change-applies-to-rest"}, Profile::kStrict, {"input", "reaction"}},
             setup + ReadsEvery("c", stream, stream.size()));
    list.Add({prefix + "bytes", what + "every byte in its own read",
              {"chat.reaction.change-applies-to-rest"}, Profile::kStrict,
              {"input", "reaction", "chunking"}},
             setup + ReadsEvery("c", stream, 1));
    list.Add({prefix + "next_read", what + "the rest arrives in the next read",
              {"chat.reaction.change-applies-to-rest", "chat.terminator.rest-after-found"}, Profile::kStrict,
              {"input", "reaction"}},
             setup + ReadsAt("c", stream, {c.from.head.size()}));
  }
}

struct Chain {
  std::string name;
  std::string setup;               // set_terminator and reactions
  std::vector<std::string> reads;  // each one read; "#" lines are direct inputs between reads
};

void AddChains(CaseList& list) {
  const std::vector<Chain> chains = {
      {"str_int_none",
       "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 set_terminator int:3\n"
       "> c on found_terminator 2 set_terminator none\n",
       {"ab\ncdeXY\n"}},
      {"str_none_int",
       "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 set_terminator none\n",
       {"ab\ncd", "#> c set_terminator int:3", "efgh"}},
      {"int_str_none",
       "> c set_terminator int:2\n> c on found_terminator 1 set_terminator str:\"\\n\"\n"
       "> c on found_terminator 2 set_terminator none\n",
       {"abcd\nef\n"}},
      {"int_none_str",
       "> c set_terminator int:2\n> c on found_terminator 1 set_terminator none\n",
       {"abcd", "#> c set_terminator str:\"\\n\"", "ef\ngh"}},
      {"none_str_int",
       "> c set_terminator none\n> c on found_terminator 1 set_terminator int:3\n",
       {"ab\n", "#> c set_terminator str:\"\\n\"", "cd\nefgh"}},
      {"none_int_str",
       "> c set_terminator none\n> c on found_terminator 1 set_terminator str:\"\\n\"\n",
       {"ab", "#> c set_terminator int:3", "cdef\ngh"}},
  };
  for (const Chain& c : chains) {
    for (bool bytes : {false, true}) {
      std::string text = kChannel + c.setup;
      for (const std::string& r : c.reads) {
        if (r[0] == '#') text += r.substr(1) + "\n";
        else text += ReadsEvery("c", r, bytes ? 1 : r.size());
      }
      list.Add({"reaction.chain." + c.name + (bytes ? ".bytes" : ".reads"),
                "the terminator kinds in the order " + c.name + (bytes ? ", one byte per read" : ""),
                {"chat.reaction.change-applies-to-rest", "chat.terminator.none.leave", "chat.terminator.kinds"},
                Profile::kStrict, {"input", "reaction"}},
               text);
    }
  }
}

void AddDiscard(CaseList& list) {
  list.Add({"reaction.discard_buffers.string_rest_dropped",
            "discard_buffers inside found_terminator drops the rest of the read; the next read is framed anew",
            {"chat.discard-buffers.rest-of-read", "chat.discard-buffers.drops"},
            Profile::kStrict, {"input", "reaction"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 discard_buffers\n"
                      "> c read \"ab\\ncd\\nef\"\n> c read \"gh\\n\"\n");
  list.Add({"reaction.discard_buffers.integer_rest_dropped",
            "discard_buffers inside an integer terminator's found_terminator drops the rest of the read",
            {"chat.discard-buffers.rest-of-read", "chat.discard-buffers.drops"},
            Profile::kStrict, {"input", "reaction"}},
           kChannel + "> c set_terminator int:2\n> c on found_terminator 1 discard_buffers\n"
                      "> c on found_terminator 1 set_terminator int:2\n> c read \"abcdef\"\n> c read \"gh\"\n");
  list.Add({"reaction.discard_buffers.held_prefix_dropped",
            "discard_buffers inside found_terminator also drops what would have been held back",
            {"chat.discard-buffers.rest-of-read", "chat.discard-buffers.drops"},
            Profile::kStrict, {"input", "reaction"}},
           kChannel + "> c set_terminator str:\"\\r\\n\"\n> c on found_terminator 1 discard_buffers\n"
                      "> c read \"ab\\r\\ncd\\r\"\n> c read \"\\nef\\r\\n\"\n");
  list.Add({"reaction.discard_buffers.output_dropped",
            "discard_buffers inside found_terminator drops queued output",
            {"chat.discard-buffers.drops"}, Profile::kStrict,
            {"input", "output", "reaction"}},
           kChannel + "> c send_budget 0\n> c push \"pending\"\n> c set_terminator str:\"\\n\"\n"
                      "> c on found_terminator 1 discard_buffers\n> c read \"a\\n\"\n> c write\n> c write\n");
  list.Add({"reaction.discard_buffers.then_push",
            "discard_buffers then push inside found_terminator: only the new data is sent",
            {"chat.discard-buffers.drops", "chat.push.sends-at-once"},
            Profile::kStrict, {"input", "output", "reaction"}},
           kChannel + "> c send_budget 0\n> c push \"old\"\n> c set_terminator str:\"\\n\"\n"
                      "> c on found_terminator 1 discard_buffers\n> c on found_terminator 1 push \"new\"\n"
                      "> c read \"a\\n\"\n> c write\n");
  list.Add({"reaction.discard_buffers.between_reads",
            "discard_buffers between reads drops the held-back terminator prefix",
            {"chat.discard-buffers.drops", "chat.terminator.string.prefix-held"},
            Profile::kStrict, {"input"}},
           kChannel + "> c set_terminator str:\"\\r\\n\"\n> c read \"ab\\r\"\n> c discard_buffers\n"
                      "> c read \"\\ncd\\r\\n\"\n");
  list.Add({"reaction.discard_buffers.keeps_terminator",
            "discard_buffers between reads keeps the terminator (and an integer count) as it is",
            {"chat.discard-buffers.keeps-terminator"}, Profile::kStrict, {"input"}},
           kChannel + "> c set_terminator int:5\n> c read \"abc\"\n> c discard_buffers\n> c read \"defg\"\n");
}

void AddOutputFromFound(CaseList& list) {
  list.Add({"reaction.push.reply", "push inside found_terminator sends at once (push calls initiate_send)",
            {"chat.push.sends-at-once", "chat.push.queue"}, Profile::kStrict, {"output", "reaction"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 push \"ok\\r\\n\"\n"
                      "> c read \"hello\\n\"\n");
  list.Add({"reaction.push.one_per_message", "a reply pushed for each of three messages in one read",
            {"chat.push.sends-at-once", "chat.push.queue"},
            Profile::kStrict, {"output", "reaction"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 push \"1\"\n"
                      "> c on found_terminator 2 push \"2\"\n> c on found_terminator 3 push \"3\"\n"
                      "> c read \"a\\nb\\nc\\n\"\n");
  list.Add({"reaction.push.queued_behind_pending", "a reply pushed while earlier output is still unsent waits its turn",
            {"chat.push.queue", "chat.push.items-stay-apart"}, Profile::kStrict, {"output", "reaction", "medusa"}},
           kChannel + "> c send_budget 0\n> c push \"first\"\n> c set_terminator str:\"\\n\"\n"
                      "> c send_budget 2\n> c on found_terminator 1 push \"second\"\n> c read \"x\\n\"\n"
                      "> c write\n> c write\n> c write\n");
  list.Add({"reaction.push_with_producer.reply", "push_with_producer inside found_terminator",
            {"chat.push.sends-at-once", "chat.producer.more"},
            Profile::kStrict, {"output", "producer", "reaction"}},
           kChannel + "> c producer p \"pro\" \"duced\"\n> c set_terminator str:\"\\n\"\n"
                      "> c on found_terminator 1 push_with_producer p\n> c read \"go\\n\"\n> c write\n> c write\n");
  list.Add({"reaction.nth.3", "a reaction for the third found_terminator only",
            {"chat.found-terminator.once-per-message"},
            Profile::kStrict, {"input", "reaction"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 3 set_terminator int:2\n"
                      "> c read \"a\\nb\\nc\\ndefg\\n\"\n");
  list.Add({"reaction.nth.several_in_one_call", "two set_terminator calls in one found_terminator: the last wins",
            {"chat.reaction.last-set-wins"}, Profile::kStrict, {"input", "reaction"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 set_terminator int:5\n"
                      "> c on found_terminator 1 set_terminator str:\";\"\n> c read \"a\\nbcdefg;h\"\n");
  list.Add({"reaction.close.rest_of_read",
            "close inside found_terminator: the channel closes; what CPython does with the rest of the read",
            {"chat.reaction.close"}, Profile::kStrict, {"input", "reaction", "close", "undocumented"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 close\n"
                      "> c read \"a\\nb\\nc\"\n> c read \"d\\n\"\n");
  list.Add({"reaction.close_when_done.rest_of_read",
            "close_when_done inside found_terminator closes nothing yet: the rest of the read is framed",
            {"chat.close-when-done.deferred", "chat.close-when-done.order"},
            Profile::kStrict, {"input", "reaction", "close"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c on found_terminator 1 close_when_done\n"
                      "> c read \"a\\nb\\nc\"\n> c write\n> c read \"d\\n\"\n");
  list.Add({"reaction.close_when_done.after_reply",
            "push then close_when_done inside found_terminator: the reply goes out, then the close",
            {"chat.close-when-done.deferred", "chat.close-when-done.order"},
            Profile::kStrict, {"output", "reaction", "close"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c send_budget 3\n"
                      "> c on found_terminator 1 push \"goodbye\"\n> c on found_terminator 1 close_when_done\n"
                      "> c read \"quit\\n\"\n> c write\n> c write\n> c write\n");
}

}  // namespace

void AddReactionCases(CaseList& list) {
  AddChanges(list);
  AddChains(list);
  AddDiscard(list);
  AddOutputFromFound(list);
}

}  // namespace conformance::cases
