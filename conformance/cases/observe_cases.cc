// observe.*: what a version-2 transcript shows of an async_chat beyond
// version 1 (traces/FORMAT.md "Version 2"): the size each read event asks of
// recv() and what it got (observe.recv.*), and every entry into
// handle_close(), with the occasions that enter it and the one that does not,
// the application's own close() (observe.handle_close.*). Every case is
// format version 2; a version-1 adapter reports them unsupported. Tagged
// "medusa": medusa's asynchat_25 closes at the close_when_done marker and in
// its default handle_error without entering handle_close.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

constexpr int kVersion2 = 2;

void AddRecvSizes(CaseList& list) {
  // chat.recv.size with each terminator kind, on declared sizes (every
  // implementation must ask for them) and on the default (4096 by the
  // documents; CPython 3.11 asks for 65536, hence cpython-divergence).
  struct Kind {
    std::string name, terminator, reads;
  };
  const std::vector<Kind> kinds = {
      {"string", "str:\"\\n\"", "> c read \"ab\\ncd\"\n> c read \"ef\\n\"\n"},
      {"integer", "int:5", "> c read \"abc\"\n> c read \"defg\"\n"},
      {"none", "none", "> c read \"abc\"\n> c read \"d\"\n"},
  };
  for (const Kind& k : kinds) {
    list.Add({"observe.recv." + k.name + ".declared",
              "each read on a channel declared in_buffer=64 asks recv() for 64 bytes (" + k.name + " terminator)",
              {"chat.recv.size", "chat.buffer.per-instance"}, Profile::kStrict, {"input"}, kVersion2},
             "channel c in_buffer=64\n> c set_terminator " + k.terminator + "\n" + k.reads);
    list.Add({"observe.recv." + k.name + ".default",
              "each read on a default channel asks recv() for the documented 4096 bytes (" + k.name + " terminator)",
              {"chat.recv.size", "chat.buffer.defaults"}, Profile::kStrict,
              {"input", "defaults", "cpython-divergence"}, kVersion2},
             "channel c\n> c set_terminator " + k.terminator + "\n" + k.reads);
  }
  list.Add({"observe.recv.string.held_back",
            "a held-back partial terminator does not shrink the next recv(): it still asks for in_buffer",
            {"chat.recv.size", "chat.terminator.string.prefix-held"}, Profile::kStrict, {"input"}, kVersion2},
           "channel c in_buffer=4\n> c set_terminator " + Str("\r\n") + "\n> c read \"ab\\r\"\n> c read \"\\ncd\"\n");
  list.Add({"observe.recv.integer.remaining_smaller",
            "an integer terminator expecting 2 more bytes does not shrink recv(): it asks for in_buffer",
            {"chat.recv.size", "chat.terminator.integer.count"}, Profile::kStrict, {"input"}, kVersion2},
           "channel c in_buffer=16\n> c set_terminator int:5\n> c read \"abc\"\n> c read \"de\"\n");
  list.Add({"observe.recv.in_buffer_1", "in_buffer=1: one recv(1) per read event, one byte each",
            {"chat.recv.size", "chat.buffer.in-size"}, Profile::kStrict, {"input"}, kVersion2},
           "channel c in_buffer=1\n> c set_terminator int:3\n" + ReadsEvery("c", "xyz", 1));
  list.Add({"observe.recv.wouldblock", "a read that would block is one recv() failing with EAGAIN, and nothing else",
            {"chat.recv.size", "chat.recv.would-block"}, Profile::kStrict, {"input", "error"}, kVersion2},
           "channel c in_buffer=32\n> c set_terminator " + Str("\n") + "\n> c read \"ab\"\n> c read wouldblock\n"
           "> c read \"c\\n\"\n");
  list.Add({"observe.recv.other_error", "a failing recv() is recorded before the handle_error it causes",
            {"chat.recv.size", "core.recv.other-error", "core.handle-error.default-closes"}, Profile::kStrict,
            {"input", "error"}, kVersion2},
           "channel c in_buffer=32\n> c set_terminator " + Str("\n") + "\n> c read error EIO\n");
  list.Add({"observe.recv.connecting", "the first read of a connecting channel: connect, then the recv()",
            {"chat.recv.size", "core.event.connect"}, Profile::kStrict, {"input", "connect"}, kVersion2},
           "channel c in_buffer=8 connected=0\n> c set_terminator " + Str("\n") + "\n> c read \"hi\\n\"\n");
  list.Add({"observe.recv.after_close", "a read event after the channel closed makes no recv() call",
            {"chat.recv.size", "core.close.events-dropped"}, Profile::kStrict, {"input", "close"}, kVersion2},
           "channel c in_buffer=8\n> c set_terminator " + Str("\n") + "\n> c close\n> c read \"late\\n\"\n");
}

