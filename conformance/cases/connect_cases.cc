// connect.*: a channel still connecting (connected=0). [py2-asyncore-ja]: handle_connect
// runs at the first read or write event; async_chat's initiate_send sends
// nothing before that (CPython: "while self.producer_fifo and
// self.connected"), so pushes wait in the queue.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

const std::string kChannel = "channel c connected=0\n";

}  // namespace

void AddConnectCases(CaseList& list) {
  list.Add({"connect.first_event.write", "the first write event connects, then sends what was pushed before",
            {"core.event.connect", "chat.connect.queue-waits"},
            Profile::kStrict, {"connect", "output"}},
           kChannel + "> c push \"hello\"\n> c write\n");
  list.Add({"connect.first_event.read", "the first read event connects, then reads",
            {"core.event.connect", "core.event.read"}, Profile::kStrict,
            {"connect", "input"}},
           kChannel + "> c set_terminator str:\"\\n\"\n> c read \"hi\\n\"\n");
  list.Add({"connect.handle_connect.once", "handle_connect runs once, at the first event only",
            {"core.event.connect-once"}, Profile::kStrict,
            {"connect"}},
           kChannel + "> c set_terminator none\n> c write\n> c write\n> c read \"x\"\n");
  list.Add({"connect.queue.pushes_wait", "pushes before the connection are queued, then sent one per write in order",
            {"chat.connect.queue-waits", "chat.send.one-per-initiate"},
            Profile::kStrict, {"connect", "output", "medusa"}},
           kChannel + "> c push \"one\"\n> c push \"two\"\n> c write\n> c write\n> c write\n");
  list.Add({"connect.queue.pushes_wait_semantic", "pushes before the connection all reach the wire, in order",
            {"chat.connect.queue-waits", "chat.send.nothing-lost"},
            Profile::kSemantic, {"connect", "output"}},
           kChannel + "> c push \"one\"\n> c push \"two\"\n> c write\n> c write\n> c write\n");
  list.Add({"connect.queue.producer_waits", "a producer is not asked before the connection",
            {"chat.connect.queue-waits", "chat.producer.lazy"}, Profile::kStrict,
            {"connect", "output", "producer", "medusa"}},
           kChannel + "> c producer p \"chunk\"\n> c push_with_producer p\n> c write\n> c write\n");
  list.Add({"connect.queue.close_when_done_waits", "close_when_done before the connection: data, then close, after it",
            {"chat.connect.queue-waits", "chat.close-when-done.order"},
            Profile::kStrict, {"connect", "output", "close"}},
           kChannel + "> c push \"bye\"\n> c close_when_done\n> c write\n> c write\n");
  // medusa's push refills its output buffer even before the connection, and
  // so meets the close sentinel at once: it closes without ever connecting.
  list.Add({"connect.queue.close_when_done_first",
            "close_when_done, then a push, before the connection: the close comes at the first write, after "
            "connecting; the data is never sent",
            {"chat.connect.queue-waits", "chat.close-when-done.after-marker"},
            Profile::kStrict, {"connect", "output", "close", "medusa"}},
           kChannel + "> c close_when_done\n> c push \"data\"\n> c write\n> c write\n");
  list.Add({"connect.first_event.eof", "end of file as the first event: connect, then close",
            {"core.event.connect", "core.recv.eof"},
            Profile::kStrict, {"connect", "close"}},
           kChannel + "> c read eof\n");
  list.Add({"connect.first_event.wouldblock", "would-block as the first read: connect, nothing else",
            {"core.event.connect", "chat.recv.would-block"},
            Profile::kStrict, {"connect", "error", "medusa"}},
           kChannel + "> c read wouldblock\n> c write\n");
}

}  // namespace conformance::cases
