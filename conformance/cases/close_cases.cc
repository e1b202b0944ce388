// close.*: close_when_done ([py3-asynchat]: "Pushes a None on to the producer queue.
// When this producer is popped off the queue it causes the channel to be
// closed"), close, end of file ([py2-asyncore-ja] recv: "a zero-length result means the
// remote end has disconnected"; handle_close: read event with nothing to
// read), and events arriving after the close, which a loop drops.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

void AddCloseWhenDone(CaseList& list) {
  list.Add({"close.when_done.not_before_write", "close_when_done alone closes nothing: the sentinel is only queued",
            {"chat.close-when-done.deferred"}, Profile::kStrict, {"close"}},
           "channel c\n> c close_when_done\n");
  list.Add({"close.when_done.empty_queue", "close_when_done on an empty queue: the next write event closes",
            {"chat.close-when-done.deferred"}, Profile::kStrict, {"close"}},
           "channel c\n> c close_when_done\n> c write\n");
  list.Add({"close.when_done.after_pending", "queued data is sent before the close", {"chat.close-when-done.order"},
            Profile::kStrict, {"close", "output"}},
           "channel c\n> c send_budget 0\n> c push \"hello\"\n> c close_when_done\n> c write\n> c write\n");
  list.Add({"close.when_done.after_partial", "the unsent tail of a partly sent push goes out before the close",
            {"chat.close-when-done.order", "chat.send.partial-tail"}, Profile::kStrict, {"close", "output", "send"}},
           "channel c\n> c send_budget 2\n> c push \"hello\"\n> c close_when_done\n> c send_budget 1\n> c write\n"
           "> c write\n> c write\n");
  list.Add({"close.when_done.after_several", "three queued items, then the close",
            {"chat.close-when-done.order", "chat.push.items-stay-apart", "chat.send.one-per-initiate"},
            Profile::kStrict, {"close", "output", "medusa"}},
           "channel c\n> c send_budget 0\n> c send_budget 0\n> c send_budget 0\n> c push \"a\"\n> c push \"b\"\n"
           "> c push \"c\"\n> c close_when_done\n" + Repeat("> c write", 4));
  list.Add({"close.when_done.after_producer", "a producer is drained before the close",
            {"chat.close-when-done.order", "chat.producer.order"},
            Profile::kStrict, {"close", "output", "producer"}},
           "channel c\n> c producer p \"one\" \"two\"\n> c push_with_producer p\n> c close_when_done\n" +
               Repeat("> c write", 4));
  list.Add({"close.when_done.semantic", "everything pushed before close_when_done reaches the wire, then it closes",
            {"chat.close-when-done.order", "chat.send.nothing-lost"}, Profile::kSemantic, {"close", "output"}},
           "channel c out_buffer=3\n> c send_budget 0\n> c push \"hello world\\n\"\n> c push \"QUIT\\n\"\n"
           "> c close_when_done\n" + Repeat("> c write", 8));
  list.Add({"close.when_done.push_after", "a push after close_when_done: its initiate_send reaches the sentinel and "
            "closes; the data is never sent",
            {"chat.close-when-done.after-marker"}, Profile::kStrict, {"close", "output"}},
           "channel c\n> c close_when_done\n> c push \"late\"\n> c write\n");
  list.Add({"close.when_done.twice", "close_when_done twice: one close",
            {"core.close.once", "chat.close-when-done.order"}, Profile::kStrict,
            {"close"}},
           "channel c\n> c close_when_done\n> c close_when_done\n> c write\n> c write\n");
  list.Add({"close.when_done.cpython_test",
            "test_close_when_done: pushes then close_when_done; nothing read back, everything sent, closed",
            {"chat.close-when-done.order"}, Profile::kSemantic, {"close", "output", "cpython-test"}},
           "channel c\n> c set_terminator str:\"\\n\"\n> c push \"hello world\\nI'm not dead yet!\\n\"\n"
           "> c push \"QUIT\\n\"\n> c close_when_done\n> c write\n> c write\n> c read \"hello\"\n");
  list.Add({"close.when_done.send_error_first",
            "a send that would block before close_when_done's turn: the data is retried, then the close",
            {"chat.close-when-done.order", "core.send.would-block"}, Profile::kStrict, {"close", "output", "send"}},
           "channel c\n> c send_error EAGAIN\n> c push \"data\"\n> c close_when_done\n> c write\n> c write\n");
}

