// send.*: what initiate_send does when send() takes less than offered, would
// block, or fails. The documents say only that pushed data is transmitted in
// order ([py3-asynchat] push, producer FIFO) and what send() means ([py2-asyncore-ja]); the exact
// retry sequence is CPython's (one send per initiate_send, the unsent tail
// stays first), so most cases are strict with a semantic twin.
//
// partial.QUEUE.ITEM.K: a queue of three items (two pushes and a producer),
// every earlier send accepting all, then one send accepting only K bytes of
// ITEM, for every K from 0 to the item's length - 1.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

struct Item {
  std::string name;
  std::string bytes;  // what one send of this item offers (at most out_buffer)
};

// Queues "abc", "defgh" and producer p ("ij", "k") with sends that accept
// nothing, so that nothing leaves before the budgets under test.
const char kQueue[] =
    "> c producer p \"ij\" \"k\"\n> c send_budget 0\n> c send_budget 0\n> c send_budget 0\n"
    "> c push \"abc\"\n> c push \"defgh\"\n> c push_with_producer p\n";

void AddPartial(CaseList& list) {
  // Offered in this order when every send accepts all; the producer's "ij"
  // and "k" are offered after their more() calls.
  const std::vector<Item> items = {{"abc", "abc"}, {"defgh", "defgh"}, {"ij", "ij"}, {"k", "k"}};
  for (std::size_t i = 0; i < items.size(); ++i) {
    for (std::size_t k = 0; k < items[i].bytes.size(); ++k) {
      std::string budgets;
      for (std::size_t before = 0; before < i; ++before) budgets += "> c send_budget 100\n";
      budgets += "> c send_budget " + std::to_string(k) + "\n";
      std::string text = "channel c\n" + std::string(kQueue) + budgets + Repeat("> c write", 9);
      const std::string what = "send accepts " + std::to_string(k) + " of " + Q(items[i].bytes) + "'s " +
                               std::to_string(items[i].bytes.size()) + " bytes";
      list.Add({"send.partial.queue." + items[i].name + "." + std::to_string(k),
                what + ": the tail is offered first at the next write, the queue order is kept",
                {"chat.send.partial-tail", "chat.producer.chunk-as-data"},
                Profile::kStrict, {"output", "send", "producer", "medusa"}},
               text);
      list.Add({"send.partial.queue_semantic." + items[i].name + "." + std::to_string(k),
                what + ": the bytes on the wire are unchanged", {"chat.send.nothing-lost"}, Profile::kSemantic,
                {"output", "send", "producer"}},
               text);
    }
  }
  // The same with out_buffer=2: a push is split into 2-byte pieces when it is
  // queued, so each piece is an item of its own.
  const std::vector<Item> pieces = {{"ab", "ab"}, {"c", "c"}, {"de", "de"}, {"fg", "fg"}, {"h", "h"}};
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    for (std::size_t k = 0; k < pieces[i].bytes.size(); ++k) {
      std::string budgets;
      for (std::size_t before = 0; before < i; ++before) budgets += "> c send_budget 100\n";
      budgets += "> c send_budget " + std::to_string(k) + "\n";
      list.Add({"send.partial.out_buffer_2." + pieces[i].name + "." + std::to_string(k),
                "out_buffer=2: a send accepts " + std::to_string(k) + " of the piece " + Q(pieces[i].bytes),
                {"chat.push.split", "chat.send.partial-tail"}, Profile::kStrict, {"output", "send", "medusa"}},
               "channel c out_buffer=2\n> c send_budget 0\n> c send_budget 0\n> c push \"abc\"\n> c push \"defgh\"\n" +
                   budgets + Repeat("> c write", 8));
    }
  }
}

