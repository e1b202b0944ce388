// push.object.*, producer.bytes.*, log.*: the trace format 2 cases of what
// push() refuses, what push_with_producer() takes besides producers, and what
// the dispatcher logs (traces/FORMAT.md "Version 2", "Logging"). All are
// format 2: a version-1 adapter reports them unsupported.
//
// push.object: CPython's test_push (push(10) raises TypeError); an
// implementation that turned the integer into ten NUL bytes would send them.
// producer.bytes: CPython's test_string_producer (a bytes object given to
// push_with_producer is sent as data).
// log: the dispatcher's log_info, reported only on channels declared `log=`.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

constexpr int kFormat2 = 2;

}  // namespace

void AddPushObjectCases(CaseList& list) {
  // --- push of something that is not bytes ----------------------------------
  list.Add({"push.object.int", "push(10) raises TypeError and queues nothing: no ten NUL bytes are sent",
            {"chat.push.non-bytes-refused"}, Profile::kStrict, {"output", "error", "cpython-test", "medusa"},
            kFormat2},
           "channel c\n> c push_typed int \"10\"\n> c push \"after\"\n");
  list.Add({"push.object.none", "push(None) raises TypeError and queues nothing",
            {"chat.push.non-bytes-refused"}, Profile::kStrict, {"output", "error", "medusa"}, kFormat2},
           "channel c\n> c push_typed none \"\"\n> c push \"after\"\n");
  list.Add({"push.object.int_behind_data",
            "push(3) on a channel with data queued: TypeError, and only the queued data is sent",
            {"chat.push.non-bytes-refused", "chat.connect.queue-waits"}, Profile::kStrict,
            {"output", "error", "connect", "medusa"}, kFormat2},
           "channel c connected=0\n> c push \"one\"\n> c push_typed int \"3\"\n> c write\n> c write\n");
  list.Add({"push.object.int_in_reaction",
            "push(3) inside found_terminator: the TypeError reaches handle_error, which closes the channel",
            {"chat.push.non-bytes-refused", "core.handle-error.called", "core.handle-error.default-closes"},
            Profile::kStrict, {"output", "error", "reaction", "medusa"}, kFormat2},
           "channel c\n> c set_terminator str:\"\\n\"\n> c on found_terminator 1 push_typed int \"3\"\n"
           "> c read \"a\\nb\\n\"\n");
  list.Add({"push.object.int_semantic", "push(10) sends nothing and raises an exception: compared by meaning",
            {"chat.push.non-bytes-refused"}, Profile::kSemantic, {"output", "error", "medusa"}, kFormat2},
           "channel c\n> c push_typed int \"10\"\n> c push \"after\"\n");

  // --- a bytes object given to push_with_producer ----------------------------
  list.Add({"producer.bytes.sent", "push_with_producer(b\"hello\"): the bytes are sent as data, no more() is asked",
            {"chat.producer.bytes-object"}, Profile::kStrict, {"output", "producer", "cpython-test"}, kFormat2},
           "channel c\n> c push_with_producer \"hello\"\n");
  list.Add({"producer.bytes.longer_than_out_buffer",
            "a bytes object longer than out_buffer is not cut into pieces: after a partial send the next offer "
            "starts at the first unsent byte",
            {"chat.producer.bytes-object", "chat.send.offer-size"}, Profile::kStrict,
            {"output", "producer", "send"}, kFormat2},
           "channel c out_buffer=4\n> c send_budget 2\n> c push_with_producer \"abcdefghij\"\n> c write\n"
           "> c write\n> c write\n");
  list.Add({"producer.bytes.longer_than_out_buffer_semantic",
            "a bytes object longer than out_buffer reaches the wire whole, in order",
            {"chat.producer.bytes-object", "chat.send.nothing-lost"}, Profile::kSemantic,
            {"output", "producer", "send"}, kFormat2},
           "channel c out_buffer=4\n> c send_budget 2\n> c push_with_producer \"abcdefghij\"\n> c write\n"
           "> c write\n> c write\n");
  list.Add({"producer.bytes.empty", "push_with_producer(b\"\"): dropped with one send() of nothing, as push(b\"\")",
            {"chat.producer.bytes-object", "chat.push.empty"}, Profile::kStrict, {"output", "producer", "medusa"},
            kFormat2},
           "channel c\n> c push_with_producer \"\"\n> c push \"after\"\n");
  list.Add({"producer.bytes.order", "bytes objects, a producer and pushed data leave in queue order",
            {"chat.producer.bytes-object", "chat.producer.order", "chat.connect.queue-waits"}, Profile::kStrict,
            {"output", "producer", "connect", "medusa"}, kFormat2},
           "channel c connected=0\n> c push_with_producer \"one \"\n> c producer p \"two \"\n"
           "> c push_with_producer p\n> c push \"three \"\n> c push_with_producer \"four\"\n> c write\n> c write\n"
           "> c write\n> c write\n> c write\n");
  list.Add({"producer.bytes.in_reaction", "push_with_producer(b\"reply\") inside found_terminator sends at once",
            {"chat.producer.bytes-object", "chat.push.sends-at-once"}, Profile::kStrict,
            {"output", "producer", "reaction"}, kFormat2},
           "channel c\n> c set_terminator str:\"\\n\"\n> c on found_terminator 1 push_with_producer \"reply\"\n"
           "> c read \"ask\\n\"\n");

  // --- logging ------------------------------------------------------------------
  list.Add({"log.connect.warning_ignored_by_default",
            "the default handle_connect's warning is not logged: ignore_log_types holds warning by default",
            {"core.handle-connect.default", "core.log-info.ignore-types"}, Profile::kStrict,
            {"connect", "log", "medusa"}, kFormat2},
           "channel c connected=0 log=default\n> c write\n");
  list.Add({"log.connect.warning_shown",
            "with nothing in ignore_log_types, the default handle_connect logs 'unhandled connect event'",
            {"core.handle-connect.default", "core.log-info.ignore-types"}, Profile::kStrict, {"connect", "log"},
            kFormat2},
           "channel c connected=0 log=all\n> c write\n> c write\n");
  list.Add({"log.handle_error.recv_error",
            "the default handle_error logs one line of type error, then closes (the warning stays ignored)",
            {"core.handle-error.logs", "core.handle-error.called", "core.handle-error.default-closes"},
            Profile::kStrict, {"error", "log"}, kFormat2},
           "channel c log=default\n> c set_terminator none\n> c read error EIO\n");
  list.Add({"log.handle_error.send_error",
            "connect warning, then a send error: handle_error logs once, before the close",
            {"core.handle-error.logs", "core.handle-connect.default", "core.log-info.ignore-types"},
            Profile::kStrict, {"error", "log", "connect", "send"}, kFormat2},
           "channel c connected=0 log=all\n> c push \"data\"\n> c send_error EIO\n> c write\n");
}

}  // namespace conformance::cases