void AddCloseAndEof(CaseList& list) {
  list.Add({"close.direct.once", "close reports the socket closing once, however often it is called",
            {"core.close.once", "core.close.socket"},
            Profile::kStrict, {"close", "undocumented"}},
           "channel c\n> c close\n> c close\n");
  list.Add({"close.direct.events_dropped", "read and write events after close are dropped",
            {"core.close.events-dropped"},
            Profile::kStrict, {"close"}},
           "channel c\n> c set_terminator str:\"\\n\"\n> c push \"x\"\n> c close\n> c read \"a\\n\"\n> c write\n"
           "> c read eof\n");
  list.Add({"close.direct.pending_not_sent", "close drops queued output: later write events send nothing",
            {"chat.close.drops-output", "core.close.events-dropped"},
            Profile::kStrict, {"close", "output", "undocumented"}},
           "channel c\n> c send_budget 0\n> c push \"pending\"\n> c close\n> c write\n");
  list.Add({"close.direct.push_after", "push after close queues nothing that is ever sent", {"chat.close.push-after"},
            Profile::kStrict, {"close", "output", "undocumented", "medusa"}},
           "channel c\n> c close\n> c push \"late\"\n> c write\n");
  list.Add({"close.eof.idle", "a read event with nothing to read (eof) closes the channel",
            {"core.recv.eof", "core.handle-close.default"},
            Profile::kStrict, {"close"}},
           "channel c\n> c read eof\n");
  list.Add({"close.eof.partial_message",
            "eof after part of a message: that part was collected, found_terminator never runs, the channel closes",
            {"chat.eof.partial-message", "core.recv.eof"}, Profile::kStrict, {"close", "input"}},
           "channel c\n> c set_terminator str:\"\\n\"\n> c read \"complete\\nparti\"\n> c read eof\n");
  list.Add({"close.eof.partial_message_semantic", "eof with a partial message buffered: one message and the rest",
            {"chat.eof.partial-message", "core.recv.eof"}, Profile::kSemantic, {"close", "input"}},
           "channel c\n> c set_terminator str:\"\\n\"\n> c read \"complete\\nparti\"\n> c read eof\n");
  list.Add({"close.eof.held_prefix", "eof while a terminator prefix is held back: it is never collected",
            {"chat.eof.held-prefix", "chat.terminator.string.prefix-held", "core.recv.eof"},
            Profile::kStrict, {"close", "input", "undocumented"}},
           "channel c\n> c set_terminator str:\"\\r\\n\"\n> c read \"ab\\r\"\n> c read eof\n");
  list.Add({"close.eof.integer_partial", "eof before an integer count is reached: no found_terminator",
            {"chat.eof.partial-message", "chat.terminator.integer.across-reads"},
            Profile::kStrict, {"close", "input"}},
           "channel c\n> c set_terminator int:10\n> c read \"abcd\"\n> c read eof\n");
  list.Add({"close.eof.after_terminator_change",
            "a held-back prefix, a new terminator, then eof: CPython frames the held bytes once more as it closes",
            {"chat.eof.frames-held", "chat.terminator.change-held-prefix", "core.recv.eof"},
            Profile::kStrict, {"close", "input", "undocumented"}},
           "channel c\n> c set_terminator str:\"\\r\\n\"\n> c read \"ab\\r\"\n> c set_terminator none\n> c read eof\n");
  list.Add({"close.eof.then_events_dropped", "events after eof closed the channel are dropped",
            {"core.close.events-dropped", "core.recv.eof"},
            Profile::kStrict, {"close", "medusa"}},
           "channel c\n> c read eof\n> c read \"late\"\n> c push \"x\"\n> c write\n");
  list.Add({"close.eof.pending_output", "eof while output is queued: the channel closes, the output is never sent",
            {"chat.handle-close.is-close", "core.recv.eof"}, Profile::kStrict, {"close", "output"}},
           "channel c\n> c send_budget 0\n> c push \"reply\"\n> c read eof\n> c write\n");
}

}  // namespace

void AddCloseCases(CaseList& list) {
  AddCloseWhenDone(list);
  AddCloseAndEof(list);
}

}  // namespace conformance::cases
