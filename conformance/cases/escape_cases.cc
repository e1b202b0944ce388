// error.escape.*: semantic cases whose meaning is where an exception goes.
// Each one has the error (a recv or send failure, a handler that raises, an
// application call the channel refuses) and enough events that the
// messages, the bytes sent and the close agree however an implementation
// chunks; what is left to differ is whether handle_error ran, whether an
// exception escaped the event to the loop or the call to the application,
// and how many times. Every profile compares those `error` and `raise`
// records (traces/trace_compare.h), so an implementation that crashes on a
// send error, or reports one asyncore handles quietly, fails here although
// its bytes are right; and one that only sends later than CPython (from
// write events, not inside push) passes.
//
// A producer whose more() raises and a collect_incoming_data that raises
// (chat.error.more, chat.error.collect) have no input in the trace
// vocabulary; reference/asynchat/async_chat_fault_test.cc covers them on
// the reference.
#include <string>

#include "conformance/cases/areas.h"
#include "conformance/cases/tags.h"
#include "conformance/cases/scenario_text.h"

namespace conformance::cases {
namespace {

using traces::Profile;

const std::string kLines = "channel c in_buffer=64\n> c set_terminator str:\"\\r\\n\"\n";

// "hello" sent whole; then "world" is pushed, its first send accepts two
// bytes and its next one fails with `error`. The first write lets an
// implementation that sends only from write events send "hello" before the
// scripted sends start, so every implementation meets them on the same data.
std::string SendFailingAfterPartial(const std::string& error) {
  return "channel c\n> c push \"hello\"\n> c write\n> c send_budget 2\n> c send_error " + error +
         "\n> c push \"world\"\n" + Repeat("> c write", 3) + "> c push \"late\"\n" + Repeat("> c write", 2);
}

}  // namespace

void AddEscapeCases(CaseList& list) {
  // Send: asyncore closes quietly on a disconnect, sends nothing on a
  // would-block, and hands anything else to handle_error.
  for (const char* e : {"EPIPE", "ECONNRESET"}) {
    list.Add({"error.escape.send.disconnect." + std::string(e),
              "send fails with " + std::string(e) + " after a partial send: closed, the rest unsent, no "
              "handle_error and nothing escapes",
              {"core.send.disconnect"}, Profile::kSemantic, {"output", "send", "error", "close", "undocumented",
                                                           "medusa"}},
             SendFailingAfterPartial(e));
  }
  for (const char* e : {"EIO", "EACCES"}) {
    list.Add({"error.escape.send.other." + std::string(e),
              "send fails with " + std::string(e) + " after a partial send: handle_error once, closed, nothing "
              "escapes",
              {"core.send.other-error", "core.handle-error.called", "core.handle-error.default-closes"}, Profile::kSemantic,
              {"output", "send", "error", "close", "medusa"}},
             SendFailingAfterPartial(e));
  }
  list.Add({"error.escape.send.wouldblock.twice",
            "two sends would block: every byte still goes out, no handle_error, nothing escapes",
            {"core.send.would-block", "chat.send.nothing-lost"}, Profile::kSemantic,
            {"output", "send", "error", "undocumented"}},
           "channel c\n> c send_error EAGAIN\n> c push \"abc\"\n> c send_error EAGAIN\n> c push \"def\"\n" +
               Repeat("> c write", 4));
  list.Add({"error.escape.send.push_after_error",
            "after handle_error closed the channel on a send error, a push sends nothing and raises nothing",
            {"core.send.other-error", "core.handle-error.default-closes", "chat.close.push-after"}, Profile::kSemantic,
            {"output", "send", "error", "close", "medusa"}},
           "channel c\n> c send_error EIO\n> c push \"abc\"\n> c write\n> c push \"def\"\n> c write\n");
  list.Add({"error.escape.send.from_found_terminator",
            "a reply pushed inside found_terminator fails to send with EIO: handle_error once (from the send, "
            "not from the read), closed, the rest of the read still framed",
            {"core.send.other-error", "chat.push.sends-at-once", "chat.reaction.close"}, Profile::kSemantic,
            {"input", "output", "send", "error", "reaction", "close", "undocumented"}},
           kLines + "> c on found_terminator 1 push \"R\"\n> c send_error EIO\n> c read \"one\\r\\ntwo\\r\\nthr\"\n" +
               Repeat("> c write", 2));

  // Recv: the same three ways.
  list.Add({"error.escape.recv.disconnect.ECONNRESET",
            "recv fails with ECONNRESET in the middle of a message: closed, no handle_error, nothing escapes",
            {"core.recv.disconnect"}, Profile::kSemantic, {"input", "error", "close", "undocumented"}},
           kLines + "> c read \"one\\r\\ntw\"\n> c read error ECONNRESET\n> c read \"o\\r\\n\"\n");
  list.Add({"error.escape.recv.other.EIO",
            "recv fails with EIO in the middle of a message: handle_error once, closed, nothing escapes",
            {"core.recv.other-error", "core.handle-error.called", "core.handle-error.default-closes"}, Profile::kSemantic,
            {"input", "error", "close"}},
           kLines + "> c read \"one\\r\\ntw\"\n> c read error EIO\n> c read \"o\\r\\n\"\n");
  list.Add({"error.escape.recv.wouldblock.held_prefix",
            "recv would block between the halves of a terminator: no handle_error, nothing escapes, nothing lost",
            {"chat.recv.would-block"}, Profile::kSemantic, {"input", "error", "undocumented", "medusa"}},
           kLines + "> c read \"one\\r\"\n> c read wouldblock\n> c read \"\\ntwo\\r\\n\"\n");

  // Handlers: found_terminator raising (a refused set_terminator inside it).
  list.Add({"error.escape.handler.found_terminator",
            "found_terminator raises in its second call: handle_error once, closed, the rest of the read not "
            "framed, nothing escapes",
            {"chat.error.found-terminator", "core.handle-error.called"}, Profile::kSemantic,
            {"input", "error", "reaction", "close", "undocumented", "medusa"}},
           kLines + "> c on found_terminator 2 set_terminator int:-1\n> c read \"a\\r\\nb\\r\\nc\\r\\n\"\n"
                    "> c read \"d\\r\\n\"\n");
  list.Add({"error.escape.handler.other_channel",
            "found_terminator of channel c raises: handle_error for c only; channel d keeps framing and sending",
            {"core.handle-error.channel-only", "chat.error.found-terminator"}, Profile::kSemantic,
            {"input", "output", "error", "reaction", "close", "undocumented", "medusa"}},
           "channel c in_buffer=64\nchannel d in_buffer=64\n> c set_terminator str:\"\\n\"\n"
           "> d set_terminator str:\"\\n\"\n> c on found_terminator 1 set_terminator int:-1\n"
           "> d on found_terminator 1 push \"D1\\n\"\n> c read \"c1\\nc2\\n\"\n> d read \"d1\\nd2\\n\"\n" +
               Repeat("> d write", 2));

  // Application calls: a refusal reaches the caller, not handle_error, and
  // the channel goes on.
  list.Add({"error.escape.call.set_terminator_negative",
            "set_terminator(-1) raises to the application (no handle_error); the channel stays open and keeps "
            "its terminator",
            {"chat.terminator.integer.negative"}, Profile::kSemantic, {"input", "error", "undocumented", "medusa"}},
           kLines + "> c set_terminator int:-1\n> c read \"one\\r\\n\"\n");
  list.Add({"error.escape.call.push_text",
            "push of a text string raises TypeError to the application (no handle_error); bytes pushed after "
            "it still go out",
            {"chat.push.bytes-like"}, Profile::kSemantic, {"output", "error", "undocumented", "medusa"}},
           "channel c\n> c push_typed str \"abc\"\n> c push \"def\"\n" + Repeat("> c write", 2));
}

}  // namespace conformance::cases
