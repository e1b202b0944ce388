// poll.*: what a loop pass learns from an async_chat channel before it
// waits (format 2: `> c poll`, answered `< c poll readable=0|1
// writable=0|1`). An async_chat is always readable, whatever it holds back
// of its input, and writable while its queue is not empty or it is not
// connected (spec/SPEC.md chat.class.readable-writable); a closed channel
// has left the map and is not asked (core.close.events-dropped).
#include <string>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

// The clause every poll case checks.
constexpr char kPredicates[] = "chat.class.readable-writable";

Meta PollCase(std::string id, std::string description, std::vector<std::string> clauses,
              std::vector<std::string> tags) {
  clauses.insert(clauses.begin(), kPredicates);
  return Meta{"poll." + id, std::move(description), std::move(clauses), Profile::kStrict, std::move(tags), 2};
}

}  // namespace

void AddPollCases(CaseList& list) {
  // Connecting, idle, or with output waiting.
  list.Add(PollCase("connecting.empty", "a channel still connecting is writable with nothing queued (the write event "
                                        "completes the connection)",
                    {"core.event.connect"}, {"connect"}),
           "channel c connected=0\n> c poll\n");
  list.Add(PollCase("connecting.then_connected", "writable while connecting, not once the first write event has "
                                                 "connected it with nothing to send",
                    {"core.event.connect"}, {"connect"}),
           "channel c connected=0\n> c poll\n> c write\n> c poll\n");
  list.Add(PollCase("connecting.discard_buffers", "discard_buffers empties the queue of a connecting channel; it "
                                                  "stays writable until it is connected",
                    {"chat.discard-buffers.drops"}, {"connect", "output"}),
           "channel c connected=0\n> c push \"early\"\n> c poll\n> c discard_buffers\n> c poll\n> c write\n"
           "> c poll\n");
  list.Add(PollCase("connected.idle", "a connected channel with an empty queue is readable and not writable", {}, {"input"}),
           "channel c\n> c poll\n");
  list.Add(PollCase("queued.would_block", "output that could not be sent keeps the channel writable until a write "
                                          "event sends it",
                    {"core.send.would-block"}, {"output", "send"}),
           "channel c\n> c send_error EAGAIN\n> c push \"hello\"\n> c poll\n> c write\n> c poll\n");
  list.Add(PollCase("queued.partial_send", "the unsent tail of a partial send keeps the channel writable",
                    {"chat.send.partial-tail"}, {"output", "send"}),
           "channel c\n> c send_budget 2\n> c push \"hello\"\n> c poll\n> c write\n> c poll\n");
  list.Add(PollCase("queued.producer", "a queued producer not yet asked keeps a connecting channel writable; once "
                                       "exhausted the channel is not",
                    {"chat.producer.lazy"}, {"producer", "connect"}),
           "channel c connected=0\n> c producer p \"ab\"\n> c push_with_producer p\n> c poll\n> c write\n> c poll\n"
           "> c write\n> c poll\n");
  list.Add(PollCase("queued.discard_buffers", "discard_buffers empties the queue: no longer writable",
                    {"chat.discard-buffers.drops"}, {"output"}),
           "channel c\n> c send_error EAGAIN\n> c push \"data\"\n> c poll\n> c discard_buffers\n> c poll\n");
  list.Add(PollCase("close_when_done.idle", "the close marker alone keeps the channel writable; the write event "
                                            "closes it, and a closed channel is not asked",
                    {"chat.close-when-done.deferred", "core.close.events-dropped"}, {"close"}),
           "channel c\n> c close_when_done\n> c poll\n> c write\n> c poll\n");
  // Readable whatever is held back of the input.
  list.Add(PollCase("readable.held_prefix", "readable while the start of a terminator is held back",
                    {"chat.terminator.string.prefix-held"}, {"input"}),
           "channel c\n> c set_terminator str:\"\\r\\n\"\n> c read \"ab\\r\"\n> c poll\n> c read \"\\ncd\"\n"
           "> c poll\n");
  list.Add(PollCase("readable.partial_count", "readable in the middle of an integer-terminated message",
                    {"chat.terminator.integer.across-reads"}, {"input"}),
           "channel c\n> c set_terminator int:10\n> c read \"abc\"\n> c poll\n");
  // medusa's readable() turns false while its input buffer holds more than
  // ac_in_buffer_size bytes: a held prefix longer than in_buffer does that.
  list.Add(PollCase("readable.held_beyond_in_buffer", "readable while more than in_buffer bytes of a long "
                                                      "terminator's start are held back",
                    {"chat.terminator.string.prefix-held", "chat.buffer.in-size"}, {"input", "medusa"}),
           "channel c in_buffer=4\n> c set_terminator str:\"0123456789\"\n> c read \"0123\"\n> c read \"4567\"\n"
           "> c poll\n> c read \"89\"\n> c poll\n");
  // Closed channels, and one whose handle_close kept it open.
  list.Add(PollCase("closed.by_close", "after close() the channel has left the map: no pass asks it",
                    {"core.close.events-dropped"}, {"close"}),
           "channel c\n> c poll\n> c close\n> c poll\n");
  list.Add(PollCase("closed.by_eof", "after end of file closed it the channel has left the map: no pass asks it",
                    {"core.close.events-dropped", "core.recv.eof"}, {"close"}),
           "channel c\n> c set_terminator str:\"\\n\"\n> c read eof\n> c poll\n");
  list.Add(PollCase("kept_open.after_eof", "a handle_close that does not close leaves the channel connected: "
                                           "readable, not writable",
                    {"core.handle-close.override"}, {"close", "reaction"}),
           "channel c\n> c on handle_close keep_open\n> c set_terminator str:\"\\n\"\n> c read eof\n> c poll\n");
  list.Add(PollCase("kept_open.after_marker", "the close marker is taken off the queue even when handle_close keeps "
                                              "the channel open: what follows it keeps it writable",
                    {"core.handle-close.override", "chat.close-when-done.handle-close"}, {"close", "reaction"}),
           "channel c\n> c on handle_close keep_open\n> c send_error EAGAIN\n> c push \"a\"\n> c close_when_done\n"
           "> c push \"b\"\n> c poll\n> c write\n> c poll\n> c write\n> c poll\n> c write\n> c poll\n");
}

}  // namespace conformance::cases
