// reference_kit_adapter: the C++ reference's async_chat served through the
// C++ adapter kit (conformance/adapter_kit/adapter_kit.h), as a foreign
// implementation's adapter would serve it: the reference's AsyncChat over a
// transport answered by the kit's ScriptedSocket, its callbacks and its
// log_info reported to the kit's Recorder. It shows that the kit carries a
// complete async_chat; the reference_adapter binary (reference_session.h)
// stays the reference's full adapter, app= channels and listeners included,
// which the kit's per-channel interface does not cover.
//
//   reference_kit_adapter [--help]
#include <atomic>
#include <cerrno>
#include <memory>

#include "conformance/adapter_kit/adapter_kit.h"
#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/os_error.h"
#include "reference/harness/reference_session.h"
#include "traces/observables.h"

namespace {

// A transport whose calls the kit answers; errors thrown as the reference's
// transports throw them.
class KitTransport : public asyncore::Transport {
 public:
  KitTransport(adapter_kit::ScriptedSocket& socket, const bool* connected) : socket_(socket), connected_(connected) {}
  int fileno() const override { return id_; }
  bool pollable() const override { return false; }
  std::size_t recv(char* buf, std::size_t n) override { return Check(socket_.recv(buf, n), "recv (kit)"); }
  std::size_t send(std::string_view data) override { return Check(socket_.send(data.data(), data.size()), "send (kit)"); }
  void close() override { socket_.close(); }
  int take_error() override { return 0; }
  int connect_ex(const asyncore::SocketAddress&) override { return EINPROGRESS; }
  asyncore::SocketAddress peer_address() const override {
    if (!*connected_) asyncore::ThrowOsError(ENOTCONN, "getpeername (kit)");
    return asyncore::SocketAddress::Inet("127.0.0.1", 0);
  }

 private:
  static std::size_t Check(long result, const char* what) {
    if (result < 0) asyncore::ThrowOsError(errno, what);
    return static_cast<std::size_t>(result);
  }
  // Synthetic ids far above any descriptor, as ScriptedTransport's.
  static inline std::atomic<int> next_id_{1 << 29};
  int id_ = next_id_++;
  adapter_kit::ScriptedSocket& socket_;
  const bool* connected_;
};

class ReportingChat : public asynchat::AsyncChat {
 public:
  ReportingChat(std::unique_ptr<asyncore::Transport> t, asyncore::SocketMap* map, adapter_kit::Recorder& recorder)
      : AsyncChat(std::move(t), map), recorder_(recorder) {}
  void collect_incoming_data(std::string_view data) override { recorder_.collect(data); }
  void found_terminator() override { recorder_.found_terminator(); }
  // The dispatcher's defaults stay, for what they log.
  void handle_connect() override {
    recorder_.connect();
    asyncore::Dispatcher::handle_connect();
  }
  void handle_close() override {
    if (recorder_.handle_close()) close();
  }
  void handle_error() override {
    recorder_.error();
    in_handle_error_ = true;
    try {
      AsyncChat::handle_error();
    } catch (...) {
      in_handle_error_ = false;
      throw;
    }
    in_handle_error_ = false;
  }
  // The reference's own filter (ignore_log_types) decides what is logged.
  void log_info(std::string_view message, std::string_view type) override {
    if (log_type_ignored(type)) return;
    recorder_.log(type, in_handle_error_ ? std::string_view(traces::kHandleErrorLogMessage) : message);
  }

 private:
  adapter_kit::Recorder& recorder_;
  bool in_handle_error_ = false;
};

class KitProducer : public asynchat::Producer {
 public:
  explicit KitProducer(std::shared_ptr<adapter_kit::Producer> p) : p_(std::move(p)) {}
  std::string more() override { return p_->more(); }

 private:
  std::shared_ptr<adapter_kit::Producer> p_;
};

// Member order: the chat leaves the map, and stops using the transport's
// `connected_`, before either goes.
class Channel : public adapter_kit::ChatUnderTest {
 public:
  Channel(const adapter_kit::ChannelSetup& setup, adapter_kit::ScriptedSocket& socket, adapter_kit::Recorder& recorder)
      : connected_(setup.connected),
        chat_(std::make_unique<KitTransport>(socket, &connected_), &map_, recorder) {
    if (setup.in_buffer) chat_.set_ac_in_buffer_size(*setup.in_buffer);
    if (setup.out_buffer) chat_.set_ac_out_buffer_size(*setup.out_buffer);
    if (setup.log == "all") chat_.set_ignore_log_types({});  // what the application sets
    if (!setup.connected) chat_.connect(asyncore::SocketAddress::Inet("127.0.0.1", 0));
    connected_ = true;  // the peer answers; the first event completes the connect
  }

  void set_terminator(const adapter_kit::Terminator& t) override {
    using Kind = adapter_kit::Terminator::Kind;
    chat_.set_terminator(t.kind == Kind::kString  ? asynchat::Terminator::String(t.bytes)
                         : t.kind == Kind::kCount ? asynchat::Terminator::Count(t.count)
                                                  : asynchat::Terminator::None());
  }
  void push(std::string_view data) override { chat_.push(data); }
  void push_with_producer(std::shared_ptr<adapter_kit::Producer> p) override {
    chat_.push_with_producer(std::make_shared<KitProducer>(std::move(p)));
  }
  void close_when_done() override { chat_.close_when_done(); }
  void discard_buffers() override { chat_.discard_buffers(); }
  void close() override { chat_.close(); }
  // As the select loop dispatches: exceptions reach the chat's handle_error.
  void handle_read_event() override { asyncore::dispatch_read(chat_); }
  void handle_write_event() override { asyncore::dispatch_write(chat_); }
  bool readable() override { return chat_.readable(); }
  bool writable() override { return chat_.writable(); }

 private:
  bool connected_;
  asyncore::SocketMap map_;
  ReportingChat chat_;
};

}  // namespace

int main(int argc, char** argv) {
  adapter_kit::Implementation impl;
  impl.name = "asynchat-conformance C++ reference (through the adapter kit)";
  adapter_kit::Features& f = impl.features;
  f.int_terminator = f.none_terminator = f.buffer_sizes = f.producers = f.close_when_done = f.discard_buffers =
      f.connect = f.poll = f.connect_reactions = f.close_reactions = f.logging = true;
  impl.make_channel = [](const adapter_kit::ChannelSetup& setup, adapter_kit::ScriptedSocket& socket,
                         adapter_kit::Recorder& recorder) { return std::make_unique<Channel>(setup, socket, recorder); };
  impl.exception_kind = harness::CurrentExceptionKind;
  return adapter_kit::RunAdapter(argc, argv, impl);
}
