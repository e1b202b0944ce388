// reaction.connect.* and reaction.handle_close.*: application code inside
// handle_connect() and handle_close() (format 2: `on connect ACTION...`,
// `on handle_close ACTION...` and its `keep_open`).
//
// connect.*: handle_connect() runs before the channel counts as connected
// (spec/SPEC.md core.event.connect-before-connected), so what it pushes
// waits for the event's own handle_write or the next write event; what it
// sets applies to the same event's read; a close() there leaves a channel
// marked connected on a closed socket (core.event.connect-close-inside).
// handle_close.*: every close the channel decides itself (end of file, a
// disconnect errno on recv or send, the close_when_done marker,
// handle_error) goes through handle_close(); an override that does not call
// the default keeps the channel open and its events coming
// (core.handle-close.override); close() does not call it
// (core.close.not-handle-close).
#include <string>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

Meta Reaction(std::string id, std::string description, std::vector<std::string> clauses,
              std::vector<std::string> tags) {
  tags.insert(tags.begin(), "reaction");
  return Meta{"reaction." + id, std::move(description), std::move(clauses), Profile::kStrict, std::move(tags), 2};
}

const std::string kConnecting = "channel c connected=0\n";
const std::string kLines = "> c set_terminator str:\"\\n\"\n";

void AddConnectReactions(CaseList& list) {
  const std::vector<std::string> order = {"core.event.connect", "core.event.connect-before-connected"};
  list.Add(Reaction("connect.push.write_first", "a push inside handle_connect is sent by the same write event's "
                                                "handle_write, not by the push",
                    order, {"connect", "output"}),
           kConnecting + "> c on connect push \"hello\"\n> c write\n> c write\n");
  list.Add(Reaction("connect.push.read_first", "a push inside handle_connect at a read event waits for the next "
                                               "write event",
                    order, {"connect", "output", "input"}),
           kConnecting + kLines + "> c on connect push \"hello\"\n> c read \"hi\\n\"\n> c write\n");
  list.Add(Reaction("connect.push.behind_queued", "a push inside handle_connect goes behind what was pushed before "
                                                  "the connection",
                    {"core.event.connect-before-connected", "chat.connect.queue-waits"}, {"connect", "output"}),
           kConnecting + "> c push \"one\"\n> c on connect push \"two\"\n> c write\n> c write\n> c write\n");
  list.Add(Reaction("connect.push.once", "handle_connect, and so its push, runs once",
                    {"core.event.connect-once", "core.event.connect-before-connected"}, {"connect", "output"}),
           kConnecting + "> c on connect push \"hi\"\n> c write\n> c write\n> c read \"x\"\n> c write\n");
  list.Add(Reaction("connect.push_with_producer.read_first", "a producer queued inside handle_connect is not asked "
                                                             "until a write event",
                    {"core.event.connect-before-connected", "chat.producer.lazy"}, {"connect", "producer"}),
           kConnecting + kLines + "> c producer p \"ab\" \"cd\"\n> c on connect push_with_producer p\n"
                                  "> c read \"x\\n\"\n> c write\n> c write\n> c write\n");
  list.Add(Reaction("connect.set_terminator.read_first", "a terminator set inside handle_connect frames the same "
                                                         "event's read",
                    {"core.event.connect"}, {"connect", "input"}),
           kConnecting + "> c on connect set_terminator str:\"\\n\"\n> c read \"a\\nb\"\n");
  list.Add(Reaction("connect.close_when_done.write_first", "push and close_when_done inside handle_connect: the "
                                                           "write event sends, the next one closes",
                    {"core.event.connect-before-connected", "chat.close-when-done.order"}, {"connect", "close"}),
           kConnecting + "> c on connect push \"bye\"\n> c on connect close_when_done\n> c write\n> c write\n");
  list.Add(Reaction("connect.close_when_done.idle", "close_when_done alone inside handle_connect: the same write "
                                                    "event's handle_write closes",
                    {"core.event.connect-before-connected", "chat.close-when-done.deferred"}, {"connect", "close"}),
           kConnecting + "> c on connect close_when_done\n> c write\n");
  list.Add(Reaction("connect.close.write_first", "close() inside handle_connect at a write event: closed, nothing "
                                                 "to send",
                    {"core.event.connect-close-inside", "core.close.once"}, {"connect", "close"}),
           kConnecting + "> c on connect close\n> c write\n> c write\n");
  list.Add(Reaction("connect.close.queued", "close() inside handle_connect with output queued: the channel is then "
                                            "marked connected, and handle_write sends on the closed socket (EBADF, "
                                            "a disconnect)",
                    {"core.event.connect-close-inside", "core.send.disconnect", "core.close.once"},
                    {"connect", "close", "send"}),
           kConnecting + "> c push \"x\"\n> c on connect close\n> c write\n");
  list.Add(Reaction("connect.close.read_first", "close() inside handle_connect at a read event: handle_read's "
                                                "recv() meets the closed socket (EBADF, a disconnect)",
                    {"core.event.connect-close-inside", "core.recv.disconnect", "core.close.once"},
                    {"connect", "close", "input"}),
           kConnecting + kLines + "> c on connect close\n> c read \"x\\n\"\n");
  list.Add(Reaction("connect.discard_buffers", "discard_buffers inside handle_connect drops what was pushed before "
                                               "the connection",
                    {"core.event.connect-before-connected", "chat.discard-buffers.drops"}, {"connect", "output"}),
           kConnecting + "> c push \"early\"\n> c on connect discard_buffers\n> c write\n> c write\n");
}

