#include "conformance/model/channel_model.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <utility>

#include "traces/errno_names.h"
#include "traces/observables.h"

// Each rule cites the spec/SPEC.md clause it implements (e.g.
// chat.push.split). "CPython" = CPython 3.11's /usr/lib/python3.11/asynchat.py
// and asyncore.py, followed only where the documents are silent: the clauses
// whose basis is cpython-decided.

namespace conformance {
namespace {

using traces::Arg;
using traces::Record;

Arg Word(std::string s) { return Arg{Arg::Kind::kWord, std::move(s)}; }
Arg Bytes(std::string s) { return Arg{Arg::Kind::kBytes, std::move(s)}; }

// CPython socket: these errnos make OSError's BlockingIOError subclass.
// (EINPROGRESS/EALREADY would too, but traces cannot name them.)
bool IsWouldBlock(int err) { return err == EAGAIN || err == EWOULDBLOCK; }

// CPython asyncore._DISCONNECTED: recv/send failing with one of these is a
// disconnect (handle_close), not an error.
bool IsDisconnect(int err) {
  return err == ECONNRESET || err == ENOTCONN || err == ESHUTDOWN || err == ECONNABORTED || err == EPIPE ||
         err == EBADF;
}

// PROTOCOL.md "Outputs": an OSError is written OSError:<ENAME>, except
// BlockingIOError, which keeps its class name.
std::string OSErrorKind(int err) {
  if (IsWouldBlock(err)) return "BlockingIOError";
  return "OSError:" + traces::ErrnoName(err);
}

}  // namespace

ChannelModel::ChannelModel(const traces::ChannelConfig& config, std::size_t default_buffer_size, std::string file,
                           std::vector<Record>* out)
    : id_(config.id),
      file_(std::move(file)),
      out_(out),
      // chat.buffer.defaults, chat.buffer.per-instance: default 4096, settable.
      in_buffer_size_(config.in_buffer.value_or(default_buffer_size)),
      out_buffer_size_(config.out_buffer.value_or(default_buffer_size)),
      send_cap_(config.send_cap),
      connected_(config.connected),
      connecting_(!config.connected),
      report_log_(!config.log.empty()) {
  // core.log-info.ignore-types: CPython's default ignore_log_types is
  // {'warning'}; a `log=all` application sets it empty.
  if (config.log != "all") ignore_log_types_.insert("warning");
  if (in_buffer_size_ == 0 || out_buffer_size_ == 0) {
    // The parser refuses 0 too: CPython would loop on empty sends or fail in
    // push's range(); no document gives 0 a meaning.
    throw traces::TraceError(file_ + ":" + std::to_string(config.line) + ": channel " + id_ +
                             ": buffer sizes must be at least 1");
  }
}

// ---------------------------------------------------------------------------
// Loop events

void ChannelModel::ReadEvent(const RecvResult& recv) {
  // CPython asyncore.read(obj): handle_read_event(), any exception -> handle_error().
  try {
    // core.event.connect: handle_connect() on the first read or write
    // event of a connecting socket (CPython handle_read_event).
    if (!connected_ && connecting_) HandleConnectEvent();
    HandleRead(recv);
  } catch (const PythonException& e) {
    HandleError(e.kind);
  }
}

void ChannelModel::WriteEvent() {
  // CPython asyncore.write(obj): handle_write_event(), any exception -> handle_error().
  try {
    if (!connected_ && connecting_) HandleConnectEvent();  // core.event.connect, as above
    // CPython async_chat.handle_write: initiate_send().
    InitiateSend();
  } catch (const PythonException& e) {
    HandleError(e.kind);
  }
}

void ChannelModel::Poll() {
  // chat.class.readable-writable: always readable; writable while the
  // queue is not empty or the channel is not connected (CPython:
  // `self.producer_fifo or (not self.connected)`), which includes a channel
  // still connecting and one whose handle_close kept it open after close().
  const bool writable = !producer_fifo_.empty() || !connected_;
  Emit("poll", {Word("readable=1"), Word(writable ? "writable=1" : "writable=0")});
}

// ---------------------------------------------------------------------------
// Application calls

void ChannelModel::Perform(const std::string& verb, const std::vector<Arg>& args, const Record& at) {
  auto bytes_arg = [&](std::size_t i) -> const std::string& {
    if (i >= args.size() || args[i].kind != Arg::Kind::kBytes) Fail(at, verb + ": missing \"bytes\" argument");
    return args[i].text;
  };
  auto word_arg = [&](std::size_t i) -> const std::string& {
    if (i >= args.size() || args[i].kind != Arg::Kind::kWord) Fail(at, verb + ": missing argument");
    return args[i].text;
  };
  if (verb == "set_terminator") {
    SetTerminator(args, at);
  } else if (verb == "push") {
    Push(bytes_arg(0));
  } else if (verb == "push_typed") {
    const std::string& type = word_arg(0);
    const std::string& data = bytes_arg(1);
    if (type == "str") {
      // chat.push.bytes-like: the documents speak of bytes; CPython push refuses
      // anything but bytes, bytearray and memoryview with TypeError, before
      // queueing anything.
      throw PythonException{"TypeError"};
    }
    if (type == "int" || type == "none") {
      // chat.push.non-bytes-refused: an integer or None is not bytes either;
      // CPython's isinstance check refuses it with TypeError before anything
      // is queued (push(10) must not become ten NUL bytes).
      throw PythonException{"TypeError"};
    }
    if (type != "bytes" && type != "bytearray" && type != "memoryview") Fail(at, "unknown push_typed type " + type);
    // CPython: bytearray and memoryview are sliced and sent exactly as bytes.
    Push(data);
  } else if (verb == "push_with_producer") {
    if (!args.empty() && args[0].kind == Arg::Kind::kBytes) PushBytesAsProducer(args[0].text);
    else PushWithProducer(word_arg(0), at);
  } else if (verb == "close_when_done") {
    // chat.close-when-done.deferred: "Pushes a None on to the producer queue. When this
    // producer is popped off the queue it causes the channel to be closed."
    // CPython: only queued; nothing is sent until the next initiate_send.
    producer_fifo_.push_back(CloseSentinel{});
  } else if (verb == "discard_buffers") {
    // chat.discard-buffers.drops, chat.discard-buffers.rest-of-read: "discard any data held in the input and/or output
    // buffers and the producer queue". Inside found_terminator this also
    // ends the current read's framing: CPython's loop runs while its input
    // buffer is non-empty.
    ac_in_buffer_.clear();
    producer_fifo_.clear();
  } else if (verb == "close") {
    Close();
  } else {
    Fail(at, "unknown action " + verb);
  }
}

// ---------------------------------------------------------------------------
// Input side

void ChannelModel::SetTerminator(const std::vector<Arg>& args, const Record& at) {
  if (args.empty() || args[0].kind != Arg::Kind::kWord) Fail(at, "set_terminator needs none, int:N or str:\"...\"");
  const std::string& what = args[0].text;
  // chat.terminator.kinds: term is a string, an integer or None.
  Terminator t;
  if (what == "none") {
    t.kind = Terminator::Kind::kNone;
  } else if (what == "str:") {
    if (args.size() < 2 || args[1].kind != Arg::Kind::kBytes) Fail(at, "str: must be followed by \"...\"");
    t.kind = Terminator::Kind::kString;
    t.text = args[1].text;
  } else if (what.rfind("int:", 0) == 0) {
    long long n = 0;
    const char* first = what.data() + 4;
    const char* last = what.data() + what.size();
    auto [p, ec] = std::from_chars(first, last, n);
    if (ec != std::errc() || p != last || first == last) Fail(at, "bad terminator " + what);
    // CPython set_terminator: a negative count raises ValueError and the
    // terminator stays what it was.
    if (n < 0) throw PythonException{"ValueError"};
    t.kind = Terminator::Kind::kCount;
    t.count = n;
  } else {
    Fail(at, "bad terminator " + what);
  }
  terminator_ = std::move(t);
}

void ChannelModel::HandleRead(const RecvResult& recv) {
  // CPython async_chat.handle_read: data = self.recv(ac_in_buffer_size),
  // through CPython dispatcher.recv.
  // core.close.socket: a socket closed inside handle_connect (the event
  // goes on: CPython marks the channel connected after handle_connect
  // returns) fails recv() with EBADF, a disconnect.
  const RecvResult closed{RecvResult::Kind::kError, "", EBADF};
  const RecvResult& result = socket_closed_ ? closed : recv;
  ReportRecv(result);
  std::string data;
  switch (result.kind) {
    case RecvResult::Kind::kWouldBlock:
      // CPython handle_read: BlockingIOError -> return, nothing else happens.
      return;
    case RecvResult::Kind::kError:
      if (IsWouldBlock(result.error)) return;  // the same BlockingIOError
      if (IsDisconnect(result.error)) {
        // CPython dispatcher.recv: a disconnect errno -> handle_close(), then
        // b"" is returned and handle_read carries on with it.
        HandleClose();
        break;
      }
      // CPython handle_read: any other OSError -> handle_error(), return.
      HandleError(OSErrorKind(result.error));
      return;
    case RecvResult::Kind::kEof:
      // core.recv.eof: a zero-length result means the remote end disconnected;
      // core.handle-close.default: handle_close() on a read event with nothing to read.
      // CPython dispatcher.recv calls handle_close() and returns b"".
      HandleClose();
      break;
    case RecvResult::Kind::kData:
      // core.recv.eof: zero bytes is the disconnect signal, whatever the script
      // calls it.
      if (result.data.empty()) HandleClose();
      data = result.data;
      break;
  }
  // CPython: the new bytes are appended to what an earlier read held back,
  // and framing goes on even if the socket was just closed.
  ac_in_buffer_ += data;
  FrameBuffer();
}

void ChannelModel::ReportRecv(const RecvResult& recv) {
  // chat.recv.size: each read asks the socket for ac_in_buffer_size bytes.
  // FORMAT.md "Version 2": the call is recorded before what its result
  // causes; would-block is the errno EAGAIN.
  const Arg size = Word(std::to_string(in_buffer_size_));
  switch (recv.kind) {
    case RecvResult::Kind::kData:
      Emit("recv", {size, Word(std::to_string(recv.data.size()))});
      return;
    case RecvResult::Kind::kEof:
      Emit("recv", {size, Word("0")});
      return;
    case RecvResult::Kind::kWouldBlock:
      Emit("recv", {size, Word("error"), Word(traces::ErrnoName(EAGAIN))});
      return;
    case RecvResult::Kind::kError:
      Emit("recv", {size, Word("error"), Word(traces::ErrnoName(recv.error))});
      return;
  }
}

namespace {

// The length of the longest proper prefix of `terminator` that `buffer` ends
// with, 0 if none (CPython find_prefix_at_end).
std::size_t TerminatorPrefixAtEnd(const std::string& buffer, const std::string& terminator) {
  if (terminator.empty()) return 0;
  for (std::size_t len = terminator.size() - 1; len > 0; --len) {
    if (buffer.size() >= len && buffer.compare(buffer.size() - len, len, terminator, 0, len) == 0) return len;
  }
  return 0;
}

}  // namespace

void ChannelModel::FrameBuffer() {
  // CPython handle_read's loop: consume ac_in_buffer_ under the terminator in
  // force at each step, so a terminator changed inside found_terminator()
  // applies to the rest of the same buffer (chat.reaction.change-applies-to-rest;
  // CPython: "This does the Right
  // Thing if the terminator is changed here"), and data after a terminator
  // is processed after found_terminator() returns (chat.terminator.rest-after-found).
  while (!ac_in_buffer_.empty()) {
    // CPython async_chat has no default terminator: reading data before
    // set_terminator() fails with AttributeError (chat.terminator.unset, cpython-decided).
    if (!terminator_) throw PythonException{"AttributeError"};
    const Terminator t = *terminator_;  // a copy: found_terminator() may replace it
    const bool falsy = t.kind == Terminator::Kind::kNone || (t.kind == Terminator::Kind::kCount && t.count == 0) ||
                       (t.kind == Terminator::Kind::kString && t.text.empty());
    if (falsy) {
      // chat.terminator.none.collect-forever: "The channel continues to collect data
      // forever". CPython treats the integer 0 and the empty string the same
      // way (`if not terminator`): everything is collected, found_terminator()
      // never runs.
      std::string all = std::move(ac_in_buffer_);
      ac_in_buffer_.clear();
      CollectIncomingData(all);
    } else if (t.kind == Terminator::Kind::kCount) {
      // chat.terminator.integer.count: found_terminator() "when the indicated
      // number of characters have been received". CPython counts down across
      // reads: the terminator becomes the bytes still expected, 0 when reached.
      const auto available = static_cast<long long>(ac_in_buffer_.size());
      if (available < t.count) {
        std::string all = std::move(ac_in_buffer_);
        ac_in_buffer_.clear();
        CollectIncomingData(all);
        terminator_->count = t.count - available;
      } else {
        const auto n = static_cast<std::size_t>(t.count);
        std::string message = ac_in_buffer_.substr(0, n);
        ac_in_buffer_.erase(0, n);
        CollectIncomingData(message);
        terminator_->count = 0;  // CPython: set before found_terminator(), which may re-arm it
        FoundTerminator();
      }
    } else {
      // chat.terminator.string.found: found_terminator() "when the string is
      // found in the input stream".
      const std::size_t at = ac_in_buffer_.find(t.text);
      if (at != std::string::npos) {
        std::string message = ac_in_buffer_.substr(0, at);
        ac_in_buffer_.erase(0, at + t.text.size());
        // CPython: no collect_incoming_data() call for the empty string
        // ("don't bother reporting the empty string").
        if (!message.empty()) CollectIncomingData(message);
        FoundTerminator();
      } else {
        // CPython: the end of the buffer may be the start of a terminator
        // completed by the next read; that part is held back, not collected.
        const std::size_t held = TerminatorPrefixAtEnd(ac_in_buffer_, t.text);
        if (held > 0) {
          if (held < ac_in_buffer_.size()) {
            std::string before = ac_in_buffer_.substr(0, ac_in_buffer_.size() - held);
            ac_in_buffer_.erase(0, ac_in_buffer_.size() - held);
            CollectIncomingData(before);
          }
          break;  // wait for more data
        }
        std::string all = std::move(ac_in_buffer_);
        ac_in_buffer_.clear();
        CollectIncomingData(all);
      }
    }
  }
}

void ChannelModel::CollectIncomingData(const std::string& data) { Emit("collect", {Bytes(data)}); }

void ChannelModel::FoundTerminator() {
  Emit("found_terminator");
  // FORMAT.md `on found_terminator N`: the reactions for the N-th call run
  // inside it, in order; an exception ends found_terminator() there and
  // reaches handle_read's caller (CPython: the loop's handle_error).
  auto it = reactions_.find(++found_terminator_calls_);
  if (it == reactions_.end()) return;
  const std::vector<Record> actions = it->second;  // a reaction may not add reactions, but be safe
  for (const Record& r : actions) {
    if (r.args.size() < 3) Fail(r, "reaction needs an action");
    Perform(r.args[2].text, std::vector<Arg>(r.args.begin() + 3, r.args.end()), r);
  }
}

// ---------------------------------------------------------------------------
// Output side

void ChannelModel::Push(const std::string& data) {
  // chat.push.queue: "Pushes data on to the channel's queue to ensure its
  // transmission." CPython: data longer than ac_out_buffer_size is queued as
  // pieces of that size (anything else, even b"", as one item), then
  // initiate_send() runs at once.
  if (data.size() > out_buffer_size_) {
    for (std::size_t i = 0; i < data.size(); i += out_buffer_size_) {
      producer_fifo_.push_back(Data{data.substr(i, out_buffer_size_)});
    }
  } else {
    producer_fifo_.push_back(Data{data});
  }
  InitiateSend();
}

void ChannelModel::PushWithProducer(const std::string& id, const Record& at) {
  auto it = producers_.find(id);
  if (it == producers_.end()) Fail(at, "producer " + id + " used before it is declared");
  // chat.producer.order: "adds it to the producer queue"; PROTOCOL.md:
  // each push_with_producer queues a new producer starting at its first
  // chunk. CPython then calls initiate_send().
  producer_fifo_.push_back(Producer{id, it->second, 0});
  InitiateSend();
}

void ChannelModel::PushBytesAsProducer(const std::string& data) {
  // chat.producer.bytes-object: a bytes object given to push_with_producer
  // is queued as it is, one entry, not cut into ac_out_buffer_size pieces
  // (CPython initiate_send slices any entry that supports slicing and calls
  // more() only on what does not). InitiateSend then offers at most
  // out_buffer_size bytes of it at a time, an unsent tail first, and an
  // empty one is dropped with one send() of nothing, as chat.push.empty.
  producer_fifo_.push_back(Data{data});
  InitiateSend();
}

std::string ChannelModel::ProducerMore(Producer& producer) {
  // FORMAT.md `producer`: successive more() calls return the chunks, then
  // empty (chat.producer.exhausted: exhaustion is "the empty bytes object").
  std::string data;
  if (producer.next < producer.chunks.size()) data = producer.chunks[producer.next++];
  Emit("more", {Word(producer.id), Bytes(data)});
  return data;
}

void ChannelModel::InitiateSend() {
  // CPython initiate_send: nothing is sent while the socket is not connected
  // (yet, or any more); otherwise at most one send() per call.
  while (!producer_fifo_.empty() && connected_) {
    QueueItem& first = producer_fifo_.front();

    if (std::holds_alternative<CloseSentinel>(first)) {
      // chat.close-when-done.order: popping the None closes the channel (CPython:
      // handle_close(), then initiate_send returns).
      producer_fifo_.pop_front();
      HandleClose();
      return;
    }

    if (auto* producer = std::get_if<Producer>(&first)) {
      // chat.producer.more, chat.producer.exhausted: a producer's more() supplies data until it returns
      // the empty bytes object; "the async_chat object removes the producer
      // from the queue and starts using the next producer". CPython puts a
      // non-empty more() result in front of the producer and loops, so the
      // same call goes on to send it.
      std::string data = ProducerMore(*producer);
      if (data.empty()) producer_fifo_.pop_front();
      else producer_fifo_.push_front(Data{std::move(data)});
      continue;
    }

    // Data: one send() of at most ac_out_buffer_size bytes of the first item.
    std::string offered = std::get<Data>(first).bytes.substr(0, out_buffer_size_);
    if (offered.empty()) {
      // CPython: an empty item is popped first, but the send() of its (empty)
      // slice is still made.
      producer_fifo_.pop_front();
    }
    std::size_t sent = 0;
    try {
      sent = DispatcherSend(offered);
    } catch (const PythonException& e) {
      // CPython initiate_send: an OSError from send() -> handle_error().
      HandleError(e.kind);
      return;
    }
    if (sent > 0) {
      // CPython: a partial send leaves the unsent rest in front; a complete
      // one removes the item. (The item is still in front: nothing above
      // touched the queue for a non-empty send.)
      std::string& bytes = std::get<Data>(producer_fifo_.front()).bytes;
      bytes.erase(0, sent);
      if (bytes.empty()) producer_fifo_.pop_front();
    }
    return;  // CPython: "we tried to send some actual data"
  }
}

std::size_t ChannelModel::DispatcherSend(const std::string& data) {
  // The scripted socket's send(), as FORMAT.md describes: a queued budget or
  // error first, then send_cap, then everything.
  std::optional<SendStep> step;
  if (socket_closed_) {
    // core.close.socket: send() on a socket closed inside handle_connect
    // (CPython marks the channel connected when handle_connect returns)
    // fails with EBADF, a disconnect; the script's steps stay for no one.
    step = SendStep{true, 0, EBADF};
  } else if (!send_script_.empty()) {
    step = send_script_.front();
    send_script_.pop_front();
  }
  if (step && step->is_error) {
    Emit("send", {Bytes(data), Word("error"), Word(traces::ErrnoName(step->error))});
    // CPython dispatcher.send: would-block -> 0 bytes sent; a disconnect
    // errno -> handle_close(), 0 sent; anything else is raised.
    if (IsWouldBlock(step->error)) return 0;
    if (IsDisconnect(step->error)) {
      HandleClose();
      return 0;
    }
    throw PythonException{OSErrorKind(step->error)};
  }
  std::size_t accepted = data.size();
  if (step) accepted = std::min(accepted, step->budget);
  else if (send_cap_) accepted = std::min(accepted, *send_cap_);
  Emit("send", {Bytes(data), Word(std::to_string(accepted))});
  return accepted;
}

// ---------------------------------------------------------------------------
// Dispatcher

void ChannelModel::HandleConnectEvent() {
  // core.event.connect-before-connected: handle_connect() runs, then the
  // channel is connected (CPython handle_connect_event; the scripted socket
  // reports no SO_ERROR). So a push inside handle_connect only queues (its
  // initiate_send finds the channel unconnected), and a close() there is
  // followed by connected = True on the closed socket. An exception from
  // handle_connect leaves before the channel is marked connected.
  Emit("connect");
  RunCallbackReactions(connect_reactions_);  // FORMAT.md `on connect`: the application's handle_connect
  // core.handle-connect.default: the application's handle_connect records
  // `connect`, performs its actions and leaves the rest to the dispatcher's
  // default (async_chat does not override it), which logs a warning.
  LogInfo("unhandled connect event", "warning");
  connected_ = true;
  connecting_ = false;
}

bool ChannelModel::RunCallbackReactions(const std::vector<Record>& reactions) {
  bool keep_open = false;
  const std::vector<Record> actions = reactions;  // an action cannot add reactions, but be safe
  for (const Record& r : actions) {
    if (r.args.size() < 2) Fail(r, "reaction needs an action");
    const std::string& verb = r.args[1].text;
    if (verb == "keep_open") {
      keep_open = true;
      continue;
    }
    Perform(verb, std::vector<Arg>(r.args.begin() + 2, r.args.end()), r);
  }
  return keep_open;
}

void ChannelModel::HandleError(const std::string& kind) {
  // core.handle-error.called: called for an uncaught exception. PROTOCOL.md: reported
  // as `error <Kind>`, then the default behaviour continues, which in CPython
  // is handle_close().
  Emit("error", {Word(kind)});
  // core.handle-error.logs: the default logs one line of type error before
  // it closes; FORMAT.md "Logging" records its text as a fixed one (what
  // CPython logs names the channel's repr and a traceback).
  LogInfo(traces::kHandleErrorLogMessage, "error");
  HandleClose();
}

void ChannelModel::LogInfo(const std::string& message, const std::string& type) {
  // core.log-info.ignore-types: a type in ignore_log_types ({'warning'} by
  // default, emptied by `log=all`) is not logged.
  if (!report_log_ || ignore_log_types_.count(type)) return;
  Emit("log", {Word(type), Bytes(message)});
}

void ChannelModel::HandleClose() {
  // core.handle-close.occasions: recorded on entry, whatever called it.
  Emit("handle_close");
  // core.handle-close.override: every path that closes a channel on its own
  // (end of file, a disconnect errno, the close_when_done marker,
  // handle_error) calls the channel's handle_close(), which the application
  // may override. FORMAT.md `on handle_close`: the override performs the
  // actions, then calls the default, async_chat's handle_close(), which is
  // close() (chat.handle-close.is-close), unless keep_open is among them.
  if (close_reactions_.empty()) {
    Close();
    return;
  }
  // An action may re-enter handle_close (a push whose send finds a
  // disconnect); one that does so without end would exhaust CPython's
  // recursion limit, which no transcript can record.
  constexpr int kMaxDepth = 64;
  if (handle_close_depth_ >= kMaxDepth) {
    Fail(close_reactions_.front(), "on handle_close reactions re-enter handle_close more than " +
                                       std::to_string(kMaxDepth) + " levels deep");
  }
  ++handle_close_depth_;
  bool keep_open = false;
  try {
    keep_open = RunCallbackReactions(close_reactions_);
  } catch (...) {
    --handle_close_depth_;
    throw;
  }
  --handle_close_depth_;
  if (!keep_open) Close();
}

void ChannelModel::Close() {
  // core.close.socket: closes the socket. CPython dispatcher.close: no longer
  // connected or connecting. FORMAT.md: `close` is reported once, at the
  // socket's first close.
  connected_ = false;
  connecting_ = false;
  if (socket_closed_) return;
  socket_closed_ = true;
  Emit("close");
}

// ---------------------------------------------------------------------------

void ChannelModel::Fail(const Record& at, const std::string& what) const {
  throw traces::TraceError(file_ + ":" + std::to_string(at.line) + ": " + what);
}

void ChannelModel::Emit(std::string verb, std::vector<Arg> args) {
  out_->push_back(Record{Record::Direction::kOutput, id_, std::move(verb), std::move(args), 0});
}

}  // namespace conformance
