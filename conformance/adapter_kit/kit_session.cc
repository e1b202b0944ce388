#include "conformance/adapter_kit/kit_session.h"

#include <cerrno>
#include <exception>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "traces/errno_names.h"

namespace adapter_kit {

namespace {

using traces::Arg;

traces::Record Output(const std::string& channel, std::string verb, std::vector<Arg> args) {
  return traces::Record{traces::Record::Direction::kOutput, channel, std::move(verb), std::move(args), 0};
}

// Member order is destruction order reversed: the implementation's object
// goes first, while the socket and recorder it was given still exist.
struct Channel {
  std::unique_ptr<ScriptedSocket> socket;
  std::unique_ptr<Recorder> recorder;
  std::map<std::string, std::vector<std::string>> producers;
  std::unique_ptr<ChatUnderTest> chat;
};

class KitSession : public conformance::DriverSession {
 public:
  KitSession(const std::string& case_id, const Implementation& impl)
      : file_("case \"" + case_id + "\""), impl_(impl) {}

  void AddChannel(const traces::ChannelConfig& c) override {
    if (channels_.count(c.id)) Fail(c.line, "channel " + c.id + " declared twice");
    // Built aside and kept only once the implementation made it: a factory
    // that throws leaves no half channel behind.
    Channel ch;
    ch.socket = std::make_unique<ScriptedSocket>(c.id, &out_, c.send_cap);
    const std::string id = c.id;
    ch.recorder = std::make_unique<Recorder>(
        c.id, &out_, [this, id](const std::string& verb, const std::vector<Arg>& a, int line) { Call(id, verb, a, line); },
        [this] { return Kind(); }, !c.log.empty());
    const ChannelSetup setup{c.id, c.in_buffer, c.out_buffer, c.connected, c.log};
    ch.chat = impl_.make_channel(setup, *ch.socket, *ch.recorder);
    if (!ch.chat) Fail(c.line, "the adapter's make_channel returned no channel for " + c.id);
    channels_[c.id] = std::move(ch);
    out_.clear();  // creating a channel is not an output of any input
  }

  std::vector<traces::Record> Feed(const traces::Record& r) override {
    out_.clear();  // what an earlier Feed that threw left behind is not this input's
    auto found = channels_.find(r.channel);
    if (found == channels_.end()) Fail(r.line, "channel " + r.channel + " used before it is declared");
    Channel& ch = found->second;
    const std::vector<Arg>& a = r.args;
    if (r.verb == "read" || r.verb == "write" || r.verb == "poll") {
      if (ch.socket->closed()) return {};  // a loop drops a closed channel
      if (r.verb == "read") Script(*ch.socket, a);
      Guarded(r.channel, [&] {
        if (r.verb == "read") ch.chat->handle_read_event();
        else if (r.verb == "write") ch.chat->handle_write_event();
        else {
          const bool readable = ch.chat->readable(), writable = ch.chat->writable();
          out_.push_back(Output(r.channel, "poll", {Word(readable ? "readable=1" : "readable=0"),
                                                    Word(writable ? "writable=1" : "writable=0")}));
        }
      });
    } else if (r.verb == "send_budget") {
      ch.socket->ScriptSendBudget(std::stoull(a[0].text));
    } else if (r.verb == "send_error") {
      ch.socket->ScriptSendError(*traces::ErrnoFromName(a[0].text));
    } else if (r.verb == "producer") {
      std::vector<std::string> chunks;
      for (std::size_t i = 1; i < a.size(); ++i) chunks.push_back(a[i].text);
      ch.producers[a[0].text] = std::move(chunks);
    } else if (r.verb == "on") {
      ch.recorder->AddReaction(r);
    } else {
      Guarded(r.channel, [&] { Call(r.channel, r.verb, a, r.line); });
    }
    return std::exchange(out_, {});
  }

 private:
  static Arg Word(std::string s) { return Arg{Arg::Kind::kWord, std::move(s)}; }

  [[noreturn]] void Fail(int line, const std::string& what) const {
    throw traces::TraceError(file_ + ":" + std::to_string(line) + ": " + what);
  }

  static void Script(ScriptedSocket& socket, const std::vector<Arg>& a) {
    if (a[0].kind == Arg::Kind::kBytes) socket.ScriptRead(a[0].text);
    else if (a[0].text == "eof") socket.ScriptEof();
    else if (a[0].text == "wouldblock") socket.ScriptReadError(EAGAIN);
    else socket.ScriptReadError(*traces::ErrnoFromName(a[1].text));
  }

  // Runs `body`; an exception escaping it is the input's `raise`.
  template <class F>
  void Guarded(const std::string& channel, F body) {
    try {
      body();
    } catch (const traces::TraceError&) {
      throw;
    } catch (...) {
      out_.push_back(Output(channel, "raise", {Word(Kind())}));
    }
  }

  // The kind of the exception being handled.
  std::string Kind() const {
    if (!std::current_exception()) return "UnknownException";  // error() outside a catch block
    try {
      throw;
    } catch (const traces::TraceError&) {
      throw;
    } catch (...) {
      return impl_.exception_kind ? impl_.exception_kind() : DefaultExceptionKind();
    }
  }

  // An application call (an input or a reaction's action) on channel `id`.
  void Call(const std::string& id, const std::string& verb, const std::vector<Arg>& a, int line) {
    Channel& ch = channels_.at(id);
    ChatUnderTest& chat = *ch.chat;
    if (verb == "set_terminator") {
      Terminator t;
      if (a[0].text == "str:") t = {Terminator::Kind::kString, a[1].text, 0};
      else if (a[0].text != "none") t = {Terminator::Kind::kCount, "", std::stoll(a[0].text.substr(4))};
      chat.set_terminator(t);
    } else if (verb == "push") {
      chat.push(a[0].text);
    } else if (verb == "push_typed" && (a[0].text == "int" || a[0].text == "none")) {
      chat.push_object(a[0].text == "int" ? std::optional<std::int64_t>(std::stoll(a[1].text)) : std::nullopt);
    } else if (verb == "push_typed") {
      // bytearray and memoryview are bytes to C++; text has no C++
      // counterpart (typed_push is never declared, so it is never sent).
      if (a[0].text == "str") Fail(line, "push_typed str has no C++ counterpart");
      chat.push(a[1].text);
    } else if (verb == "push_with_producer") {
      if (a[0].kind == Arg::Kind::kBytes) return chat.push_bytes_with_producer(a[0].text);
      auto p = ch.producers.find(a[0].text);
      if (p == ch.producers.end()) Fail(line, "producer " + a[0].text + " used before it is declared");
      chat.push_with_producer(std::make_shared<Producer>(id, a[0].text, p->second, &out_));
    } else if (verb == "close_when_done") {
      chat.close_when_done();
    } else if (verb == "discard_buffers") {
      chat.discard_buffers();
    } else if (verb == "close") {
      chat.close();
    } else {
      Fail(line, verb + " is not an input this adapter kit runs");
    }
  }

  std::string file_;
  const Implementation& impl_;
  std::vector<traces::Record> out_;
  std::map<std::string, Channel> channels_;
};

}  // namespace

std::unique_ptr<conformance::DriverSession> StartKitSession(const std::string& case_id,
                                                            const Implementation& implementation) {
  return std::make_unique<KitSession>(case_id, implementation);
}

}  // namespace adapter_kit
