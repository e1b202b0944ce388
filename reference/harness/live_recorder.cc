#include "reference/harness/live_recorder.h"

#include <cerrno>
#include <deque>
#include <exception>
#include <stdexcept>
#include <utility>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/os_error.h"
#include "traces/errno_names.h"
#include "reference/harness/reference_replay.h"
#include "reference/harness/reference_session.h"
#include "traces/trace_format.h"

namespace harness {
namespace {

using asyncore::RecordingTransport;
using asyncore::TransportCall;

traces::Arg Word(std::string s) { return traces::Arg{traces::Arg::Kind::kWord, std::move(s)}; }
traces::Arg Bytes(std::string s) { return traces::Arg{traces::Arg::Kind::kBytes, std::move(s)}; }

traces::Record In(const std::string& channel, std::string verb, std::vector<traces::Arg> args = {}) {
  return traces::Record{traces::Record::Direction::kInput, channel, std::move(verb), std::move(args), 0};
}

traces::Record Out(const std::string& channel, std::string verb, std::vector<traces::Arg> args = {}) {
  return traces::Record{traces::Record::Direction::kOutput, channel, std::move(verb), std::move(args), 0};
}

std::vector<traces::Arg> TerminatorArgs(const asynchat::Terminator& t) {
  switch (t.kind()) {
    case asynchat::Terminator::Kind::kNone:
      return {Word("none")};
    case asynchat::Terminator::Kind::kString:
      return {Word("str:"), Bytes(t.bytes())};
    case asynchat::Terminator::Kind::kCount:
      return {Word("int:" + std::to_string(t.count()))};
  }
  return {Word("none")};
}

// What recv returned, as a read input's arguments.
std::vector<traces::Arg> ReadArgs(const TransportCall& call) {
  if (call.error == EAGAIN || call.error == EWOULDBLOCK) return {Word("wouldblock")};
  if (call.error != 0) return {Word("error"), Word(traces::ErrnoName(call.error))};
  if (call.result == 0) return {Word("eof")};
  return {Bytes(call.data)};
}

struct SendResult {
  std::size_t offered;
  std::size_t accepted;
  int error;
};

// One input and the outputs it caused. An event's input may be preceded by
// inputs that must be in place before it: calls made in handle_connect, and
// the send budgets that reproduce its partial or failed sends.
struct Step {
  enum class Kind { kConnecting, kRead, kWrite, kCall } kind;
  std::string channel;
  traces::Record input;
  bool recv_seen = false;
  std::vector<traces::Record> hoisted;
  std::vector<SendResult> sends;
  std::vector<traces::Record> outputs;

  bool event() const { return kind != Kind::kCall; }
};

struct ProducerLog {
  std::string channel;
  std::string id;
  std::vector<std::string> results;  // every more() result, in order
};

}  // namespace

struct LiveRecorder::Impl {
  class Channel;
  class RecordedProducer;

  bool finished = false;
  std::vector<std::unique_ptr<Channel>> channels;  // chats and transports point at them
  std::vector<Step> steps;
  bool step_open = false;  // steps.back() is the input in progress
  std::deque<ProducerLog> producers;
  std::vector<traces::Record> reactions;
  std::vector<std::string> problems;
  std::vector<std::string> discovered_ids;
  std::size_t discovered = 0;

  void Problem(std::string what) { problems.push_back(std::move(what)); }
  Step* Current() { return step_open ? &steps.back() : nullptr; }
  void CloseCurrent();
  Step& Begin(Channel& ch, Step::Kind kind, traces::Record input);
  void Output(Channel& ch, traces::Record r);
  void Call(Channel& ch, std::string verb, std::vector<traces::Arg> args);
  void Event(Channel& ch, Step::Kind kind);
  void OnTransport(Channel& ch, const TransportCall& call);
  void OnUnattached(const RecordingTransport& t, const TransportCall& call);
  void Attach(asynchat::AsyncChat& chat, std::string id, RecordingTransport& transport);
};

// Reports one channel's observations to the recorder; the chat points at it.
class LiveRecorder::Impl::Channel final : public asynchat::ChatObserver {
 public:
  Channel(Impl* impl, std::string id, asynchat::AsyncChat* chat) : impl_(impl), chat_(chat) { config.id = std::move(id); }

