#include "reference/harness/reference_session.h"

#include <cerrno>
#include <map>
#include <utility>

#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/harness/asyncore_apps.h"
#include "reference/harness/traced_listener.h"
#include "traces/channel_apps.h"
#include "traces/errno_names.h"
#include "traces/observables.h"

namespace harness {
namespace {

using asyncore::ScriptedTransport;

traces::Record Output(const std::string& channel, std::string verb, std::vector<traces::Arg> args = {}) {
  return traces::Record{traces::Record::Direction::kOutput, channel, std::move(verb), std::move(args), 0};
}

traces::Arg Word(std::string s) { return traces::Arg{traces::Arg::Kind::kWord, std::move(s)}; }
traces::Arg Bytes(std::string s) { return traces::Arg{traces::Arg::Kind::kBytes, std::move(s)}; }

[[noreturn]] void Fail(const std::string& file, int line, const std::string& what) {
  throw traces::TraceError(file + ":" + std::to_string(line) + ": " + what);
}

asynchat::Terminator TerminatorOf(const std::vector<traces::Arg>& a) {
  if (a[0].text == "none") return asynchat::Terminator::None();
  if (a[0].text == "str:") return asynchat::Terminator::String(a[1].text);
  return asynchat::Terminator::Count(std::stoll(a[0].text.substr(4)));
}

// A producer that hands out the chunks a trace declared and reports each more().
class TracedProducer : public asynchat::Producer {
 public:
  TracedProducer(std::string channel, std::string id, std::vector<std::string> chunks, std::vector<traces::Record>* out)
      : channel_(std::move(channel)), id_(std::move(id)), chunks_(std::move(chunks)), out_(out) {}

  std::string more() override {
    std::string data;
    if (next_ < chunks_.size()) data = chunks_[next_++];
    out_->push_back(Output(channel_, "more", {Word(id_), Bytes(data)}));
    return data;
  }

 private:
  std::string channel_, id_;
  std::vector<std::string> chunks_;
  std::size_t next_ = 0;
  std::vector<traces::Record>* out_;
};

class TracedChat : public asynchat::AsyncChat {
 public:
  TracedChat(std::string id, const std::string* file, std::unique_ptr<ScriptedTransport> t, asyncore::SocketMap* map,
             std::vector<traces::Record>* out)
      : AsyncChat(std::move(t), map), id_(std::move(id)), file_(file), out_(out) {}

  void collect_incoming_data(std::string_view data) override {
    out_->push_back(Output(id_, "collect", {Bytes(std::string(data))}));
  }

  void found_terminator() override {
    out_->push_back(Output(id_, "found_terminator"));
    auto it = reactions_.find(++found_count_);
    if (it == reactions_.end()) return;
    for (const traces::Record& r : it->second) Perform(r.args[2].text, std::vector<traces::Arg>(r.args.begin() + 3, r.args.end()), r);
  }

  // FORMAT.md `on connect`: the application's handle_connect records
  // `connect`, performs the actions and leaves the rest to the dispatcher's
  // default, which logs a warning (FORMAT.md "Logging"); the dispatcher
  // marks the channel connected after it returns.
  void handle_connect() override {
    out_->push_back(Output(id_, "connect"));
    RunCallbackReactions(connect_reactions_);
    asyncore::Dispatcher::handle_connect();
  }

  // Observed at entry (FORMAT.md "Version 2"). FORMAT.md `on handle_close`:
  // the application's handle_close performs the actions, then calls
  // async_chat's (close()) unless keep_open is one.
  void handle_close() override {
    out_->push_back(Output(id_, "handle_close"));
    if (close_reactions_.empty()) {
      AsyncChat::handle_close();
      return;
    }
    // A reaction may re-enter handle_close (its push meets a disconnect);
    // without end it would exhaust the stack, as it exhausts Python's
    // recursion limit.
    constexpr int kMaxDepth = 64;
    if (close_depth_ >= kMaxDepth) {
      Fail(*file_, close_reactions_.front().line,
           "on handle_close reactions re-enter handle_close more than " + std::to_string(kMaxDepth) + " levels deep");
    }
    ++close_depth_;
    bool keep_open;
    try {
      keep_open = RunCallbackReactions(close_reactions_);
    } catch (...) {
      --close_depth_;
      throw;
    }
    --close_depth_;
    if (!keep_open) AsyncChat::handle_close();
  }

