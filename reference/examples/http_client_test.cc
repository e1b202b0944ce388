// The asyncore HTTP client of [py2-asyncore-ja] against a local one-shot server (a small
// Dispatcher in this test serving a fixed response) over loopback with every
// backend, and over a scripted socket. Nothing but 127.0.0.1 is contacted.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/example_util.h"
#include "reference/examples/http_client.h"
#include "reference/examples/test_support.h"

namespace examples {
namespace {

constexpr int kMaxPasses = 500;
constexpr double kPassTimeout = 0.05;

// Reads a request up to its blank line, records it, sends `response` and
// closes (the HTTP/1.0 end of response).
class OneShotConnection : public asyncore::Dispatcher {
 public:
  OneShotConnection(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map, std::string response,
                    std::string* request)
      : asyncore::Dispatcher(std::move(sock), map), response_(std::move(response)), request_(request) {}

  bool readable() override { return !complete_; }
  bool writable() override { return complete_; }
  void handle_read() override {
    *request_ += recv(4096);
    complete_ = request_->find("\r\n\r\n") != std::string::npos;
  }
  void handle_write() override {
    sent_ += send(std::string_view(response_).substr(sent_));
    if (sent_ == response_.size()) close();
  }
  void handle_close() override { close(); }

 private:
  std::string response_;
  std::string* request_;
  std::size_t sent_ = 0;
  bool complete_ = false;
};

// Accepts one connection, then stops listening.
class OneShotServer : public asyncore::Dispatcher {
 public:
  OneShotServer(asyncore::SocketMap* map, std::string response) : asyncore::Dispatcher(map), response_(response) {
    create_socket(AF_INET, SOCK_STREAM);
    bind(asyncore::SocketAddress::Inet("127.0.0.1", 0));
    address_ = LocalAddress(*this);
    listen(1);
  }
  const asyncore::SocketAddress& address() const { return address_; }
  const std::string& request() const { return request_; }
  void handle_accept() override {
    std::optional<asyncore::AcceptedConnection> pair = accept();
    if (!pair) return;
    asyncore::make_channel<OneShotConnection>(std::move(pair->transport), &socket_map(), response_, &request_);
    close();
  }

 private:
  std::string response_;
  std::string request_;
  asyncore::SocketAddress address_;
};

std::string FixedResponse() {
  std::string body;
  for (int i = 0; body.size() < 100000; ++i) body += "line " + std::to_string(i) + " of the fixed response body\n";
  return "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

class HttpClientLoopback : public ::testing::TestWithParam<asyncore::Backend> {};

TEST_P(HttpClientLoopback, SendsTheRequestAndReadsTheWholeResponse) {
  const std::string response = FixedResponse();
  asyncore::SocketMap map;
  OneShotServer server(&map, response);
  std::string output;
  int pieces = 0;
  HTTPClient client(server.address(), "/index.html", &map, [&](std::string_view data) {
    output.append(data);
    ++pieces;
  });

  RunUntil(map, GetParam(), [&] { return map.empty(); }, kMaxPasses, kPassTimeout);

  EXPECT_TRUE(map.empty());
  EXPECT_EQ(server.request(), "GET /index.html HTTP/1.0\r\n\r\n");
  EXPECT_EQ(client.error(), "");
  EXPECT_EQ(client.unsent(), 0u);
  EXPECT_EQ(client.bytes_received(), response.size());
  EXPECT_TRUE(output == response) << "got " << output.size() << " of " << response.size() << " bytes";
  EXPECT_GT(pieces, 1);  // 100 kB arrive in several recv(8192) pieces
  EXPECT_LT(client.fileno(), 0);
}

TEST_P(HttpClientLoopback, RefusedConnectionIsReportedAndCloses) {
  asyncore::SocketAddress closed_port;
  {
    asyncore::SocketMap scratch;
    OneShotServer probe(&scratch, "");
    closed_port = probe.address();
    probe.close();
  }
  asyncore::SocketMap map;
  std::string output;
  HTTPClient client(closed_port, "/", &map, [&](std::string_view data) { output.append(data); });
  RunUntil(map, GetParam(), [&] { return map.empty(); }, kMaxPasses, kPassTimeout);
  EXPECT_TRUE(map.empty());
  EXPECT_NE(client.error().find("onnection refused"), std::string::npos) << client.error();
  EXPECT_EQ(output, "");
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpClientLoopback,
                         ::testing::Values(asyncore::Backend::kSelect, asyncore::Backend::kPoll,
                                           asyncore::Backend::kEpoll),
                         [](const ::testing::TestParamInfo<asyncore::Backend>& info) {
                           return std::string(asyncore::BackendName(info.param));
                         });

// Over a scripted socket that accepts 5 bytes per send: handle_write() keeps
// sending the rest of the buffer, writable() turns false once it is empty,
// and every piece read reaches the output until the server closes.
TEST(HttpClientScripted, SendsPartiallyAndPrintsEveryPiece) {
  asyncore::SocketMap map;
  auto t = std::make_unique<asyncore::ScriptedTransport>();
  asyncore::ScriptedTransport* sock = t.get();
  sock->set_default_send_cap(5);
  std::vector<std::string> pieces;
  HTTPClient client(std::move(t), asyncore::SocketAddress::Inet("127.0.0.1", 80), "/a/b?c=d", &map,
                    [&](std::string_view data) { pieces.emplace_back(data); });
  const std::string request = "GET /a/b?c=d HTTP/1.0\r\n\r\n";
  EXPECT_TRUE(client.writable());
  int writes = testing::WriteAll(client, *sock, 100);
  EXPECT_EQ(writes, static_cast<int>((request.size() + 4) / 5));
  EXPECT_FALSE(client.writable());
  EXPECT_EQ(sock->sent(), request);

  sock->AddRecv("HTTP/1.0 200 OK\r\n");
  sock->AddRecv("\r\nhello");
  sock->AddEof();
  testing::ReadAll(client, *sock, 10);
  EXPECT_EQ(pieces, (std::vector<std::string>{"HTTP/1.0 200 OK\r\n", "\r\nhello"}));
  EXPECT_TRUE(sock->closed());
  EXPECT_EQ(client.error(), "");
  EXPECT_EQ(client.bytes_received(), 24u);
}

}  // namespace
}  // namespace examples
