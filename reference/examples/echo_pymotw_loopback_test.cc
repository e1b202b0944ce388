// The PyMOTW echo example over real loopback sockets, with every backend:
// the client gets the exact message back and every channel closes.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/examples/example_util.h"
#include "reference/examples/pymotw_echo.h"

namespace examples::pymotw {
namespace {

constexpr int kMaxPasses = 500;
constexpr double kPassTimeout = 0.05;

class PymotwEchoLoopback : public ::testing::TestWithParam<asyncore::Backend> {};

// Sum of N over the handler's "collect_incoming_data() -> (N bytes)" lines.
std::size_t HandlerCollected(const std::vector<std::string>& log) {
  const std::string prefix = "EchoHandler: collect_incoming_data() -> (";
  std::size_t total = 0;
  for (const std::string& line : log) {
    if (line.rfind(prefix, 0) == 0) total += std::stoul(line.substr(prefix.size()));
  }
  return total;
}

TEST_P(PymotwEchoLoopback, ClientReceivesTheExactMessageAndEverythingCloses) {
  std::vector<std::string> log;
  asyncore::SocketMap map;
  EchoServer server(asyncore::SocketAddress::Inet("127.0.0.1", 0), &map, VectorSink(&log));
  ASSERT_NE(server.address().port(), 0);
  EchoClient client(std::string(kLoremMessage), &map, VectorSink(&log));
  client.Connect(server.address());

  RunUntil(map, GetParam(), [&] { return map.empty(); }, kMaxPasses, kPassTimeout);

  EXPECT_TRUE(map.empty()) << map.size() << " channel(s) still open";
  EXPECT_TRUE(client.received_copy());
  EXPECT_EQ(client.received(), kLoremMessage);
  EXPECT_LT(client.fileno(), 0);
  EXPECT_LT(server.fileno(), 0);  // it closed itself after its one accept
  ASSERT_FALSE(log.empty());
  EXPECT_EQ(log.front(), "EchoClient: connecting to ('127.0.0.1', " + std::to_string(server.address().port()) + ")");
  EXPECT_EQ(log.back(), "EchoClient: RECEIVED COPY OF MESSAGE");
  // The handler saw "ECHO 166" and the whole message, however it was chunked.
  EXPECT_EQ(HandlerCollected(log), 8u + kLoremMessage.size());
}

TEST_P(PymotwEchoLoopback, LongerMessageComesBackIntact) {
  std::string message;
  for (int i = 0; i < 4000; ++i) message += static_cast<char>('!' + (i * 7) % 90);
  asyncore::SocketMap map;
  EchoServer server(asyncore::SocketAddress::Inet("127.0.0.1", 0), &map, {});
  EchoClient client(message, &map, {});
  client.Connect(server.address());

  RunUntil(map, GetParam(), [&] { return map.empty(); }, kMaxPasses, kPassTimeout);

  EXPECT_TRUE(map.empty());
  EXPECT_TRUE(client.received_copy());
  EXPECT_EQ(client.received(), message);
}

TEST_P(PymotwEchoLoopback, ConnectionRefusedEndsTheClient) {
  // A port that was just free: bound, then closed, so nothing listens there.
  asyncore::SocketMap scratch_map;
  EchoServer probe(asyncore::SocketAddress::Inet("127.0.0.1", 0), &scratch_map, {});
  asyncore::SocketAddress closed_port = probe.address();
  probe.close();

  std::vector<std::string> log;
  asyncore::SocketMap map;
  EchoClient client(std::string(kLoremMessage), &map, VectorSink(&log));
  client.Connect(closed_port);
  RunUntil(map, GetParam(), [&] { return map.empty(); }, kMaxPasses, kPassTimeout);

  EXPECT_TRUE(map.empty());
  EXPECT_TRUE(client.finished());
  EXPECT_FALSE(client.received_copy());
  EXPECT_EQ(log.back(), "EchoClient: handle_close() before the whole copy arrived (0 of 166 bytes)");
}

INSTANTIATE_TEST_SUITE_P(Backends, PymotwEchoLoopback,
                         ::testing::Values(asyncore::Backend::kSelect, asyncore::Backend::kPoll,
                                           asyncore::Backend::kEpoll),
                         [](const ::testing::TestParamInfo<asyncore::Backend>& info) {
                           return std::string(asyncore::BackendName(info.param));
                         });

}  // namespace
}  // namespace examples::pymotw
