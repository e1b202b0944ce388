// HttpServer + HttpRequestHandler over a real loopback socket, queried by
// the HTTPClient example ([py2-asyncore-ja]): one GET per backend.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/example_util.h"
#include "reference/examples/http_client.h"
#include "reference/examples/http_request_handler.h"

namespace examples {
namespace {

class HttpServerLoopback : public ::testing::TestWithParam<asyncore::Backend> {};

TEST_P(HttpServerLoopback, ServesAGet) {
  std::vector<std::string> log;
  asyncore::SocketMap map;
  HttpServer server(asyncore::SocketAddress::Inet("127.0.0.1", 0), &map, {}, VectorSink(&log));
  ASSERT_NE(server.address().port(), 0);
  std::string response;
  HTTPClient client(server.address(), "/loopback?q=1", &map, [&](std::string_view data) { response.append(data); });

  // Done when the client has read the whole response and the handler closed.
  RunUntil(
      map, GetParam(), [&] { return client.fileno() < 0 && map.size() == 1; }, 500, 0.05);

  const std::string body = "method: GET\npath: /loopback?q=1\nbody-length: 0\n";
  EXPECT_EQ(response, "HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
  EXPECT_EQ(client.error(), "");
  EXPECT_EQ(server.accepted(), 1u);
  EXPECT_EQ(map.size(), 1u);  // only the listener is left
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].rfind("127.0.0.1:", 0), 0u) << log[0];
  EXPECT_NE(log[0].find(" \"GET /loopback?q=1 HTTP/1.0\" 200"), std::string::npos) << log[0];
  server.close();
  EXPECT_TRUE(map.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, HttpServerLoopback,
                         ::testing::Values(asyncore::Backend::kSelect, asyncore::Backend::kPoll,
                                           asyncore::Backend::kEpoll),
                         [](const ::testing::TestParamInfo<asyncore::Backend>& info) {
                           return std::string(asyncore::BackendName(info.param));
                         });

}  // namespace
}  // namespace examples
