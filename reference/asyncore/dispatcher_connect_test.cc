// handle_connect and the connection attributes over real sockets: a
// non-blocking connect() to a listening dispatcher completes on the first
// read or write event, which calls handle_connect() before connected()
// becomes true ([py2-asyncore-ja] event table; CPython's handle_connect_event).
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"
#include "reference/asyncore/testing/test_server.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::TestServer;

class DispatcherConnectTest : public LoopbackTest {};

TEST_P(DispatcherConnectTest, HandleConnectRunsOnceOnTheFirstEventBeforeConnected) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  client.create_socket(af());
  client.connect(server.address());
  if (client.connecting()) {
    // Still in progress (TCP): nothing may have been reported yet.
    EXPECT_EQ(client.count("connect"), 0);
    EXPECT_FALSE(client.connected());
  } else {
    // Unix-domain connects complete inside connect(), which then reports at once.
    EXPECT_EQ(client.count("connect"), 1);
  }

  ASSERT_TRUE(RunUntil([&] { return client.connected(); }));
  RunPasses(2);

  EXPECT_EQ(client.count("connect"), 1);
  EXPECT_EQ(client.events.front(), "connect") << "handle_connect must precede handle_read/handle_write";
  EXPECT_FALSE(client.connected_in_handle_connect);
  EXPECT_FALSE(client.connecting());
  EXPECT_TRUE(client.errors.empty());
}

TEST_P(DispatcherConnectTest, QuickConnectCompletesWithinAFewPasses) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  client.create_socket(af());
  client.connect(server.address());

  ASSERT_TRUE(RunUntil([&] { return client.connected() && server.handlers.size() == 1; }));
  EXPECT_TRUE(server.handlers[0]->connected());
  EXPECT_EQ(client.addr().ToString(), server.address().ToString());
  if (!is_unix()) {
    // The accepted side's addr is the peer: the client's own address.
    EXPECT_EQ(server.handlers[0]->addr().ToString(), testkit::LocalAddress(client.fileno()).ToString());
  }
  EXPECT_EQ(server.errors, 0);
}

TEST_P(DispatcherConnectTest, ConnectionResetBeforeAcceptIsNotAnError) {
  TestServer<Recorder> server(&map_, listen_address());
  {
    // A peer that connects and resets before the server's first pass
    // (bpo-10340): accept() may return nothing or a dead socket.
    testkit::UniqueFd quick(::socket(af(), SOCK_STREAM, 0));
    ASSERT_GE(quick.get(), 0);
    testkit::SetLingerReset(quick.get());
    ASSERT_EQ(::connect(quick.get(), server.address().sockaddr_ptr(), server.address().length()), 0);
  }
  ASSERT_TRUE(RunUntil([&] { return server.accept_events >= 1; }));
  RunPasses(2);

  // The server keeps serving: a well-behaved client still gets through.
  Recorder client(&map_);
  client.create_socket(af());
  client.connect(server.address());
  ASSERT_TRUE(RunUntil([&] { return client.connected() && !server.handlers.empty() && server.handlers.back()->connected(); }));
  EXPECT_EQ(server.errors, 0);
  EXPECT_TRUE(server.accepting());
  for (const auto& handler : server.handlers) EXPECT_TRUE(handler->errors.empty());
}

TEST_P(DispatcherConnectTest, ConnectionAttributesFollowEachStep) {
  TestServer<Recorder> server(&map_, listen_address());
  EXPECT_FALSE(server.connected());
  EXPECT_TRUE(server.accepting());
  EXPECT_FALSE(server.connecting());
  EXPECT_EQ(server.addr().family(), af());

  Recorder client(&map_);
  client.create_socket(af());
  EXPECT_FALSE(client.connected());
  EXPECT_FALSE(client.accepting());
  EXPECT_FALSE(client.connecting());
  EXPECT_TRUE(client.addr().empty());

  client.connect(server.address());
  EXPECT_NE(client.connecting(), client.connected()) << "exactly one: in progress, or already done";
  EXPECT_FALSE(client.accepting());
  EXPECT_EQ(client.addr().ToString(), server.address().ToString());

  ASSERT_TRUE(RunUntil([&] { return client.connected(); }));
  EXPECT_FALSE(client.connecting());
  EXPECT_FALSE(client.accepting());
  EXPECT_FALSE(server.connected());
  EXPECT_TRUE(server.accepting());

  client.close();
  EXPECT_FALSE(client.connected());
  EXPECT_FALSE(client.accepting());
  EXPECT_FALSE(client.connecting());
  EXPECT_EQ(client.fileno(), -1);
  EXPECT_TRUE(server.accepting());

  server.close();
  EXPECT_FALSE(server.connected());
  EXPECT_FALSE(server.accepting());
}

TEST_P(DispatcherConnectTest, RefusedConnectIsReportedAsAnError) {
  // Bound but not listening: a connect to it is refused.
  testkit::UniqueFd closed_port(::socket(af(), SOCK_STREAM, 0));
  SocketAddress target = listen_address();
  ASSERT_EQ(::bind(closed_port.get(), target.sockaddr_ptr(), target.length()), 0);
  target = testkit::LocalAddress(closed_port.get());

  Recorder client(&map_);
  client.create_socket(af());
  if (is_unix()) {
    // Unix-domain connects fail at once, inside connect().
    try {
      client.connect(target);
      FAIL() << "connect to a socket that is not listening succeeded";
    } catch (const std::system_error& e) {
      EXPECT_EQ(ErrnoOf(e), ECONNREFUSED);
    }
    return;
  }
  client.connect(target);
  ASSERT_TRUE(RunUntil([&] { return client.closed(); }));
  EXPECT_EQ(client.count("connect"), 0);
  ASSERT_EQ(client.error_errnos.size(), 1u);
  EXPECT_EQ(client.error_errnos[0], ECONNREFUSED);
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(DispatcherConnectTest);

}  // namespace
}  // namespace asyncore
