// TestServer<Handler>: a listening dispatcher set up as asyncore's echo
// server example is (create_socket, set_reuse_addr, bind, listen(5)). It
// wraps each accepted connection in a Handler that it keeps, so a test can
// reach the server side of every connection.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_TESTING_TEST_SERVER_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_TESTING_TEST_SERVER_H_

#include <memory>
#include <vector>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/testing/loopback.h"

namespace asyncore::testkit {

template <class Handler>
class TestServer : public Dispatcher {
 public:
  TestServer(SocketMap* map, const SocketAddress& address) : Dispatcher(map) {
    create_socket(address.family());
    set_reuse_addr();
    bind(address);
    listen(5);
    // Port 0 was asked for; clients need the one the kernel picked.
    address_ = LocalAddress(socket()->fileno());
  }

  const SocketAddress& address() const { return address_; }

  void handle_accept() override {
    ++accept_events;
    Dispatcher::handle_accept();
  }

  void handle_accepted(AcceptedConnection connection) override {
    peers.push_back(connection.address);
    handlers.push_back(std::make_unique<Handler>(std::move(connection.transport), &socket_map()));
  }

  void handle_error() override {
    ++errors;
    Dispatcher::handle_error();
  }

  int accept_events = 0;
  int errors = 0;
  std::vector<SocketAddress> peers;  // as accept() reported them
  std::vector<std::unique_ptr<Handler>> handlers;

 private:
  SocketAddress address_;
};

}  // namespace asyncore::testkit

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_TESTING_TEST_SERVER_H_
