// The asyncore echo server example of [py2-asyncore-ja] (spec/SPEC.md)
// ("基本的な echo サーバーの例"), in C++.
//
//  - EchoHandler: a DispatcherWithSend whose handle_read() recv(8192)s and
//    send()s the data straight back (send buffers what the socket does not
//    take at once). One addition for bounded memory: readable() is false
//    while more than kMaxPending bytes wait to be sent, so a client that
//    sends without reading is not read from until it catches up.
//  - EchoServer: a Dispatcher that creates a socket, set_reuse_addr(),
//    bind()s, listen(5)s, and for each accepted connection logs
//    "Incoming connection from <repr(addr)>" and creates a map-owned
//    EchoHandler (Python's `handler = EchoHandler(sock)`). accept() returning
//    nothing (None in Python) is ignored, as documented.
// Works over IPv4, IPv6 and Unix-domain stream sockets.
#ifndef ASYNCHAT_REFERENCE_EXAMPLES_ASYNCORE_ECHO_H_
#define ASYNCHAT_REFERENCE_EXAMPLES_ASYNCORE_ECHO_H_

#include <cstddef>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/dispatcher_with_send.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/example_util.h"

namespace examples::asyncore_echo {

class EchoHandler : public asyncore::DispatcherWithSend {
 public:
  static constexpr std::size_t kRecvSize = 8192;
  static constexpr std::size_t kMaxPending = 1 << 20;

  using asyncore::DispatcherWithSend::DispatcherWithSend;

  void handle_read() override;
  bool readable() override { return pending() <= kMaxPending; }
  std::size_t echoed() const { return echoed_; }

 private:
  std::size_t echoed_ = 0;
};

class EchoServer : public asyncore::Dispatcher {
 public:
  // Listens on `address` (an Inet port of 0 lets the kernel pick; see
  // address()). Throws std::system_error if the socket cannot be set up.
  EchoServer(const asyncore::SocketAddress& address, asyncore::SocketMap* map, LogSink log);

  // The address actually bound.
  const asyncore::SocketAddress& address() const { return address_; }
  std::size_t accepted() const { return accepted_; }

  void handle_accept() override;
  void handle_close() override { close(); }

 private:
  LogSink log_;
  asyncore::SocketAddress address_;
  std::size_t accepted_ = 0;
};

}  // namespace examples::asyncore_echo

#endif  // ASYNCHAT_REFERENCE_EXAMPLES_ASYNCORE_ECHO_H_