void AddHandleCloseOccasions(CaseList& list) {
  // core.handle-close.occasions, one case per occasion.
  list.Add({"observe.handle_close.eof", "end of file: recv() returns 0 bytes, then handle_close, then the close",
            {"core.handle-close.occasions", "core.recv.eof", "chat.recv.size"}, Profile::kStrict, {"input", "close"},
            kVersion2},
           "channel c in_buffer=16\n> c set_terminator " + Str("\n") + "\n> c read \"partial\"\n> c read eof\n");
  for (const char* err : {"ECONNRESET", "ENOTCONN", "ESHUTDOWN", "ECONNABORTED", "EPIPE", "EBADF"}) {
    const std::string e = err;
    list.Add({"observe.handle_close.recv_disconnect." + e,
              "recv() failing with " + e + " enters handle_close, not handle_error",
              {"core.handle-close.occasions", "core.recv.disconnect", "chat.recv.size"}, Profile::kStrict,
              {"input", "close", "error"}, kVersion2},
             "channel c in_buffer=16\n> c set_terminator " + Str("\n") + "\n> c read error " + e + "\n");
  }
  for (const char* err : {"EPIPE", "ECONNRESET"}) {
    const std::string e = err;
    list.Add({"observe.handle_close.send_disconnect." + e,
              "send() failing with " + e + " enters handle_close, not handle_error",
              {"core.handle-close.occasions", "core.send.disconnect"}, Profile::kStrict, {"output", "close", "send"},
              kVersion2},
             "channel c\n> c send_error " + e + "\n> c push \"hello\"\n");
  }
  list.Add({"observe.handle_close.close_when_done", "the close_when_done marker reached in a write event enters "
            "handle_close",
            {"core.handle-close.occasions", "chat.close-when-done.order"}, Profile::kStrict, {"close", "output", "medusa"},
            kVersion2},
           "channel c\n> c send_budget 0\n> c push \"bye\"\n> c close_when_done\n> c write\n> c write\n");
  list.Add({"observe.handle_close.close_when_done.empty", "close_when_done on an empty queue: the next write event "
            "enters handle_close",
            {"core.handle-close.occasions", "chat.close-when-done.deferred"}, Profile::kStrict, {"close", "medusa"},
            kVersion2},
           "channel c\n> c close_when_done\n> c write\n");
  list.Add({"observe.handle_close.close_when_done.reaction",
            "a reply and close_when_done inside found_terminator: the reply is sent at once, the marker's "
            "handle_close comes with the next write",
            {"core.handle-close.occasions", "chat.close-when-done.order", "chat.recv.size"}, Profile::kStrict,
            {"close", "reaction", "output", "medusa"}, kVersion2},
           "channel c in_buffer=16\n> c set_terminator " + Str("\n") + "\n" +
               "> c on found_terminator 1 push \"bye\"\n> c on found_terminator 1 close_when_done\n"
               "> c read \"quit\\n\"\n> c write\n");
  list.Add({"observe.handle_close.handle_error.recv",
            "the default handle_error enters handle_close (an OSError from recv)",
            {"core.handle-close.occasions", "core.handle-error.default-closes", "core.recv.other-error"},
            Profile::kStrict, {"input", "error", "close", "medusa"}, kVersion2},
           "channel c in_buffer=16\n> c set_terminator " + Str("\n") + "\n> c read error EIO\n");
  list.Add({"observe.handle_close.handle_error.send",
            "the default handle_error enters handle_close (an OSError from send)",
            {"core.handle-close.occasions", "core.handle-error.default-closes", "core.send.other-error"},
            Profile::kStrict, {"output", "error", "close", "send", "medusa"}, kVersion2},
           "channel c\n> c send_error EIO\n> c push \"hello\"\n");
  list.Add({"observe.handle_close.handle_error.reaction",
            "the default handle_error enters handle_close (an exception inside found_terminator)",
            {"core.handle-close.occasions", "core.handle-error.default-closes", "chat.terminator.kinds"},
            Profile::kStrict, {"input", "error", "close", "reaction"}, kVersion2},
           "channel c in_buffer=16\n> c set_terminator " + Str("\n") + "\n" +
               "> c on found_terminator 1 set_terminator int:-1\n> c read \"a\\nb\"\n");
  list.Add({"observe.handle_close.explicit_close", "the application's own close() closes without handle_close",
            {"core.handle-close.occasions", "core.close.socket"}, Profile::kStrict, {"close"}, kVersion2},
           "channel c\n> c push \"hi\"\n> c close\n> c write\n");
  list.Add({"observe.handle_close.explicit_close.reaction",
            "close() inside found_terminator closes without handle_close; the rest of the read is still framed",
            {"core.handle-close.occasions", "core.close.socket"}, Profile::kStrict, {"close", "reaction"}, kVersion2},
           "channel c in_buffer=16\n> c set_terminator " + Str("\n") + "\n" +
               "> c on found_terminator 1 close\n> c read \"a\\nb\\n\"\n> c read eof\n");
  list.Add({"observe.handle_close.explicit_close.then_close_when_done",
            "close() with close_when_done queued: no handle_close then, and none later (no events reach it)",
            {"core.handle-close.occasions", "core.close.events-dropped"}, Profile::kStrict, {"close"}, kVersion2},
           "channel c\n> c close_when_done\n> c close\n> c write\n");
}