  const std::string& id() const { return config.id; }
  // Only while the chat is running one of its own methods (it may have been
  // destroyed since).
  asynchat::AsyncChat& chat() const { return *chat_; }

  traces::ChannelConfig config;
  std::size_t found_count = 0;
  std::vector<std::size_t> found_stack;  // N of each found_terminator running
  bool close_expected = false;           // the library's handle_close is on its way
  std::size_t producer_count = 0;
  bool config_changed = false;

  void OnReadEvent(asynchat::AsyncChat&) override { impl_->Event(*this, Step::Kind::kRead); }
  void OnWriteEvent(asynchat::AsyncChat&) override { impl_->Event(*this, Step::Kind::kWrite); }
  void OnCollect(asynchat::AsyncChat&, std::string_view data) override {
    impl_->Output(*this, Out(id(), "collect", {Bytes(std::string(data))}));
  }
  void OnFoundTerminator(asynchat::AsyncChat&) override {
    impl_->Output(*this, Out(id(), "found_terminator"));
    found_stack.push_back(++found_count);
  }
  void OnFoundTerminatorReturned(asynchat::AsyncChat&) override {
    if (!found_stack.empty()) found_stack.pop_back();
  }
  void OnError(asynchat::AsyncChat&) override {
    // handle_error runs inside a catch block; the kinds are replay's own.
    std::string kind = std::current_exception() ? CurrentExceptionKind() : "UnknownException";
    impl_->Output(*this, Out(id(), "error", {Word(kind)}));
    close_expected = true;  // Dispatcher::handle_error closes the channel
  }
  void OnCloseStep(asynchat::AsyncChat&) override { close_expected = true; }

  void OnSetTerminator(asynchat::AsyncChat&, const asynchat::Terminator& t) override {
    impl_->Call(*this, "set_terminator", TerminatorArgs(t));
  }
  void OnPush(asynchat::AsyncChat&, std::string_view data) override {
    impl_->Call(*this, "push", {Bytes(std::string(data))});
  }
  std::shared_ptr<asynchat::Producer> OnPushWithProducer(asynchat::AsyncChat&,
                                                         std::shared_ptr<asynchat::Producer> producer) override;
  void OnCloseWhenDone(asynchat::AsyncChat&) override { impl_->Call(*this, "close_when_done", {}); }
  void OnDiscardBuffers(asynchat::AsyncChat&) override { impl_->Call(*this, "discard_buffers", {}); }
  void OnClose(asynchat::AsyncChat&) override { impl_->Call(*this, "close", {}); }

 private:
  Impl* impl_;
  asynchat::AsyncChat* chat_;
};

// Queued in place of the application's producer: forwards more() and records
// each result as an output and as a chunk of the producer's declaration.
class LiveRecorder::Impl::RecordedProducer final : public asynchat::Producer {
 public:
  RecordedProducer(std::shared_ptr<asynchat::Producer> inner, Impl* impl, Channel* channel, ProducerLog* log)
      : inner_(std::move(inner)), impl_(impl), channel_(channel), log_(log) {}

  std::string more() override {
    std::string data;
    try {
      data = inner_->more();
    } catch (...) {
      if (!impl_->finished) impl_->Problem("producer " + log_->id + " of " + channel_->id() +
                                           " threw from more(): format 1 producers only return chunks");
      throw;
    }
    if (!impl_->finished) {
      log_->results.push_back(data);
      impl_->Output(*channel_, Out(channel_->id(), "more", {Word(log_->id), Bytes(data)}));
    }
    return data;
  }

