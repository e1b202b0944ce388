// mini_chat_adapter: MiniChat (mini_chat.h) as a driver-protocol adapter,
// built on the C++ adapter kit (conformance/adapter_kit/adapter_kit.h).
//
//   conformance --impl-cmd "bazel-bin/conformance/adapter_kit/example/mini_chat_adapter"
//
// Everything an adapter writer has to write is here: MiniChat's socket
// calls go to the kit's ScriptedSocket, its callbacks to the Recorder, and
// the kit's application calls and loop events to MiniChat.
#include "conformance/adapter_kit/adapter_kit.h"
#include "conformance/adapter_kit/example/mini_chat.h"

namespace {

// MiniChat's socket, answered by the kit from the case's script.
class KitSocket : public mini_chat::Socket {
 public:
  explicit KitSocket(adapter_kit::ScriptedSocket& socket) : socket_(socket) {}
  long recv(void* buf, std::size_t n) override { return socket_.recv(buf, n); }
  long send(const void* data, std::size_t n) override { return socket_.send(data, n); }
  void close() override { socket_.close(); }

 private:
  adapter_kit::ScriptedSocket& socket_;
};

// The application's side of MiniChat: every callback reported.
class ReportingChat : public mini_chat::MiniChat {
 public:
  ReportingChat(mini_chat::Socket& socket, const adapter_kit::ChannelSetup& setup, adapter_kit::Recorder& recorder)
      : MiniChat(socket, setup.in_buffer.value_or(kDefaultBufferSize), setup.out_buffer.value_or(kDefaultBufferSize)),
        recorder_(recorder) {}

 protected:
  void collect_incoming_data(std::string_view data) override { recorder_.collect(data); }
  void found_terminator() override { recorder_.found_terminator(); }
  void handle_close() override {
    if (recorder_.handle_close()) close();
  }
  void handle_error() override {
    recorder_.error();
    handle_close();
  }

 private:
  adapter_kit::Recorder& recorder_;
};

// One channel of a case: the kit's calls and events, made on MiniChat.
class Channel : public adapter_kit::ChatUnderTest {
 public:
  Channel(const adapter_kit::ChannelSetup& setup, adapter_kit::ScriptedSocket& socket, adapter_kit::Recorder& recorder)
      : socket_(socket), chat_(socket_, setup, recorder) {}

  void set_terminator(const adapter_kit::Terminator& t) override {
    using Kind = adapter_kit::Terminator::Kind;
    if (t.kind == Kind::kString) chat_.set_terminator(t.bytes);
    else if (t.kind == Kind::kCount) chat_.set_terminator(t.count);
    else chat_.clear_terminator();
  }
  void push(std::string_view data) override { chat_.push(data); }
  void close_when_done() override { chat_.close_when_done(); }
  void close() override { chat_.close(); }
  void handle_read_event() override { chat_.on_readable(); }
  void handle_write_event() override { chat_.on_writable(); }

 private:
  KitSocket socket_;
  ReportingChat chat_;
};

// Python's names for MiniChat's exceptions (CPython raises AttributeError
// for input before set_terminator).
std::string KindOf() {
  try {
    throw;
  } catch (const mini_chat::NoTerminatorError&) {
    return "AttributeError";
  } catch (...) {
    return adapter_kit::DefaultExceptionKind();
  }
}

}  // namespace

int main(int argc, char** argv) {
  adapter_kit::Implementation impl;
  impl.name = "MiniChat (conformance/adapter_kit/example)";
#ifdef MINI_CHAT_BROKEN_PREFIX
  impl.name += ", broken: no held-back terminator prefix";
#endif
  impl.features.int_terminator = impl.features.none_terminator = true;  // and string_terminator, the default
  impl.features.buffer_sizes = impl.features.close_when_done = impl.features.close_reactions = true;
  impl.make_channel = [](const adapter_kit::ChannelSetup& setup, adapter_kit::ScriptedSocket& socket,
                         adapter_kit::Recorder& recorder) {
    return std::make_unique<Channel>(setup, socket, recorder);
  };
  impl.exception_kind = KindOf;
  return adapter_kit::RunAdapter(argc, argv, impl);
}