// Version-2 re-recordings of situations CPython's own test_asynchat.py
// checks (the version-1 cases of the same situations stay as they are).
void AddCpythonTestSituations(CaseList& list) {
  list.Add({"observe.cpython_test.close_when_done",
            "test_close_when_done: a reply, then close_when_done; the whole exchange with its recv and "
            "handle_close records",
            {"chat.recv.size", "core.handle-close.occasions", "chat.close-when-done.order"}, Profile::kStrict,
            {"close", "output", "cpython-test", "medusa"}, kVersion2},
           "channel c in_buffer=64\n> c set_terminator " + Str("\n") + "\n" +
               "> c on found_terminator 1 push \"hello world\\n\"\n> c on found_terminator 1 close_when_done\n"
               "> c read \"hello world\\n\"\n> c write\n> c read \"late\\n\"\n");
  list.Add({"observe.cpython_test.numeric_terminator",
            "test_numeric_terminator: an integer terminator over two reads, then the peer closes",
            {"chat.recv.size", "chat.terminator.integer.count", "core.handle-close.occasions"}, Profile::kStrict,
            {"input", "cpython-test"}, kVersion2},
           "channel c in_buffer=8\n> c set_terminator int:6\n> c read \"hello \"\n> c read \"world\\n\"\n"
           "> c read eof\n");
  list.Add({"observe.cpython_test.none_terminator",
            "test_none_terminator: everything is collected, no found_terminator; end of file closes",
            {"chat.recv.size", "chat.terminator.none.collect-forever", "core.handle-close.occasions"},
            Profile::kStrict, {"input", "cpython-test"}, kVersion2},
           "channel c in_buffer=8\n> c set_terminator none\n> c read \"hello w\"\n> c read \"orld\"\n> c read eof\n");
}

}  // namespace

void AddObserveCases(CaseList& list) {
  AddRecvSizes(list);
  AddHandleCloseOccasions(list);
  AddCpythonTestSituations(list);
}

}  // namespace conformance::cases
