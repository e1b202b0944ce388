// handle_close over real sockets: when the peer closes, the read event's
// recv() returns nothing and handle_close() runs ([py2-asyncore-ja] event table); when
// the connection is broken (reset), the disconnect errno also leads to
// handle_close(), never to handle_error() (CPython's _DISCONNECTED).
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <string>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"
#include "reference/asyncore/testing/test_server.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::TestServer;

class DispatcherCloseTest : public LoopbackTest {
 protected:
  void Connect(TestServer<Recorder>& server, Recorder& client) {
    client.create_socket(af());
    client.connect(server.address());
    ASSERT_TRUE(RunUntil([&] { return client.connected() && server.handlers.size() == 1; }));
  }

  // Resets the server side of the connection. The client has first sent
  // bytes the server never reads: closing a Unix socket with unread data
  // resets it, and for TCP SO_LINGER {1, 0} does.
  void ResetFromServer(TestServer<Recorder>& server, Recorder& client) {
    Recorder& peer = *server.handlers[0];
    peer.read_enabled = false;
    const std::string unread(128, '\0');
    client.Queue(unread);
    ASSERT_TRUE(RunUntil([&] { return testkit::BytesAvailable(peer.fileno()) == 128; }));
    testkit::SetLingerReset(peer.fileno());
    peer.close();
  }

  // Exactly one handle_close, no handle_error, nothing after the close.
  static void ExpectClosedCleanly(const Recorder& client, int old_fd, const SocketMap& map) {
    EXPECT_EQ(client.count("close"), 1);
    EXPECT_TRUE(client.errors.empty()) << client.errors.front();
    EXPECT_EQ(client.calls_after_close, 0);
    EXPECT_EQ(client.fileno(), -1);
    EXPECT_EQ(map.Find(old_fd), nullptr);
  }
};

TEST_P(DispatcherCloseTest, PeerCloseMakesRecvEmptyAndCallsHandleClose) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  Connect(server, client);
  const int fd = client.fileno();

  server.handlers[0]->close();
  ASSERT_TRUE(RunUntil([&] { return client.closed(); }));

  ExpectClosedCleanly(client, fd, map_);
  EXPECT_EQ(client.empty_reads, 1);
  ASSERT_GE(client.events.size(), 2u);
  EXPECT_EQ(client.events[client.events.size() - 2], "read") << "the close is found by a read";
  EXPECT_EQ(client.events.back(), "close");
}

TEST_P(DispatcherCloseTest, ResetWhileReadingCallsHandleCloseNotHandleError) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  Connect(server, client);
  const int fd = client.fileno();

  ResetFromServer(server, client);
  ASSERT_TRUE(RunUntil([&] { return client.closed(); }));
  ExpectClosedCleanly(client, fd, map_);
}

TEST_P(DispatcherCloseTest, ResetWhileSendingCallsHandleCloseNotHandleError) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  Connect(server, client);
  const int fd = client.fileno();

  ResetFromServer(server, client);
  // Only writing now: the broken connection must show up through send().
  client.read_enabled = false;
  ASSERT_TRUE(testkit::WaitReadable(fd));
  client.Queue(std::string(128, 'y'));
  ASSERT_TRUE(RunUntil([&] { return client.closed(); }));
  ExpectClosedCleanly(client, fd, map_);
  EXPECT_EQ(client.count("read"), 0);
}

TEST_P(DispatcherCloseTest, PeerHalfCloseIsEndOfFileAfterItsDataAndCallsHandleCloseOnce) {
  // shutdown(SHUT_WR) reads like a close on this side: recv() returns 0
  // after the data sent before it, and asyncore calls handle_close(), which
  // closes the whole channel (CPython: handle_read -> recv -> handle_close).
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  Connect(server, client);
  const int fd = client.fileno();
  Recorder& peer = *server.handlers[0];
  peer.Queue("last words");
  ASSERT_TRUE(RunUntil([&] { return peer.queued() == 0; }));
  ASSERT_EQ(::shutdown(peer.fileno(), SHUT_WR), 0);

  ASSERT_TRUE(RunUntil([&] { return client.closed(); }));
  ExpectClosedCleanly(client, fd, map_);
  EXPECT_EQ(client.received, "last words");
  // The half-closed peer can still read: it sees the client's close as EOF.
  ASSERT_TRUE(RunUntil([&] { return peer.closed(); }));
  EXPECT_TRUE(peer.errors.empty());
  EXPECT_EQ(peer.count("close"), 1);
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(DispatcherCloseTest);

}  // namespace
}  // namespace asyncore
