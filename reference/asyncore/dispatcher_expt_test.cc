// handle_expt over TCP: out-of-band (urgent) data is an exceptional
// condition, delivered through handle_expt() ([py2-asyncore-ja] handle_expt). Unix-domain
// sockets have no out-of-band data, so those cases skip.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <string>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"
#include "reference/asyncore/testing/test_server.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::TestServer;

// Takes the urgent byte in handle_expt; left unread it would keep the
// condition raised.
class OobReceiver : public Recorder {
 public:
  using Recorder::Recorder;
  void handle_expt() override {
    Record("expt");
    char byte;
    if (::recv(fileno(), &byte, 1, MSG_OOB) == 1) oob += byte;
  }
  std::string oob;
};

class DispatcherExptTest : public LoopbackTest {};

TEST_P(DispatcherExptTest, OutOfBandDataCallsHandleExpt) {
  if (is_unix()) GTEST_SKIP() << "Unix-domain sockets do not support out-of-band data";
  TestServer<Recorder> server(&map_, listen_address());
  OobReceiver client(&map_);
  client.create_socket(af());
  client.connect(server.address());
  ASSERT_TRUE(RunUntil([&] { return client.connected() && server.handlers.size() == 1; }));
  ASSERT_EQ(client.count("expt"), 0);

  auto* peer = dynamic_cast<SocketTransport*>(server.handlers[0]->socket());
  ASSERT_NE(peer, nullptr);
  peer->send_oob('\xF4');
  ASSERT_TRUE(RunUntil([&] { return !client.oob.empty(); }));

  EXPECT_EQ(client.oob, "\xF4");
  EXPECT_GE(client.count("expt"), 1);
  EXPECT_TRUE(client.errors.empty());
  EXPECT_TRUE(client.connected()) << "handle_expt is not a close";
  EXPECT_EQ(client.received, "") << "the urgent byte is not part of the stream";
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(DispatcherExptTest);

}  // namespace
}  // namespace asyncore