  // The application records `error`; the default then logs and closes.
  void handle_error() override {
    out_->push_back(Output(id_, "error", {Word(CurrentExceptionKind())}));
    in_handle_error_ = true;
    try {
      AsyncChat::handle_error();
    } catch (...) {
      in_handle_error_ = false;
      throw;
    }
    in_handle_error_ = false;
  }

  // The reference's own filter (ignore_log_types) decides; what passes is
  // reported on a `log=` channel instead of being written to stderr, and
  // handle_error's line with FORMAT.md's fixed message.
  void log_info(std::string_view message, std::string_view type) override {
    if (log_type_ignored(type) || !report_log_) return;
    const std::string text = in_handle_error_ ? traces::kHandleErrorLogMessage : std::string(message);
    out_->push_back(Output(id_, "log", {Word(std::string(type)), Bytes(text)}));
  }

  void set_report_log(bool on) { report_log_ = on; }

  // Runs an application action; the caller decides what an exception means.
  void Perform(const std::string& verb, const std::vector<traces::Arg>& a, const traces::Record& at) {
    if (verb == "set_terminator") set_terminator(TerminatorOf(a));
    else if (verb == "push") push(a[0].text);
    else if (verb == "push_typed") PushTyped(a, at);
    else if (verb == "push_with_producer" && a[0].kind == traces::Arg::Kind::kBytes) push_with_producer(a[0].text);
    else if (verb == "push_with_producer") push_with_producer(ProducerFor(a[0].text, at));
    else if (verb == "close_when_done") close_when_done();
    else if (verb == "discard_buffers") discard_buffers();
    else if (verb == "close") close();
  }

  // bytearray and memoryview are bytes to C++; a text string, an integer
  // and None have no C++ counterpart that push() could be handed (it does
  // not compile), so they cannot be replayed here.
  void PushTyped(const std::vector<traces::Arg>& a, const traces::Record& at) {
    if (a[0].text == "str" || a[0].text == "int" || a[0].text == "none") {
      Fail(*file_, at.line, "push_typed " + a[0].text + " cannot be replayed on the C++ reference");
    }
    push(a[1].text);
  }

  void Declare(const std::string& id, std::vector<std::string> chunks) { producers_[id] = std::move(chunks); }
  // A copy: the session outlives the caller's record.
  void AddReaction(std::size_t call, const traces::Record& r) { reactions_[call].push_back(r); }
  void AddConnectReaction(const traces::Record& r) { connect_reactions_.push_back(r); }
  void AddCloseReaction(const traces::Record& r) { close_reactions_.push_back(r); }

 private:
  // The actions of `on connect` / `on handle_close` records (after the word
  // connect / handle_close); returns whether keep_open was among them.
  bool RunCallbackReactions(const std::vector<traces::Record>& reactions) {
    bool keep_open = false;
    const std::vector<traces::Record> actions = reactions;
    for (const traces::Record& r : actions) {
      if (r.args[1].text == "keep_open") keep_open = true;
      else Perform(r.args[1].text, std::vector<traces::Arg>(r.args.begin() + 2, r.args.end()), r);
    }
    return keep_open;
  }

  std::shared_ptr<asynchat::Producer> ProducerFor(const std::string& id, const traces::Record& at) {
    auto it = producers_.find(id);
    if (it == producers_.end()) Fail(*file_, at.line, "producer " + id + " used before it is declared");
    return std::make_shared<TracedProducer>(id_, id, it->second, out_);
  }

  std::string id_;
  const std::string* file_;
  std::vector<traces::Record>* out_;
  std::map<std::string, std::vector<std::string>> producers_;
  std::map<std::size_t, std::vector<traces::Record>> reactions_;
  std::size_t found_count_ = 0;
  bool report_log_ = false;
  bool in_handle_error_ = false;
  std::vector<traces::Record> connect_reactions_;
  std::vector<traces::Record> close_reactions_;
  int close_depth_ = 0;
};

// An async_chat channel (chat) or an app= channel or listener (app);
// dispatcher() is whichever it is, for the loop's events. An accepted_by
// channel has no chat until its listener accepts it.
struct Channel {
  traces::ChannelConfig config;
  ScriptedTransport* transport = nullptr;
  std::unique_ptr<TracedChat> chat;
  std::unique_ptr<asyncore::Dispatcher> app;
  ScriptedListenerSocket* listener_socket = nullptr;  // a listener's