void AddHandleCloseReactions(CaseList& list) {
  const std::string kOpen = "channel c\n";
  const std::string kKeep = "> c on handle_close keep_open\n";
  // End of file and disconnects on recv.
  list.Add(Reaction("handle_close.eof.push", "a push inside handle_close at end of file is sent before the default "
                                             "handle_close closes",
                    {"core.handle-close.override", "core.recv.eof"}, {"close", "output"}),
           kOpen + kLines + "> c on handle_close push \"bye\"\n> c read eof\n");
  list.Add(Reaction("handle_close.eof.several", "several actions inside handle_close run in order",
                    {"core.handle-close.override", "core.recv.eof"}, {"close", "output"}),
           kOpen + kLines + "> c on handle_close push \"a\"\n> c on handle_close push \"b\"\n> c read eof\n");
  list.Add(Reaction("handle_close.eof.keep_open", "a handle_close that does not close at end of file: the channel "
                                                  "stays open, later reads are framed and pushes sent",
                    {"core.handle-close.override", "core.recv.eof"}, {"close", "input", "output"}),
           kOpen + kLines + kKeep + "> c read \"ab\"\n> c read eof\n> c read \"c\\n\"\n> c push \"y\"\n"
                                    "> c read eof\n> c close\n");
  list.Add(Reaction("handle_close.eof.close_inside", "close() inside handle_close, then a push: the socket closes "
                                                     "once and the push sends nothing",
                    {"core.handle-close.override", "core.close.once", "chat.close.push-after"}, {"close"}),
           kOpen + kLines + "> c on handle_close close\n> c on handle_close push \"x\"\n> c read eof\n");
  list.Add(Reaction("handle_close.disconnect.recv.push", "a push inside handle_close on ECONNRESET from recv",
                    {"core.handle-close.override", "core.recv.disconnect"}, {"close", "error", "output"}),
           kOpen + kLines + "> c on handle_close push \"bye\"\n> c read error ECONNRESET\n");
  list.Add(Reaction("handle_close.disconnect.recv.keep_open", "kept open after ECONNRESET from recv: the next read "
                                                              "is framed",
                    {"core.handle-close.override", "core.recv.disconnect"}, {"close", "error", "input"}),
           kOpen + kLines + kKeep + "> c read error ECONNRESET\n> c read \"a\\n\"\n");
  // Disconnects on send.
  list.Add(Reaction("handle_close.disconnect.send.keep_open", "kept open after EPIPE from send: the data stays "
                                                              "queued and the next write event sends it",
                    {"core.handle-close.override", "core.send.disconnect"}, {"close", "send"}),
           kOpen + kKeep + "> c send_error EPIPE\n> c push \"data\"\n> c write\n> c write\n");
  list.Add(Reaction("handle_close.disconnect.send.push", "a push inside the handle_close that EPIPE from send "
                                                         "called sends the unsent item again before the close",
                    {"core.handle-close.override", "core.send.disconnect", "chat.send.one-per-initiate"},
                    {"close", "send"}),
           kOpen + "> c on handle_close push \"x\"\n> c send_error EPIPE\n> c push \"data\"\n> c write\n");
  // The close_when_done marker.
  list.Add(Reaction("handle_close.close_when_done.push", "a push inside the handle_close the close marker called is "
                                                         "sent before the close",
                    {"core.handle-close.override", "chat.close-when-done.handle-close"}, {"close", "output"}),
           kOpen + "> c on handle_close push \"late\"\n> c push \"a\"\n> c close_when_done\n> c write\n"
                   "> c write\n");
  list.Add(Reaction("handle_close.close_when_done.keep_open", "kept open at the close marker: the marker is gone, "
                                                              "what was queued after it is sent",
                    {"core.handle-close.override", "chat.close-when-done.handle-close"}, {"close", "output"}),
           kOpen + kKeep + "> c close_when_done\n> c push \"after\"\n> c write\n> c write\n> c close_when_done\n"
                           "> c write\n> c close\n");
  // handle_error's default handling.
  list.Add(Reaction("handle_close.error.push", "a push inside the handle_close that handle_error called",
                    {"core.handle-close.override", "core.handle-error.default-closes"}, {"close", "error"}),
           kOpen + kLines + "> c on handle_close push \"sorry\"\n> c read error EIO\n");
  list.Add(Reaction("handle_close.error.keep_open", "kept open after handle_error: later reads are framed",
                    {"core.handle-close.override", "core.handle-error.default-closes"}, {"close", "error", "input"}),
           kOpen + kLines + kKeep + "> c read error EIO\n> c read \"a\\n\"\n");
  list.Add(Reaction("handle_close.error.unset_terminator_keep_open", "kept open after the exception of a read "
                                                                     "before set_terminator: the bytes stay and are "
                                                                     "framed once a terminator is set",
                    {"core.handle-close.override", "core.handle-error.called", "chat.terminator.unset"},
                    {"close", "error", "input"}),
           kOpen + kKeep + "> c read \"a\"\n" + kLines + "> c read \"b\\n\"\n");
  // close() is not a close the channel decides.
  list.Add(Reaction("handle_close.direct_close.not_called", "close() closes without calling handle_close",
                    {"core.close.not-handle-close"}, {"close"}),
           kOpen + "> c on handle_close push \"x\"\n> c close\n> c write\n");
  list.Add(Reaction("handle_close.direct_close.kept_open_ignored", "keep_open does not keep a channel the "
                                                                   "application closes itself",
                    {"core.close.not-handle-close"}, {"close"}),
           kOpen + kLines + kKeep + "> c close\n> c read \"a\\n\"\n");
}

}  // namespace

void AddReactionV2Cases(CaseList& list) {
  AddConnectReactions(list);
  AddHandleCloseReactions(list);
}

}  // namespace conformance::cases