void AddCapAndBlock(CaseList& list) {
  for (std::size_t cap : {1, 2, 3, 5, 11}) {
    list.Add({"send.cap." + std::to_string(cap),
              "every send takes at most " + std::to_string(cap) + " byte(s): the push goes out over several writes",
              {"chat.send.partial-tail", "chat.send.one-per-initiate"}, Profile::kStrict, {"output", "send"}},
             "channel c send_cap=" + std::to_string(cap) + "\n> c push \"hello world\"\n" + Repeat("> c write", 12));
  }
  list.Add({"send.cap.two_pushes_semantic", "send_cap=3 with two pushes: all bytes, in order",
            {"chat.send.nothing-lost"},
            Profile::kSemantic, {"output", "send"}},
           "channel c send_cap=3\n> c push \"hello \"\n> c push \"world\"\n" + Repeat("> c write", 5));
  list.Add({"send.cap.no_coalescing",
            "send_cap=3: after a partial send the tail of the first push is offered alone, not joined with the "
            "second",
            {"chat.push.items-stay-apart", "chat.send.partial-tail"}, Profile::kStrict, {"output", "send", "medusa"}},
           "channel c send_cap=3\n> c push \"abcd\"\n> c push \"efgh\"\n" + Repeat("> c write", 4));
  list.Add({"send.budget_zero.repeated", "sends that accept nothing leave the queue unchanged",
            {"chat.send.partial-tail"},
            Profile::kStrict, {"output", "send"}},
           "channel c\n> c send_budget 0\n> c send_budget 0\n> c send_budget 0\n> c push \"abc\"\n> c write\n"
           "> c write\n> c write\n");
  list.Add({"send.wouldblock.at_push", "a send that would block (EAGAIN) sends nothing; the next write retries",
            {"core.send.would-block", "chat.send.partial-tail"},
            Profile::kStrict, {"output", "send", "error", "undocumented"}},
           "channel c\n> c send_error EAGAIN\n> c push \"abc\"\n> c write\n");
  list.Add({"send.wouldblock.mid_queue", "would-block between two sends of a split push",
            {"core.send.would-block", "chat.send.partial-tail"},
            Profile::kStrict, {"output", "send", "error", "undocumented"}},
           "channel c out_buffer=2\n> c push \"abcdef\"\n> c send_error EAGAIN\n> c write\n> c write\n> c write\n");
  list.Add({"send.wouldblock.semantic", "would-block does not lose or repeat bytes",
            {"core.send.would-block", "chat.send.nothing-lost"}, Profile::kSemantic,
            {"output", "send", "error", "undocumented"}},
           "channel c\n> c send_error EAGAIN\n> c push \"abc\"\n> c send_error EAGAIN\n> c push \"def\"\n"
           "> c write\n> c write\n> c write\n");
}

void AddErrors(CaseList& list) {
  // asyncore's send() treats these as the peer having gone: handle_close.
  // (medusa's asyncore_25 send() raises them, so handle_error runs.)
  for (const char* e : {"EPIPE", "ECONNRESET", "ENOTCONN", "ESHUTDOWN", "ECONNABORTED", "EBADF"}) {
    list.Add({"send.error.disconnect." + std::string(e),
              "send fails with " + std::string(e) + ": the channel closes, without handle_error",
              {"core.send.disconnect"},
              Profile::kStrict, {"output", "send", "error", "close", "undocumented", "medusa"}},
             "channel c\n> c send_error " + std::string(e) + "\n> c push \"abc\"\n> c write\n> c push \"x\"\n");
  }
  // Anything else is an error of the channel: handle_error, which closes.
  for (const char* e : {"ENOBUFS", "EIO", "EINVAL"}) {
    list.Add({"send.error.other." + std::string(e),
              "send fails with " + std::string(e) + ": handle_error runs and closes the channel",
              {"core.send.other-error", "core.handle-error.default-closes"},
              Profile::kStrict, {"output", "send", "error", "close"}},
             "channel c\n> c send_error " + std::string(e) + "\n> c push \"abc\"\n> c write\n");
  }
  list.Add({"send.error.after_partial", "a partial send, then EPIPE: closed with the tail unsent",
            {"core.send.disconnect", "chat.send.partial-tail"},
            Profile::kSemantic, {"output", "send", "error", "close", "undocumented", "medusa"}},
           "channel c\n> c send_budget 2\n> c push \"hello\"\n> c send_error EPIPE\n> c write\n> c write\n");
}

}  // namespace

void AddSendCases(CaseList& list) {
  AddPartial(list);
  AddCapAndBlock(list);
  AddErrors(list);
}

}  // namespace conformance::cases