  asyncore::Dispatcher& dispatcher() { return chat ? static_cast<asyncore::Dispatcher&>(*chat) : *app; }
  // The most one read may deliver: what the channel's recv() asks for.
  std::size_t recv_size() const { return chat ? chat->ac_in_buffer_size() : traces::kAppRecvSize; }
};

// A loop event. What escapes the loop's own handle_error call (an
// `on handle_close` action that raises, met again by handle_error's
// handle_close) leaves the loop: `raise <Kind>`.
void Dispatch(void (*event)(asyncore::Dispatcher&), asyncore::Dispatcher& dispatcher, const traces::Record& r,
              std::vector<traces::Record>& out) {
  try {
    event(dispatcher);
  } catch (const traces::TraceError&) {
    throw;
  } catch (...) {
    out.push_back(Output(r.channel, "raise", {Word(CurrentExceptionKind())}));
  }
}

}  // namespace

// Member order is destruction order reversed: the chats leave `map` when
// destroyed, and report into `out` until their observers are cleared.
struct ReferenceSession::Impl {
  std::string file;
  std::vector<traces::Record> out;
  asyncore::SocketMap map;
  std::map<std::string, Channel> channels;

  // The application's `Handler(sock)` for an accepted connection: the
  // async_chat (or the echo server's handler) of the accepted_by channel
  // whose socket it is.
  std::string MakeAccepted(asyncore::AcceptedConnection connection) {
    for (auto& [id, ch] : channels) {
      if (ch.transport != connection.transport.get()) continue;
      std::unique_ptr<ScriptedTransport> socket(ch.transport);
      connection.transport.release();
      if (!ch.config.app.empty()) {
        ch.app = MakeAsyncoreApp(ch.config, std::move(socket), &map, &out);
        return id;
      }
      ch.chat = std::make_unique<TracedChat>(id, &file, std::move(socket), &map, &out);
      if (ch.config.in_buffer) ch.chat->set_ac_in_buffer_size(*ch.config.in_buffer);
      if (ch.config.out_buffer) ch.chat->set_ac_out_buffer_size(*ch.config.out_buffer);
      return id;
    }
    throw std::logic_error("accepted a socket no accepted_by channel owns");
  }
};

ReferenceSession::ReferenceSession(std::string file) : impl_(std::make_unique<Impl>()) { impl_->file = std::move(file); }

ReferenceSession::~ReferenceSession() {
  for (auto& [id, ch] : impl_->channels) ch.transport->set_observer(nullptr);
}

void ReferenceSession::AddChannel(const traces::ChannelConfig& c) {
  if (impl_->channels.count(c.id)) Fail(impl_->file, c.line, "channel " + c.id + " declared twice");
  if (std::string problem = traces::AppConfigProblem(c); !problem.empty()) Fail(impl_->file, c.line, problem);
  if (!c.accepted_by.empty()) {
    auto by = impl_->channels.find(c.accepted_by);
    if (by == impl_->channels.end() || !by->second.listener_socket) {
      Fail(impl_->file, c.line, "accepted_by=" + c.accepted_by + " names no listener declared before it");
    }
  }
  std::unique_ptr<ScriptedTransport> transport;
  if (c.listener.empty()) transport = std::make_unique<ScriptedTransport>();
  else transport = std::make_unique<ScriptedListenerSocket>();
  ScriptedTransport* raw = transport.get();
  if (c.send_cap) raw->set_default_send_cap(*c.send_cap);
  if (!c.connected) {
    raw->set_peer(asyncore::SocketAddress());
    raw->set_connect_result(EINPROGRESS);
  }
  std::vector<traces::Record>* out = &impl_->out;
  std::string id = c.id;
  // `close` is reported when the transport closes, however many times
  // handle_close runs; sends and recvs as they happen (an async_chat's recvs
  // are version-2 records: callers project them away for version 1).
  raw->set_observer([out, id](const ScriptedTransport::Call& call) {
    using Kind = ScriptedTransport::Call::Kind;
    if (call.kind == Kind::kClose) out->push_back(Output(id, "close"));
    if (call.kind == Kind::kRecv) {
      const traces::Arg size = Word(std::to_string(call.requested));
      if (call.error) out->push_back(Output(id, "recv", {size, Word("error"), Word(traces::ErrnoName(call.error))}));
      else out->push_back(Output(id, "recv", {size, Word(std::to_string(call.result))}));
    }
    if (call.kind != Kind::kSend) return;
    if (call.error) out->push_back(Output(id, "send", {Bytes(call.data), Word("error"), Word(traces::ErrnoName(call.error))}));
    else out->push_back(Output(id, "send", {Bytes(call.data), Word(std::to_string(call.result))}));
  });
  Channel ch;
  ch.config = c;
  ch.transport = raw;
  if (!c.accepted_by.empty()) {
    // Created when accepted: until then the listener holds its socket.
    impl_->channels.at(c.accepted_by).listener_socket->AddPending(std::move(transport));
  } else if (!c.app.empty()) {
    ch.app = MakeAsyncoreApp(c, std::move(transport), &impl_->map, out);
  } else if (!c.listener.empty()) {
    ch.listener_socket = static_cast<ScriptedListenerSocket*>(raw);
    std::unique_ptr<ScriptedListenerSocket> socket(ch.listener_socket);
    transport.release();
    Impl* impl = impl_.get();
    ch.app = std::make_unique<TracedListener>(
        c.id, c.listener, std::move(socket), &impl_->map,
        [impl](asyncore::AcceptedConnection connection) { return impl->MakeAccepted(std::move(connection)); }, out);
  } else {
    ch.chat = std::make_unique<TracedChat>(c.id, &impl_->file, std::move(transport), &impl_->map, out);
    if (c.in_buffer) ch.chat->set_ac_in_buffer_size(*c.in_buffer);
    if (c.out_buffer) ch.chat->set_ac_out_buffer_size(*c.out_buffer);
    ch.chat->set_report_log(!c.log.empty());
    if (c.log == "all") ch.chat->set_ignore_log_types({});  // what the application sets
    if (!c.connected) ch.chat->connect(asyncore::SocketAddress::Inet("127.0.0.1", 0));
  }
  if (!c.connected) raw->set_peer(asyncore::SocketAddress::Inet("127.0.0.1", 0));
  impl_->channels[c.id] = std::move(ch);
}

std::vector<traces::Record> ReferenceSession::Feed(const traces::Record& r) {
  std::vector<traces::Record>& out = impl_->out;
  out.clear();  // what an earlier Feed that threw left behind is not this input's
  if (r.direction != traces::Record::Direction::kInput) Fail(impl_->file, r.line, "an output record cannot be fed");
  auto found = impl_->channels.find(r.channel);
  if (found == impl_->channels.end()) Fail(impl_->file, r.line, "channel " + r.channel + " used before it is declared");
  Channel& ch = found->second;
  if (std::string problem = traces::AppRecordProblem(ch.config, r); !problem.empty()) Fail(impl_->file, r.line, problem);
  if (!ch.chat && !ch.app) {
    Fail(impl_->file, r.line, "channel " + r.channel + " is not accepted yet (its listener accepts it with > " +
                                  ch.config.accepted_by + " accept)");
  }
  asyncore::Dispatcher& dispatcher = ch.dispatcher();
  const std::vector<traces::Arg>& a = r.args;
  const bool open = !ch.transport->closed();
  if (r.verb == "read") {
    if (open) {
      if (a[0].kind == traces::Arg::Kind::kBytes) {
        if (a[0].text.size() > ch.recv_size()) {
          Fail(impl_->file, r.line,
               "read of " + std::to_string(a[0].text.size()) + " bytes exceeds channel " + r.channel +
                   (ch.chat ? "'s in_buffer " + std::to_string(ch.recv_size())
                            : "'s recv(" + std::to_string(ch.recv_size()) + ") (app=" + ch.config.app + ")"));
        }
        ch.transport->AddRecv(a[0].text);
      } else if (a[0].text == "eof") {
        ch.transport->AddEof();
      } else if (a[0].text == "wouldblock") {
        ch.transport->AddRecvError(EAGAIN);
      } else {
        ch.transport->AddRecvError(*traces::ErrnoFromName(a[1].text));
      }
      Dispatch(asyncore::dispatch_read, dispatcher, r, out);
    }
  } else if (r.verb == "write") {
    if (open) Dispatch(asyncore::dispatch_write, dispatcher, r, out);
  } else if (r.verb == "poll") {
    if (open) {
      // What a select() pass watches: never a listener's writes.
      const bool readable = dispatcher.readable(), writable = dispatcher.writable() && !dispatcher.accepting();
      out.push_back(Output(r.channel, "poll",
                           {Word(readable ? "readable=1" : "readable=0"), Word(writable ? "writable=1" : "writable=0")}));
    }
  } else if (r.verb == "accept") {
    if (open) {
      if (!a.empty()) {
        ch.listener_socket->QueueAcceptError(*traces::ErrnoFromName(a[1].text));
      } else if (!ch.listener_socket->QueueConnection()) {
        Fail(impl_->file, r.line, "listener " + r.channel + " accepts a connection but no accepted_by=" + r.channel +
                                      " channel is left to create");
      }
      asyncore::dispatch_read(dispatcher);
    }
  } else if (r.verb == "send_budget") {
    ch.transport->AddSendBudget(std::stoull(a[0].text));
  } else if (r.verb == "send_error") {
    ch.transport->AddSendError(*traces::ErrnoFromName(a[0].text));
  } else if (r.verb == "producer") {
    std::vector<std::string> chunks;
    for (std::size_t i = 1; i < a.size(); ++i) chunks.push_back(a[i].text);
    ch.chat->Declare(a[0].text, std::move(chunks));
  } else if (r.verb == "on") {
    if (a[0].text == "connect") ch.chat->AddConnectReaction(r);
    else if (a[0].text == "handle_close") ch.chat->AddCloseReaction(r);
    else ch.chat->AddReaction(std::stoull(a[1].text), r);
  } else if (ch.listener_socket && r.verb == "close") {
    dispatcher.close();  // the application's close()
  } else {
    try {
      ch.chat->Perform(r.verb, a, r);
    } catch (const traces::TraceError&) {
      throw;
    } catch (...) {
      out.push_back(Output(r.channel, "raise", {Word(CurrentExceptionKind())}));
    }
  }
  impl_->map.ReleaseClosed();
  return std::exchange(out, {});
}

std::string ReferenceCannotReplay(const traces::Trace& scenario) {
  for (const traces::Record& r : scenario.records) {
    if (r.direction != traces::Record::Direction::kInput) continue;
    // A reaction carries its action after "found_terminator N", "connect"
    // or "handle_close".
    std::size_t action = r.verb != "on" ? 0 : r.args.at(0).text == "found_terminator" ? 2 : 1;
    const std::string& verb = action ? r.args.at(action).text : r.verb;
    const std::size_t first_arg = action ? action + 1 : 0;
    const std::string& type = verb == "push_typed" ? r.args.at(first_arg).text : "";
    if (type == "str" || type == "int" || type == "none") {
      return scenario.file + ":" + std::to_string(r.line) + ": push_typed " + type + " has no C++ counterpart";
    }
  }
  return "";
}

std::string CurrentExceptionKind() {
  try {
    throw;
  } catch (const traces::TraceError&) {
    throw;  // a broken trace is not the implementation's error
  } catch (const asynchat::NotImplementedError&) {
    return "NotImplementedError";
  } catch (const asynchat::TerminatorUnsetError&) {
    return "AttributeError";  // what CPython raises for the missing self.terminator
  } catch (const asyncore::BlockingIOError&) {
    return "BlockingIOError";
  } catch (const std::system_error& e) {
    int err = asyncore::ErrnoOf(e);
    return err ? "OSError:" + traces::ErrnoName(err) : "OSError";
  } catch (const std::invalid_argument&) {
    return "ValueError";
  } catch (const std::out_of_range&) {
    return "IndexError";
  } catch (const std::exception&) {
    return "RuntimeError";
  } catch (...) {
    return "UnknownException";
  }
}

}  // namespace harness
