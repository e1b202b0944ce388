// The asyncore echo server of [py2-asyncore-ja] over loopback: several clients each send
// several messages (IPv4 with every backend, and a Unix socket) and get each
// one back intact; plus the handler's bounded output over a scripted socket.
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "reference/asyncore/dispatcher_with_send.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/asyncore_echo.h"
#include "reference/examples/example_util.h"
#include "reference/examples/test_support.h"

namespace examples::asyncore_echo {
namespace {

constexpr int kMaxPasses = 500;
constexpr double kPassTimeout = 0.05;

// Sends its messages one at a time, each after the previous one came back
// whole, and closes after the last.
class EchoTestClient : public asyncore::DispatcherWithSend {
 public:
  EchoTestClient(std::vector<std::string> messages, asyncore::SocketMap* map)
      : asyncore::DispatcherWithSend(map), messages_(std::move(messages)) {}

  void Start(const asyncore::SocketAddress& address) {
    create_socket(address.family(), SOCK_STREAM);
    connect(address);
  }

  void handle_connect() override { send(messages_[0]); }

  void handle_read() override {
    pending_ += recv(65536);
    while (!done_ && pending_.size() >= messages_[index_].size()) {
      const std::string& expected = messages_[index_];
      if (pending_.compare(0, expected.size(), expected) != 0) ++mismatches_;
      pending_.erase(0, expected.size());
      if (++index_ == messages_.size()) {
        done_ = true;
        close();
        return;
      }
      send(messages_[index_]);
    }
  }

  void handle_close() override {
    if (!done_) closed_early_ = true;
    close();
  }

  bool done() const { return done_; }
  std::size_t echoed_messages() const { return index_; }
  int mismatches() const { return mismatches_; }
  bool closed_early() const { return closed_early_; }

 private:
  std::vector<std::string> messages_;
  std::string pending_;
  std::size_t index_ = 0;
  int mismatches_ = 0;
  bool done_ = false;
  bool closed_early_ = false;
};

std::string Pattern(std::size_t size, int seed) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 31 + static_cast<std::size_t>(seed) * 7) % 251);
  return s;
}

std::vector<std::string> MessagesFor(int client) {
  return {"a", "hello from client " + std::to_string(client) + "\n", Pattern(20000, client),
          Pattern(70000, client + 100),  // more than one 65536-byte send
          "bye"};
}

// Runs `clients` test clients against `server` until they are all done and
// every handler has closed (only the server is left in the map).
void RunClients(asyncore::SocketMap& map, EchoServer& server, asyncore::Backend backend, int clients) {
  std::vector<std::unique_ptr<EchoTestClient>> all;
  for (int i = 0; i < clients; ++i) {
    all.push_back(std::make_unique<EchoTestClient>(MessagesFor(i), &map));
    all.back()->Start(server.address());
  }
  auto finished = [&] {
    for (const auto& c : all) {
      if (!c->done()) return false;
    }
    return map.size() == 1;  // the handlers saw EOF and closed
  };
  EXPECT_TRUE(RunUntil(map, backend, finished, kMaxPasses, kPassTimeout));
  for (int i = 0; i < clients; ++i) {
    const EchoTestClient& c = *all[i];
    EXPECT_TRUE(c.done()) << "client " << i;
    EXPECT_EQ(c.echoed_messages(), MessagesFor(i).size()) << "client " << i;
    EXPECT_EQ(c.mismatches(), 0) << "client " << i;
    EXPECT_FALSE(c.closed_early()) << "client " << i;
  }
  EXPECT_EQ(server.accepted(), static_cast<std::size_t>(clients));
  EXPECT_TRUE(server.accepting());
}

class AsyncoreEchoLoopback : public ::testing::TestWithParam<asyncore::Backend> {};

TEST_P(AsyncoreEchoLoopback, SeveralClientsOverIpv4) {
  std::vector<std::string> log;
  asyncore::SocketMap map;
  EchoServer server(asyncore::SocketAddress::Inet("127.0.0.1", 0), &map, VectorSink(&log));
  ASSERT_NE(server.address().port(), 0);
  RunClients(map, server, GetParam(), 3);
  ASSERT_EQ(log.size(), 3u);
  for (const std::string& line : log) EXPECT_EQ(line.rfind("Incoming connection from ('127.0.0.1', ", 0), 0u) << line;
  server.close();
  EXPECT_TRUE(map.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AsyncoreEchoLoopback,
                         ::testing::Values(asyncore::Backend::kSelect, asyncore::Backend::kPoll,
                                           asyncore::Backend::kEpoll),
                         [](const ::testing::TestParamInfo<asyncore::Backend>& info) {
                           return std::string(asyncore::BackendName(info.param));
                         });

TEST(AsyncoreEcho, SeveralClientsOverAUnixSocket) {
  // sun_path holds 107 bytes, too few for Bazel's TEST_TMPDIR: use /tmp.
  char dir_template[] = "/tmp/asyncore_echo_XXXXXX";
  ASSERT_NE(mkdtemp(dir_template), nullptr);
  const std::string dir = dir_template;
  const std::string path = dir + "/echo.sock";
  {
    std::vector<std::string> log;
    asyncore::SocketMap map;
    EchoServer server(asyncore::SocketAddress::Unix(path), &map, VectorSink(&log));
    EXPECT_EQ(server.address().path(), path);
    RunClients(map, server, asyncore::Backend::kPoll, 3);
    EXPECT_EQ(log, std::vector<std::string>(3, "Incoming connection from ''"));
    server.close();
  }
  EXPECT_EQ(::unlink(path.c_str()), 0);
  EXPECT_EQ(::rmdir(dir.c_str()), 0);
}

// A client that sends without reading: the handler stops reading once more
// than kMaxPending bytes wait to be sent, so its memory stays bounded.
TEST(AsyncoreEcho, HandlerStopsReadingWhileTooMuchIsPending) {
  asyncore::SocketMap map;
  auto t = std::make_unique<asyncore::ScriptedTransport>();
  asyncore::ScriptedTransport* sock = t.get();
  sock->set_default_send_cap(0);  // the peer never reads
  EchoHandler handler(std::move(t), &map);
  const std::string chunk(EchoHandler::kRecvSize, 'z');
  for (std::size_t i = 0; i < 2 * EchoHandler::kMaxPending / chunk.size(); ++i) sock->AddRecv(chunk);

  int reads = 0;
  while (handler.readable() && sock->recv_steps_left() > 0 && reads < 100000) {
    asyncore::dispatch_read(handler);
    ++reads;
  }
  EXPECT_FALSE(handler.readable());
  EXPECT_GT(sock->recv_steps_left(), 0u);
  EXPECT_LE(handler.pending(), EchoHandler::kMaxPending + EchoHandler::kRecvSize);

  // Once the peer reads again, the backlog drains and reading resumes.
  sock->set_default_send_cap(static_cast<std::size_t>(-1));
  for (int i = 0; i < 100 && handler.pending() > 0; ++i) asyncore::dispatch_write(handler);
  EXPECT_EQ(handler.pending(), 0u);
  EXPECT_TRUE(handler.readable());
  examples::testing::ReadAll(handler, *sock);
  examples::testing::WriteAll(handler, *sock);
  EXPECT_EQ(sock->sent().size(), handler.echoed());
  EXPECT_EQ(handler.echoed(), 2 * EchoHandler::kMaxPending);
}

}  // namespace
}  // namespace examples::asyncore_echo
