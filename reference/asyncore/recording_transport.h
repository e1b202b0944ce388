// RecordingTransport: a transport decorator that reports each recv(), send(),
// close() and take_error() of the transport it wraps (a real SocketTransport,
// usually) to an observer, then returns exactly what the wrapped transport
// returned or throws what it threw. The dispatcher and AsyncChat above it run
// unchanged; this is how a live run over real sockets becomes a trace
// (reference/harness/live_recorder.h).
//
// Reports (TransportCall), each after the wrapped call returned or threw:
//  - recv: the buffer size asked for and the bytes returned (none: EOF), or
//    the errno thrown (EAGAIN for would-block);
//  - send: the bytes offered and the count accepted, or the errno thrown;
//  - close: once, the first time the wrapped transport is closed (later
//    close() calls, e.g. from a dispatcher's destructor, are not reported);
//  - take_error: the pending socket error returned (the dispatcher asks for
//    it when a connecting channel gets its first event, and on expt events).
// accept() wraps each accepted connection in a RecordingTransport reporting to
// the same observer, so a listening server's handlers are recorded too.
// Everything else (fileno, connect_ex, bind, listen, peer_address, ...) is
// forwarded unreported.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_RECORDING_TRANSPORT_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_RECORDING_TRANSPORT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "reference/asyncore/transport.h"

namespace asyncore {

struct TransportCall {
  enum class Kind { kRecv, kSend, kClose, kTakeError } kind;
  std::size_t requested = 0;  // recv: buffer size; send: bytes offered
  std::string data;           // recv: bytes returned; send: bytes offered
  std::size_t result = 0;     // recv: bytes returned; send: bytes accepted
  int error = 0;              // recv/send: errno thrown, 0 if none; take_error: its result
};

class RecordingTransport : public Transport {
 public:
  // Called with the transport that made the call (its identity tells
  // channels apart) and what happened.
  using Observer = std::function<void(RecordingTransport& transport, const TransportCall& call)>;

  // `inner` must not be null.
  RecordingTransport(std::unique_ptr<Transport> inner, Observer observer);
  ~RecordingTransport() override = default;
  RecordingTransport(const RecordingTransport&) = delete;
  RecordingTransport& operator=(const RecordingTransport&) = delete;

  // Replaces the observer (null: report nothing), e.g. once a recorder knows
  // which channel this transport belongs to.
  void set_observer(Observer observer) { observer_ = std::move(observer); }
  Transport& inner() const { return *inner_; }
  bool closed() const { return closed_; }

  int fileno() const override { return inner_->fileno(); }
  bool pollable() const override { return inner_->pollable(); }
  std::size_t recv(char* buf, std::size_t n) override;
  std::size_t send(std::string_view data) override;
  void close() override;
  int take_error() override;

  int connect_ex(const SocketAddress& address) override { return inner_->connect_ex(address); }
  void bind(const SocketAddress& address) override { inner_->bind(address); }
  void listen(int backlog) override { inner_->listen(backlog); }
  std::optional<AcceptedConnection> accept() override;
  SocketAddress peer_address() const override { return inner_->peer_address(); }
  void set_reuse_addr() override { inner_->set_reuse_addr(); }

 private:
  void Report(const TransportCall& call);

  std::unique_ptr<Transport> inner_;
  Observer observer_;
  bool closed_ = false;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_RECORDING_TRANSPORT_H_