 private:
  std::shared_ptr<asynchat::Producer> inner_;
  Impl* impl_;
  Channel* channel_;
  ProducerLog* log_;
};

std::shared_ptr<asynchat::Producer> LiveRecorder::Impl::Channel::OnPushWithProducer(
    asynchat::AsyncChat&, std::shared_ptr<asynchat::Producer> producer) {
  if (impl_->finished) return producer;
  ++producer_count;
  std::string pid = producer_count == 1 ? "p" : "p" + std::to_string(producer_count);
  impl_->producers.push_back(ProducerLog{id(), pid, {}});
  impl_->Call(*this, "push_with_producer", {Word(pid)});
  return std::make_shared<RecordedProducer>(std::move(producer), impl_, this, &impl_->producers.back());
}

void LiveRecorder::Impl::CloseCurrent() {
  Step* s = Current();
  step_open = false;
  if (s == nullptr) return;
  if (s->kind == Step::Kind::kConnecting) {
    Problem(s->channel + " connected outside a read or write event (connect() completed at once?): "
            "format 1 connects a connected=0 channel only in its first event");
  } else if (s->kind == Step::Kind::kRead && !s->recv_seen) {
    Problem("a read event of " + s->channel + " made no recv() call");
  }
}

Step& LiveRecorder::Impl::Begin(Channel& ch, Step::Kind kind, traces::Record input) {
  CloseCurrent();
  ch.close_expected = false;
  steps.push_back(Step{kind, ch.id(), std::move(input), false, {}, {}, {}});
  step_open = true;
  return steps.back();
}

void LiveRecorder::Impl::Output(Channel& ch, traces::Record r) {
  if (finished) return;
  Step* s = Current();
  if (s == nullptr) {
    Problem("output `" + traces::FormatRecord(r) + "` happened with no input before it");
  } else if (s->channel != ch.id()) {
    Problem("output `" + traces::FormatRecord(r) + "` happened during an input of " + s->channel +
            ": in a trace each channel's outputs follow its own inputs");
  } else {
    s->outputs.push_back(std::move(r));
  }
}

void LiveRecorder::Impl::Call(Channel& ch, std::string verb, std::vector<traces::Arg> args) {
  if (finished) return;
  if (verb == "close" && ch.close_expected) {
    ch.close_expected = false;  // the library's handle_close, which replay performs by itself
    return;
  }
  traces::Record input = In(ch.id(), std::move(verb), std::move(args));
  Step* s = Current();
  if (!ch.found_stack.empty()) {
    if (s != nullptr && s->event() && s->channel == ch.id()) {
      std::vector<traces::Arg> a{Word("found_terminator"), Word(std::to_string(ch.found_stack.back())), Word(input.verb)};
      a.insert(a.end(), input.args.begin(), input.args.end());
      reactions.push_back(In(ch.id(), "on", std::move(a)));
    } else {
      Problem("`" + traces::FormatRecord(input) + "` was called inside found_terminator but not during " + ch.id() +
              "'s own read event");
    }
    return;
  }
  if (s != nullptr && s->event()) {
    if (s->channel == ch.id() && s->kind == Step::Kind::kConnecting) {
      s->hoisted.push_back(std::move(input));  // not connected yet: it causes no output
    } else if (s->channel == ch.id()) {
      Problem("`" + traces::FormatRecord(input) + "` was called inside " + ch.id() +
              "'s event but outside found_terminator and handle_connect (in collect_incoming_data, "
              "handle_close, ...): format 1 has inputs for application calls only between events and "
              "inside found_terminator");
    } else {
      Problem("`" + traces::FormatRecord(input) + "` was called while an event of " + s->channel +
              " was running: format 1 has no reactions across channels");
    }
    return;
  }
  Begin(ch, Step::Kind::kCall, std::move(input));
}

void LiveRecorder::Impl::Event(Channel& ch, Step::Kind kind) {
  if (finished) return;
  asynchat::AsyncChat& chat = ch.chat();
  if (!ch.config_changed && (chat.ac_in_buffer_size() != ch.config.in_buffer ||
                             chat.ac_out_buffer_size() != ch.config.out_buffer)) {
    ch.config_changed = true;
    Problem(ch.id() + "'s buffer sizes changed during the run: a trace declares them once");
  }
  traces::Record input = In(ch.id(), kind == Step::Kind::kRead ? "read" : "write");
  Step* s = Current();
  if (s != nullptr && s->channel == ch.id() && s->kind == Step::Kind::kConnecting) {
    // handle_connect ran first; this is the event that connected the channel.
    s->kind = kind;
    s->input = std::move(input);
  } else {
    Begin(ch, kind, std::move(input));
  }
}

void LiveRecorder::Impl::OnTransport(Channel& ch, const TransportCall& call) {
  if (finished) return;
  switch (call.kind) {
    case TransportCall::Kind::kTakeError: {
      // The dispatcher asks for the socket error when a connecting channel
      // gets its first event (handle_connect_event), and on expt events.
      if (!ch.chat().connecting()) {
        Problem("an exceptional-condition (expt) event reached " + ch.id() + ": format 1 has no input for it");
      } else if (call.error != 0) {
        Problem(ch.id() + "'s connect failed with " + traces::ErrnoName(call.error) +
                ": format 1 has no input for a failed connect");
      } else {
        Begin(ch, Step::Kind::kConnecting, In(ch.id(), "write"));
        Output(ch, Out(ch.id(), "connect"));
      }
      return;
    }
    case TransportCall::Kind::kRecv: {
      Step* s = Current();
      if (s == nullptr || s->channel != ch.id() || s->kind != Step::Kind::kRead || s->recv_seen) {
        Problem("a recv() of " + ch.id() + " happened outside its read event (or twice in one)");
        return;
      }
      s->recv_seen = true;
      s->input.args = ReadArgs(call);
      // Dispatcher::recv_into calls handle_close on EOF and disconnect errors.
      if ((call.error == 0 && call.result == 0) || (call.error != 0 && asyncore::IsDisconnect(call.error))) {
        ch.close_expected = true;
      }
      return;
    }
    case TransportCall::Kind::kSend: {
      traces::Record r = call.error != 0
                     ? Out(ch.id(), "send", {Bytes(call.data), Word("error"), Word(traces::ErrnoName(call.error))})
                     : Out(ch.id(), "send", {Bytes(call.data), Word(std::to_string(call.result))});
      Step* s = Current();
      if (s != nullptr && s->channel == ch.id()) s->sends.push_back(SendResult{call.requested, call.result, call.error});
      // Dispatcher::send calls handle_close on disconnect errors.
      if (call.error != 0 && asyncore::IsDisconnect(call.error)) ch.close_expected = true;
      Output(ch, std::move(r));
      return;
    }
    case TransportCall::Kind::kClose:
      Output(ch, Out(ch.id(), "close"));
      return;
  }
}

void LiveRecorder::Impl::OnUnattached(const RecordingTransport& t, const TransportCall& call) {
  if (finished) return;
  // A listening socket's close is not a trace event; I/O belongs to a channel.
  if (call.kind == TransportCall::Kind::kRecv || call.kind == TransportCall::Kind::kSend) {
    Problem("a recorded transport (descriptor " + std::to_string(t.fileno()) +
            ") did I/O before its channel was attached");
  }
}

void LiveRecorder::Impl::Attach(asynchat::AsyncChat& chat, std::string id, RecordingTransport& transport) {
  if (chat.observer() != nullptr) throw std::invalid_argument("channel " + id + " is already observed");
  for (const auto& c : channels) {
    if (c->id() == id) throw std::invalid_argument("channel id " + id + " is already in use");
  }
  Channel& ch = *channels.emplace_back(std::make_unique<Channel>(this, id, &chat));
  ch.config.in_buffer = chat.ac_in_buffer_size();
  ch.config.out_buffer = chat.ac_out_buffer_size();
  ch.config.connected = chat.connected();
  if (!chat.output_queue().empty() || !chat.held_back_input().empty()) {
    Problem(id + " had queued output or held-back input when it was attached: a trace starts from an empty channel");
  }
  transport.set_observer([this, &ch](RecordingTransport&, const TransportCall& call) { OnTransport(ch, call); });
  chat.set_observer(&ch);
  // A terminator set before the recorder saw the channel (in a constructor):
  // its first input, so replay starts from the same state.
  if (chat.has_terminator()) {
    Begin(ch, Step::Kind::kCall, In(id, "set_terminator", TerminatorArgs(chat.get_terminator())));
  }
}

// ---------------------------------------------------------------------------

LiveRecorder::LiveRecorder() : impl_(std::make_unique<Impl>()) {}
LiveRecorder::~LiveRecorder() = default;

std::unique_ptr<RecordingTransport> LiveRecorder::Wrap(std::unique_ptr<asyncore::Transport> inner) {
  Impl* impl = impl_.get();
  return std::make_unique<RecordingTransport>(
      std::move(inner), [impl](RecordingTransport& t, const TransportCall& call) { impl->OnUnattached(t, call); });
}

void LiveRecorder::Attach(asynchat::AsyncChat& chat, std::string id, RecordingTransport& transport) {
  impl_->Attach(chat, std::move(id), transport);
}

void LiveRecorder::set_discovered_ids(std::vector<std::string> ids) { impl_->discovered_ids = std::move(ids); }

void LiveRecorder::AttachNew(asyncore::SocketMap& map) {
  std::vector<asyncore::SocketMap::Channel> entries;
  map.Snapshot(entries);
  for (const asyncore::SocketMap::Channel& e : entries) {
    auto* chat = dynamic_cast<asynchat::AsyncChat*>(e.dispatcher);
    auto* transport = dynamic_cast<RecordingTransport*>(e.dispatcher->socket());
    if (chat == nullptr || transport == nullptr || chat->observer() != nullptr) continue;
    std::size_t n = impl_->discovered++;
    std::string id = n < impl_->discovered_ids.size() ? impl_->discovered_ids[n] : "ch" + std::to_string(n + 1);
    impl_->Attach(*chat, id, *transport);
  }
}

void LiveRecorder::EndPass() { impl_->CloseCurrent(); }

void LiveRecorder::RunPass(asyncore::SocketMap& map, double timeout) {
  AttachNew(map);
  asyncore::loop(asyncore::LoopOptions{timeout, asyncore::Backend::kSelect, &map, 1});
  EndPass();
}

traces::Trace LiveRecorder::Build(const TraceHeader& header) const {
  traces::Trace t;
  t.file = "<live recording>";
  t.description = header.description;
  t.origin = header.origin;
  t.notes = header.notes;
  for (const auto& ch : impl_->channels) t.channels.push_back(ch->config);
  // Declarations first, per channel: replay registers them before any event.
  for (const auto& ch : impl_->channels) {
    for (const ProducerLog& p : impl_->producers) {
      if (p.channel != ch->id()) continue;
      std::vector<traces::Arg> a{Word(p.id)};
      std::size_t n = p.results.size();
      while (n > 0 && p.results[n - 1].empty()) --n;  // replay's producers end with "" anyway
      for (std::size_t i = 0; i < n; ++i) a.push_back(Bytes(p.results[i]));
      t.records.push_back(In(p.channel, "producer", std::move(a)));
    }
    for (const traces::Record& r : impl_->reactions) {
      if (r.channel == ch->id()) t.records.push_back(r);
    }
  }
  for (const Step& s : impl_->steps) {
    t.records.insert(t.records.end(), s.hoisted.begin(), s.hoisted.end());
    // Budgets are consumed one per send, in order: reproduce every send up to
    // the last one that did not simply accept everything.
    std::size_t budgets = 0;
    for (std::size_t i = 0; i < s.sends.size(); ++i) {
      if (s.sends[i].error != 0 || s.sends[i].accepted < s.sends[i].offered) budgets = i + 1;
    }
    for (std::size_t i = 0; i < budgets; ++i) {
      const SendResult& r = s.sends[i];
      t.records.push_back(r.error != 0 ? In(s.channel, "send_error", {Word(traces::ErrnoName(r.error))})
                                       : In(s.channel, "send_budget", {Word(std::to_string(r.accepted))}));
    }
    t.records.push_back(s.input);
    t.records.insert(t.records.end(), s.outputs.begin(), s.outputs.end());
  }
  return t;
}

traces::Trace LiveRecorder::Finish(const TraceHeader& header) {
  EndPass();
  for (const auto& ch : impl_->channels) {
    if (!ch->found_stack.empty()) impl_->Problem(ch->id() + " was still inside found_terminator at the end");
  }
  impl_->finished = true;
  if (!impl_->problems.empty()) {
    std::string what = "the run cannot be expressed as a trace (format 1):";
    for (const std::string& p : impl_->problems) what += "\n  - " + p;
    throw RecordingError(what);
  }
  traces::Trace t = Build(header);
  std::optional<traces::Mismatch> m;
  try {
    m = CheckReplay(t);
  } catch (const traces::TraceError& e) {
    throw RecordingError(std::string("self-check: the recorded trace does not replay: ") + e.what());
  }
  if (m) {
    throw RecordingError("self-check: replaying the recorded inputs on the reference does not give the outputs "
                         "seen live:\n" + m->message);
  }
  return t;
}

const std::vector<std::string>& LiveRecorder::problems() const { return impl_->problems; }

std::optional<traces::Mismatch> CheckReplay(const traces::Trace& trace) {
  // Through the text, so that what is checked is what a file would hold and
  // mismatches name its lines.
  traces::Trace parsed = traces::ParseTrace(traces::FormatTrace(trace), trace.file.empty() ? "<recording>" : trace.file);
  return traces::CompareTranscript(parsed, ReplayOnReference(parsed), traces::Profile::kStrict);
}

}  // namespace harness
