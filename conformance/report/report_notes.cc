#include "conformance/report/report_notes.h"

#include <fnmatch.h>

#include <algorithm>

namespace conformance {

namespace {

// What each kind of divergence is, once; the notes below add what a case
// shows of it. medusa: supervisor/medusa/asynchat_25.py with asyncore_25.py,
// a CPython 2.5-era design ported to Python 3. CPython:
// /usr/lib/python3.11/asynchat.py and asyncore.py.
const std::string kCpythonBuffers =
    "CPython 3.11's class async_chat sets ac_in_buffer_size = ac_out_buffer_size = 65536, so on a channel created "
    "without explicit sizes a push or more() result of up to 65536 bytes is offered to send() whole instead of in "
    "pieces of 4096.";
const std::string kPieces =
    "medusa's push wraps the data in simple_producer(data), whose more() returns at most 512 bytes, and "
    "initiate_send refills its output buffer with one more() result at a time, so a push longer than 512 bytes "
    "takes several send() calls even when ac_out_buffer_size is larger and the socket would take it all.";
const std::string kCoalesce =
    "medusa's initiate_send keeps one output buffer and appends the next queue item to it whenever it holds less "
    "than ac_out_buffer_size, so the bytes of several pushes (or the unsent tail of one and the next) are offered "
    "in one send(); CPython 3 offers one queue item per send() call, the tail of a partly sent item alone.";
const std::string kEarlyMore =
    "medusa's initiate_send refills its output buffer from the next producer before the data ahead of it has been "
    "sent, and without waiting for the connection, so more() is called earlier (and interleaves differently with "
    "send()) than in CPython 3, which asks a producer only when it is first in the queue and the channel is "
    "connected.";
const std::string kWouldBlock =
    "medusa's handle_read catches socket.error (OSError, which includes BlockingIOError) around recv() and calls "
    "handle_error, which closes the channel; CPython 3's handle_read returns quietly on BlockingIOError.";
const std::string kNegative =
    "medusa's set_terminator stores any value; CPython 3 raises ValueError for a negative integer (test_asynchat "
    "checks it). With a negative count medusa's handle_read takes the numeric branch and calls found_terminator at "
    "once.";
const std::string kClosedSends =
    "medusa's asyncore_25 close() does not reset `connected`, so a push after close (or an event that still "
    "reaches the channel) calls send() on the closed socket, which fails with EBADF; CPython 3's close() marks the "
    "channel disconnected and initiate_send sends nothing.";

}  // namespace

const std::vector<DivergenceNote>& DivergenceNotes() {
  // An empty `contradicts` means the document the case cites. Specific globs
  // come before general ones: the first id match wins.
  static const std::vector<DivergenceNote> notes = {
      // CPython 3.11.
      {"id:defaults.out_buffer.*", "cpython", "default buffer sizes are 65536", kCpythonBuffers,
       "003 async_chat.ac_out_buffer_size (\"default 4096\")"},
      {"tag:cpython-divergence", "cpython", "CPython's code departs from the documents",
       "CPython 3.11's asynchat.py does something else than its documents say here; see \"Where CPython's code "
       "departs from its own documents\".",
       ""},

      // medusa, output side.
      {"id:output.push.large.*", "medusa", "push goes out in 512-byte pieces", kPieces, ""},
      {"id:defaults.out_buffer.push.*", "medusa", "push goes out in 512-byte pieces",
       kPieces + " (medusa's default ac_out_buffer_size is the documented 4096; the pieces are what differ.)", ""},
      {"id:defaults.out_buffer.producer.*", "medusa", "producers are asked early", kEarlyMore, ""},
      {"id:connect.queue.producer_waits", "medusa", "producers are asked early", kEarlyMore, ""},
      {"id:producer.*", "medusa", "producers are asked early", kEarlyMore, ""},
      {"id:documented.echo.wouldblock_every_step", "medusa", "would-block in handle_read reaches handle_error",
       kWouldBlock + " Here the echo handler's first would-block closes it before the command arrives.", ""},
      {"id:documented.echo.*", "medusa", "producers are asked early",
       kEarlyMore + " Here the echo client's producer is asked for its first chunk before the command line queued "
                    "ahead of it is sent, so the documented sequence of more() and send() calls is not reproduced.",
       ""},
      {"id:trace.echo.*", "medusa", "producers are asked early",
       kEarlyMore + " Here the echo client's producer is asked for its first chunk before the command line queued "
                    "ahead of it is sent.",
       ""},
      {"id:connect.queue.close_when_done_first", "medusa", "close_when_done closes directly",
       "medusa's refill_buffer reaches the close sentinel while refilling (here at push time, before the channel "
       "is connected) and calls close() itself, not handle_close; CPython 3 waits for the connection and its turn "
       "in the queue, then calls handle_close. (That handle_close is bypassed is not visible through protocol v1, "
       "whose `close` output is the socket's close; the early close is.)",
       ""},
      {"id:output.out_buffer.pieces_stay_apart", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:output.push.fifo_order", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:output.push.empty_queued", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:close.when_done.after_several", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:connect.queue.pushes_wait", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:reaction.push.queued_behind_pending", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:send.cap.*", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:send.partial.*", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:output.push.empty", "medusa", "an empty push sends nothing",
       "medusa's push of b\"\" queues a simple_producer whose first more() returns b\"\", so no send() is made; "
       "CPython 3 makes one send() of 0 bytes.",
       ""},
      {"id:output.push_typed.*", "medusa", "bytearray / memoryview / str pushes",
       "medusa's push converts its argument with supervisor.compat.as_bytes, which returns bytes unchanged and "
       "calls .encode() on anything else: a bytearray or memoryview push raises AttributeError at the call, and a "
       "str push is encoded as UTF-8 and sent instead of being refused with TypeError.",
       "CPython 3.11 (documents silent; test_asynchat's test_push): bytes-like objects are sent, str raises "
       "TypeError"},
      {"id:close.*", "medusa", "a closed channel still sends", kClosedSends, ""},

      // medusa, input side and errors.
      {"id:integer.negative.*", "medusa", "a negative terminator is accepted", kNegative, ""},
      {"id:error.found_terminator.raises", "medusa", "a negative terminator is accepted",
       kNegative + " The exception this case expects from found_terminator is that refusal, so under medusa there "
                   "is no error and the framing goes on.",
       ""},
      {"id:error.recv.wouldblock.*", "medusa", "would-block in handle_read reaches handle_error", kWouldBlock, ""},
      {"id:connect.first_event.wouldblock", "medusa", "would-block in handle_read reaches handle_error", kWouldBlock,
       ""},
      {"id:*spurious_readable", "medusa", "would-block in handle_read reaches handle_error",
       kWouldBlock + " Here the readable event that finds nothing to read closes the HTTP handler.", ""},
      {"id:error.recv.disconnect.*", "medusa", "disconnect errors reach handle_error",
       "medusa's asyncore_25 recv() treats only ECONNRESET, ENOTCONN and ESHUTDOWN as the peer closing; CPython 3's "
       "asyncore also treats ECONNABORTED, EPIPE and EBADF so (handle_close, no handle_error).",
       ""},
      {"id:send.error.disconnect.*", "medusa", "disconnect errors reach handle_error",
       "medusa's asyncore_25 send() handles only EWOULDBLOCK; any other error, ECONNRESET and EPIPE included, "
       "reaches handle_error, where CPython 3's asyncore closes the channel through handle_close.",
       ""},
      // medusa, the asyncore applications of 004 (app= traces).
      {"id:trace.asyncore.echo_8192_split", "medusa", "dispatcher_with_send sends 512 bytes at a time",
       "medusa's asyncore_25 dispatcher_with_send offers out_buffer[:512] to each send(), as Python 2's asyncore "
       "did; CPython 3's initiate_send offers up to 65536 bytes, so an 8192-byte echo goes out in one send().",
       "CPython 3.11 asyncore.dispatcher_with_send (004 gives no number)"},
      {"id:trace.asyncore.echo_send_errors", "medusa", "disconnect errors reach handle_error",
       "medusa's asyncore_25 send() handles only EWOULDBLOCK; the EPIPE of the echo handler's send reaches "
       "handle_error, where CPython 3's dispatcher.send calls handle_close.",
       ""},
      // medusa, the fault.* cases (and integer.absurd.*): the same differences
      // met at every point of an exchange.
      {"id:fault.short_write.*", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:fault.wouldblock.send.*", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:fault.other.send.*", "medusa", "queued items coalesce into one send", kCoalesce, ""},
      {"id:fault.disconnect.send.*", "medusa", "queued items coalesce into one send",
       kCoalesce + " The first mismatch is that joining; the send's disconnect errno then reaches handle_error too "
                   "(see send.error.disconnect.*).",
       ""},
      {"id:fault.wouldblock.recv.*", "medusa", "would-block in handle_read reaches handle_error", kWouldBlock, ""},
      {"id:fault.wouldblock.both.*", "medusa", "would-block in handle_read reaches handle_error", kWouldBlock, ""},
      {"id:fault.disconnect.recv.*", "medusa", "disconnect errors reach handle_error",
       "medusa's asyncore_25 recv() treats only ECONNRESET, ENOTCONN and ESHUTDOWN as the peer closing; CPython 3's "
       "asyncore also treats ECONNABORTED, EPIPE and EBADF so (handle_close, no handle_error).",
       ""},
      {"id:fault.exception.found_terminator.*", "medusa", "a negative terminator is accepted",
       kNegative + " The exception this case raises from found_terminator is that refusal, so under medusa there "
                   "is no error and the framing goes on.",
       ""},
      {"id:integer.absurd.min_int64", "medusa", "a negative terminator is accepted", kNegative, ""},
      {"tag:medusa", "medusa", "a known medusa difference",
       "This case is tagged as catching a known difference of medusa's asynchat_25 from CPython 3.", ""},
  };
  return notes;
}

std::vector<const DivergenceNote*> NotesFor(const Case& c, const std::string& impl) {
  // The first note matching by id wins (the table lists specific globs before
  // general ones); without one, every note matching a tag of the case.
  std::vector<const DivergenceNote*> by_tag;
  for (const DivergenceNote& n : DivergenceNotes()) {
    if (n.impl != "*" && n.impl != impl) continue;
    if (n.match.rfind("id:", 0) == 0) {
      if (fnmatch(n.match.c_str() + 3, c.id.c_str(), 0) == 0) return {&n};
    } else if (n.match.rfind("tag:", 0) == 0) {
      if (std::find(c.tags.begin(), c.tags.end(), n.match.substr(4)) != c.tags.end()) by_tag.push_back(&n);
    }
  }
  return by_tag;
}

const std::vector<CodeDeparture>& CpythonCodeDepartures() {
  static const std::vector<CodeDeparture> departures = {
      {"Default buffer sizes: 4096 in the documents, 65536 in the code",
       "003 async_chat.ac_in_buffer_size and ac_out_buffer_size: \"(default 4096)\".",
       "`ac_in_buffer_size = 65536` and `ac_out_buffer_size = 65536` in class async_chat.",
       "A channel without explicit sizes reads up to 65536 bytes per recv() and sends a push of up to 65536 bytes "
       "in one piece. The model and the reference follow the documents; cases that set both sizes explicitly are "
       "unaffected.",
       "defaults.*"},
      {"The use_encoding branch",
       "003 describes async_chat in bytes: terminators, received data and pushed data are bytes, and there is no "
       "use_encoding attribute.",
       "An undocumented class attribute `use_encoding = 0` with `encoding = 'latin-1'`: set_terminator encodes a "
       "str terminator when it is set, and handle_read has `if isinstance(data, str) and self.use_encoding: data = "
       "bytes(str, self.encoding)`, which passes the type `str` instead of `data` and would raise TypeError. push "
       "refuses str whatever use_encoding says, and initiate_send's own encoding branch can never see a str.",
       "None through the documented API: recv() returns bytes, so the broken handle_read branch is dead code, and "
       "with use_encoding left at 0 a str terminator is stored as str and never matches bytes input. The driver "
       "protocol has no input that sets use_encoding, so no case exercises it; it is listed here so a port does "
       "not copy it.",
       ""},
      {"An integer terminator of 0 never fires found_terminator",
       "003 async_chat.set_terminator: an integer terminator \"will call found_terminator() when the indicated "
       "number of characters have been received\"; 0 characters have been received at once.",
       "handle_read tests `if not terminator:` (true for 0) before `isinstance(terminator, int)`, so 0 is handled "
       "as None: the data is collected and found_terminator is not called. The same test makes the terminator "
       "that a count leaves behind (0, after it fired) collect everything that follows.",
       "set_terminator(0) and an integer count that reaches 0 switch framing off instead of firing "
       "found_terminator; the model follows CPython here where the documents are silent, and the cases tagged "
       "cpython-divergence say where they are not.",
       "integer.zero*"},
  };
  return departures;
}

}  // namespace conformance
