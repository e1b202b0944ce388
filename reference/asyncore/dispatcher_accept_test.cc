// handle_accept and handle_accepted over real sockets: a read event on a
// listening dispatcher calls handle_accept(), whose default calls accept()
// and hands the new connection to handle_accepted(); accept() returns
// nothing when no connection is waiting ([py2-asyncore-ja] accept).
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <optional>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"
#include "reference/asyncore/testing/test_server.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::TestServer;
using testkit::UniqueFd;

// A listener that only counts; it does not take the connection.
class CountingListener : public Dispatcher {
 public:
  CountingListener(SocketMap* map, const SocketAddress& address) : Dispatcher(map) {
    create_socket(address.family());
    bind(address);
    listen(5);
  }
  void handle_accept() override { ++accepts; }
  void handle_accepted(AcceptedConnection) override { ++accepted; }
  int accepts = 0;
  int accepted = 0;
};

// A client made with blocking calls, so the only channel under test is the listener.
UniqueFd ConnectRaw(const SocketAddress& address) {
  UniqueFd fd(::socket(address.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() >= 0 && ::connect(fd.get(), address.sockaddr_ptr(), address.length()) < 0) fd.reset();
  return fd;
}

class DispatcherAcceptTest : public LoopbackTest {};

TEST_P(DispatcherAcceptTest, IncomingConnectionCallsHandleAccept) {
  CountingListener listener(&map_, listen_address());
  UniqueFd client = ConnectRaw(testkit::LocalAddress(listener.fileno()));
  ASSERT_GE(client.get(), 0);

  ASSERT_TRUE(RunUntil([&] { return listener.accepts >= 1; }));
  EXPECT_EQ(listener.accepted, 0) << "an overridden handle_accept replaces the default entirely";
  EXPECT_TRUE(listener.accepting());
  EXPECT_FALSE(listener.connected());
}

TEST_P(DispatcherAcceptTest, DefaultHandleAcceptPassesTheConnectionToHandleAccepted) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  client.create_socket(af());
  client.connect(server.address());

  ASSERT_TRUE(RunUntil([&] { return server.handlers.size() == 1; }));
  ASSERT_EQ(server.peers.size(), 1u);
  EXPECT_EQ(server.peers[0].family(), af());
  if (!is_unix()) {
    EXPECT_EQ(server.peers[0].ToString(), testkit::LocalAddress(client.fileno()).ToString());
  }
  Recorder& accepted = *server.handlers[0];
  EXPECT_NE(accepted.fileno(), server.fileno());
  EXPECT_EQ(map_.Find(accepted.fileno()), &accepted);
  EXPECT_TRUE(accepted.connected());
  EXPECT_FALSE(accepted.accepting());
}

TEST_P(DispatcherAcceptTest, AcceptReturnsNothingWhenNoConnectionIsWaiting) {
  CountingListener listener(&map_, listen_address());
  EXPECT_FALSE(listener.accept().has_value());

  // The default handle_accept must then not call handle_accepted.
  listener.Dispatcher::handle_accept();
  EXPECT_EQ(listener.accepted, 0);
}

TEST_P(DispatcherAcceptTest, DefaultHandleAcceptedClosesTheConnection) {
  Dispatcher server(&map_);
  SocketAddress address = listen_address();
  server.create_socket(af());
  server.bind(address);
  server.listen(5);
  UniqueFd client = ConnectRaw(testkit::LocalAddress(server.fileno()));
  ASSERT_GE(client.get(), 0);

  // The client sees end-of-file once the server has dropped the connection.
  auto client_sees_eof = [&] {
    char c;
    return ::recv(client.get(), &c, 1, MSG_DONTWAIT) == 0;
  };
  ASSERT_TRUE(RunUntil(client_sees_eof));
  EXPECT_TRUE(server.accepting());
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(DispatcherAcceptTest);

}  // namespace
}  // namespace asyncore
