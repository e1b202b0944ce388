// Test helpers shared by the example tests: driving a dispatcher over a
// ScriptedTransport by hand, and a scripted listening transport.
#ifndef ASYNCHAT_REFERENCE_EXAMPLES_TEST_SUPPORT_H_
#define ASYNCHAT_REFERENCE_EXAMPLES_TEST_SUPPORT_H_

#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/os_error.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/transport.h"

namespace examples::testing {

// Delivers read events (with the loop's error routing) while the script has
// recv steps left and the transport is open; at most max_events. Returns the
// number of events delivered.
inline int ReadAll(asyncore::Dispatcher& d, const asyncore::ScriptedTransport& t, int max_events = 10000) {
  int n = 0;
  while (n < max_events && t.recv_steps_left() > 0 && !t.closed()) {
    asyncore::dispatch_read(d);
    ++n;
  }
  return n;
}

// Delivers write events while the dispatcher wants to write and the
// transport is open; at most max_events. Returns the number delivered.
inline int WriteAll(asyncore::Dispatcher& d, const asyncore::ScriptedTransport& t, int max_events = 10000) {
  int n = 0;
  while (n < max_events && !t.closed() && d.writable()) {
    asyncore::dispatch_write(d);
    ++n;
  }
  return n;
}

// Script `data` as recv steps of at most `chunk` bytes each.
inline void AddRecvChunks(asyncore::ScriptedTransport& t, std::string_view data, std::size_t chunk) {
  for (std::size_t i = 0; i < data.size(); i += chunk) t.AddRecv(std::string(data.substr(i, chunk)));
}

// A listening transport whose accept() hands out one prepared connection
// (then reports nothing pending). Not pollable: tests deliver the read
// event that triggers handle_accept() themselves.
class ScriptedListener : public asyncore::Transport {
 public:
  explicit ScriptedListener(std::unique_ptr<asyncore::Transport> pending,
                            asyncore::SocketAddress peer = asyncore::SocketAddress::Inet("127.0.0.1", 59602))
      : pending_(std::move(pending)), peer_(std::move(peer)) {}

  int fileno() const override { return id_source_.fileno(); }  // a synthetic id no one else uses
  bool pollable() const override { return false; }
  std::size_t recv(char*, std::size_t) override { asyncore::ThrowOsError(ENOTCONN, "recv (listener)"); }
  std::size_t send(std::string_view) override { asyncore::ThrowOsError(ENOTCONN, "send (listener)"); }
  void close() override { closed_ = true; }
  int take_error() override { return 0; }
  void listen(int backlog) override { backlog_ = backlog; }
  std::optional<asyncore::AcceptedConnection> accept() override {
    if (closed_) asyncore::ThrowOsError(EBADF, "accept (listener)");
    if (!pending_) return std::nullopt;
    return asyncore::AcceptedConnection{std::move(pending_), peer_};
  }

  bool closed() const { return closed_; }
  int backlog() const { return backlog_; }

 private:
  asyncore::ScriptedTransport id_source_;
  std::unique_ptr<asyncore::Transport> pending_;
  asyncore::SocketAddress peer_;
  bool closed_ = false;
  int backlog_ = -1;
};

}  // namespace examples::testing

#endif  // ASYNCHAT_REFERENCE_EXAMPLES_TEST_SUPPORT_H_
