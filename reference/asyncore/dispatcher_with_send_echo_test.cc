// DispatcherWithSend over real sockets, with the echo handler from [py2-asyncore-ja]'s
// example (recv(8192), send it back): everything sent comes back in order,
// including 1 MiB pushed through a sender with a small socket buffer, and
// the output buffers drain.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <memory>
#include <string>

#include "reference/asyncore/dispatcher_with_send.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/test_server.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::TestServer;

// [py2-asyncore-ja]'s EchoHandler.
class EchoHandler : public DispatcherWithSend {
 public:
  using DispatcherWithSend::DispatcherWithSend;
  void handle_read() override {
    std::string data = recv(8192);
    if (!data.empty()) send(data);
  }
};

class EchoClient : public DispatcherWithSend {
 public:
  using DispatcherWithSend::DispatcherWithSend;
  void handle_connect() override {}
  void handle_read() override {
    try {
      received += recv(65536);
    } catch (const BlockingIOError&) {
    }
  }
  void handle_error() override {
    ++errors;
    DispatcherWithSend::handle_error();
  }
  std::string received;
  int errors = 0;
};

// Bytes that differ from their neighbours, so a lost or reordered chunk shows.
std::string Pattern(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 7 + i / 251) % 256);
  return s;
}

class DispatcherWithSendEchoTest : public LoopbackTest {
 protected:
  void SetUp() override {
    LoopbackTest::SetUp();
    if (!IsSkipped()) server_ = std::make_unique<TestServer<EchoHandler>>(&map_, listen_address());
  }

  void Connect(EchoClient& client) {
    client.connect(server_->address());
    if (!client.connected()) {
      EXPECT_TRUE(client.writable()) << "writable while not yet connected";
    }
    ASSERT_TRUE(RunUntil([&] { return client.connected() && server_->handlers.size() == 1; }));
  }

  std::unique_ptr<TestServer<EchoHandler>> server_;
};

TEST_P(DispatcherWithSendEchoTest, EchoesSmallMessages) {
  EchoClient client(&map_);
  client.create_socket(af());
  ASSERT_NO_FATAL_FAILURE(Connect(client));
  EXPECT_FALSE(client.writable()) << "connected with nothing pending";

  client.send("hello, ");
  client.send("echo");
  ASSERT_TRUE(RunUntil([&] { return client.received.size() >= 11; }));
  EXPECT_EQ(client.received, "hello, echo");
  EXPECT_EQ(client.pending(), 0u);
  EXPECT_EQ(client.errors, 0);
}

TEST_P(DispatcherWithSendEchoTest, EchoesOneMebibyteThroughASmallSendBuffer) {
  EchoClient client(&map_);
  client.create_socket(af());
  const int small = 4096;
  ASSERT_EQ(setsockopt(client.fileno(), SOL_SOCKET, SO_SNDBUF, &small, sizeof(small)), 0);
  ASSERT_LT(testkit::GetIntSockOpt(client.fileno(), SOL_SOCKET, SO_SNDBUF), 65536);
  ASSERT_NO_FATAL_FAILURE(Connect(client));

  const std::string message = Pattern(1 << 20);
  EXPECT_EQ(client.send(message), message.size()) << "send() buffers everything";
  EXPECT_GT(client.pending(), 0u) << "1 MiB cannot leave through the small buffer at once";
  EXPECT_TRUE(client.writable());

  // The echo handler moves 8 KiB per read event: at least 128 passes.
  ASSERT_TRUE(RunUntil([&] { return client.received.size() >= message.size(); }, 5000))
      << "received " << client.received.size() << " of " << message.size();
  EXPECT_TRUE(client.received == message) << "echo differs from what was sent";
  EXPECT_EQ(client.pending(), 0u);
  EXPECT_FALSE(client.writable());
  EXPECT_EQ(server_->handlers[0]->pending(), 0u);
  EXPECT_EQ(client.errors, 0);
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(DispatcherWithSendEchoTest);

}  // namespace
}  // namespace asyncore
