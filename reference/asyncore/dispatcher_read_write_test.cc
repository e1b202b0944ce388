// handle_read and handle_write over real sockets: data from the peer
// arrives through handle_read() (recv), and a writable() channel gets
// handle_write() when its socket can take data ([py2-asyncore-ja] handle_read/handle_write).
#include <gtest/gtest.h>

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

class DispatcherReadWriteTest : public LoopbackTest {
 protected:
  // Connects client to server and waits until both ends are established.
  void Connect(TestServer<Recorder>& server, Recorder& client) {
    client.create_socket(af());
    client.connect(server.address());
    ASSERT_TRUE(RunUntil([&] { return client.connected() && server.handlers.size() == 1; }));
  }
};

TEST_P(DispatcherReadWriteTest, HandleReadReceivesWhatThePeerSent) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  Connect(server, client);

  const std::string data(1024, 'x');
  server.handlers[0]->Queue(data);
  ASSERT_TRUE(RunUntil([&] { return client.received.size() >= data.size(); }));

  EXPECT_EQ(client.received, data);
  EXPECT_GE(client.count("read"), 1);
  EXPECT_TRUE(client.errors.empty());
  EXPECT_FALSE(client.closed());
}

TEST_P(DispatcherReadWriteTest, HandleWriteSendsToThePeer) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  Connect(server, client);

  client.Queue("hello, server");
  ASSERT_TRUE(RunUntil([&] { return server.handlers[0]->received.size() >= 13; }));
  EXPECT_EQ(server.handlers[0]->received, "hello, server");
  EXPECT_EQ(client.queued(), 0u);
  EXPECT_GE(client.count("write"), 1);
}

TEST_P(DispatcherReadWriteTest, NoHandleWriteWhileNotWritable) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  Connect(server, client);

  // Connected with nothing queued: writable() is false from here on, so
  // the always-writable socket must not produce handle_write calls.
  const int writes_so_far = client.count("write");
  RunPasses(3);
  EXPECT_EQ(client.count("write"), writes_so_far);

  client.always_writable = true;
  RunPasses(1);
  EXPECT_EQ(client.count("write"), writes_so_far + 1);
}

TEST_P(DispatcherReadWriteTest, NoHandleReadWhileNotReadable) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  Connect(server, client);

  client.read_enabled = false;
  server.handlers[0]->Queue("ignored for now");
  ASSERT_TRUE(RunUntil([&] { return server.handlers[0]->queued() == 0; }));
  ASSERT_TRUE(testkit::WaitReadable(client.fileno()));
  RunPasses(3);
  EXPECT_EQ(client.count("read"), 0);

  client.read_enabled = true;
  ASSERT_TRUE(RunUntil([&] { return client.received == "ignored for now"; }));
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(DispatcherReadWriteTest);

}  // namespace
}  // namespace asyncore
