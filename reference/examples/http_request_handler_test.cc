// HttpRequestHandler (the http_request_handler example of [py3-asynchat], completed)
// over ScriptedTransport: GET, POST, POST split at every byte, over-sent
// bytes, Content-Length 0, and each error response.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/example_util.h"
#include "reference/examples/http_request_handler.h"
#include "reference/examples/test_support.h"

namespace examples {
namespace {

using asyncore::ScriptedTransport;

// One handler over one scripted connection.
struct Exchange {
  std::vector<std::string> log;
  asyncore::SocketMap map;
  ScriptedTransport* sock = nullptr;
  std::unique_ptr<HttpRequestHandler> handler;

  explicit Exchange(HttpLimits limits = {}) {
    auto t = std::make_unique<ScriptedTransport>();
    sock = t.get();
    handler = std::make_unique<HttpRequestHandler>(std::move(t), &map, limits, VectorSink(&log));
  }
  // Scripts `request` as recv steps of `chunk` bytes, delivers every read,
  // then write events until the handler closed; returns what it sent.
  std::string Run(std::string_view request, std::size_t chunk = 4096) {
    testing::AddRecvChunks(*sock, request, chunk);
    testing::ReadAll(*handler, *sock);
    testing::WriteAll(*handler, *sock);
    return sock->sent();
  }
};

std::string Response(int status, const std::string& reason, const std::string& body, bool head = false) {
  return "HTTP/1.0 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n" + (head ? "" : body);
}

std::string Ok(const std::string& method, const std::string& path, std::size_t body_length) {
  return Response(200, "OK",
                  "method: " + method + "\npath: " + path + "\nbody-length: " + std::to_string(body_length) + "\n");
}

// The status line of a response.
std::string StatusLine(const std::string& response) { return response.substr(0, response.find("\r\n")); }

const std::string kPost =
    "POST /submit HTTP/1.0\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    "Content-Length: 14\r\n\r\nname=value&x=1";

TEST(HttpRequestHandler, Get) {
  Exchange ex;
  std::string sent = ex.Run("GET /hello?x=1 HTTP/1.0\r\nHost: example\r\nUser-Agent:  test/1.0 \r\n\r\n");
  EXPECT_EQ(sent,
            "HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 44\r\n"
            "Connection: close\r\n\r\nmethod: GET\npath: /hello?x=1\nbody-length: 0\n");
  EXPECT_TRUE(ex.sock->closed());
  EXPECT_EQ(ex.handler->status(), 200);
  EXPECT_EQ(ex.handler->op(), "GET");
  EXPECT_EQ(ex.handler->version(), "HTTP/1.0");
  EXPECT_EQ(ex.handler->header("HOST"), "example");
  EXPECT_EQ(ex.handler->header("user-agent"), "test/1.0");
  EXPECT_EQ(ex.handler->header("Accept"), std::nullopt);
  EXPECT_EQ(ex.log, std::vector<std::string>{"127.0.0.1:0 \"GET /hello?x=1 HTTP/1.0\" 200"});
}

TEST(HttpRequestHandler, Post) {
  Exchange ex;
  EXPECT_EQ(ex.Run(kPost), Ok("POST", "/submit", 14));
  EXPECT_EQ(ex.handler->body(), "name=value&x=1");
  EXPECT_TRUE(ex.sock->closed());
}

TEST(HttpRequestHandler, PostSplitAtEveryByte) {
  Exchange ex;
  EXPECT_EQ(ex.Run(kPost, 1), Ok("POST", "/submit", 14));
  EXPECT_EQ(ex.handler->body(), "name=value&x=1");
  EXPECT_EQ(ex.sock->recv_steps_left(), 0u);
  EXPECT_TRUE(ex.sock->closed());
}

TEST(HttpRequestHandler, PostSplitInTwoAtEveryPosition) {
  for (std::size_t cut = 1; cut < kPost.size(); ++cut) {
    Exchange ex;
    ex.sock->AddRecv(kPost.substr(0, cut));
    ex.sock->AddRecv(kPost.substr(cut));
    testing::ReadAll(*ex.handler, *ex.sock);
    testing::WriteAll(*ex.handler, *ex.sock);
    EXPECT_EQ(ex.sock->sent(), Ok("POST", "/submit", 14)) << "cut at " << cut;
    EXPECT_EQ(ex.handler->body(), "name=value&x=1") << "cut at " << cut;
  }
}

TEST(HttpRequestHandler, BytesAfterTheBodyAreIgnored) {
  Exchange ex;
  ex.sock->AddRecv("POST /p HTTP/1.0\r\nContent-Length: 5\r\n\r\nhelloEXTRA");
  ex.sock->AddRecv("MORE\r\n\r\nGET / HTTP/1.0\r\n\r\n");
  testing::ReadAll(*ex.handler, *ex.sock);
  EXPECT_EQ(ex.handler->body(), "hello");
  EXPECT_EQ(ex.handler->ignored_bytes(), 5u + 26u);
  EXPECT_EQ(ex.handler->buffered_bytes(), 5u);  // the body only: nothing else was kept
  testing::WriteAll(*ex.handler, *ex.sock);
  EXPECT_EQ(ex.sock->sent(), Ok("POST", "/p", 5));
  EXPECT_EQ(ex.log.size(), 1u);  // one request, one response
}

TEST(HttpRequestHandler, GetIgnoresABody) {
  Exchange ex;
  EXPECT_EQ(ex.Run("GET /g HTTP/1.0\r\nContent-Length: 4\r\n\r\nbody"), Ok("GET", "/g", 0));
  EXPECT_EQ(ex.handler->ignored_bytes(), 4u);
}

TEST(HttpRequestHandler, ContentLengthZeroIsHandledAtOnce) {
  Exchange ex;
  ex.sock->AddRecv("POST /empty HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
  asyncore::dispatch_read(*ex.handler);
  EXPECT_EQ(ex.handler->status(), 200);  // no waiting for body bytes that never come
  testing::WriteAll(*ex.handler, *ex.sock);
  EXPECT_EQ(ex.sock->sent(), Ok("POST", "/empty", 0));
  EXPECT_TRUE(ex.sock->closed());
}

TEST(HttpRequestHandler, LowercasePostReadsTheBody) {
  Exchange ex;
  EXPECT_EQ(ex.Run("post /lc HTTP/1.0\r\ncontent-length: 3\r\n\r\nabc"), Ok("post", "/lc", 3));
  EXPECT_EQ(ex.handler->body(), "abc");
}

TEST(HttpRequestHandler, RepeatedEqualContentLengthsAreAccepted) {
  Exchange ex;
  EXPECT_EQ(ex.Run("POST /r HTTP/1.0\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"), Ok("POST", "/r", 2));
}

TEST(HttpRequestHandler, HeadGetsHeadersOnly) {
  Exchange ex;
  std::string sent = ex.Run("HEAD /h HTTP/1.0\r\n\r\n");
  EXPECT_EQ(sent, Response(200, "OK", "method: HEAD\npath: /h\nbody-length: 0\n", /*head=*/true));
  EXPECT_TRUE(ex.sock->closed());
}

TEST(HttpRequestHandler, PostWithoutContentLengthIs411) {
  Exchange ex;
  std::string sent = ex.Run("POST /x HTTP/1.0\r\nHost: h\r\n\r\nbody");
  EXPECT_EQ(sent, Response(411, "Length Required", "a POST request needs a Content-Length header\n"));
  EXPECT_EQ(ex.handler->status(), 411);
  EXPECT_EQ(ex.handler->body(), "");
  EXPECT_TRUE(ex.sock->closed());
}

TEST(HttpRequestHandler, BadContentLengthIs400) {
  for (const char* value : {"-5", "abc", "", "+5", "5 5", "0x10", "5,5", "1e3", "5."}) {
    Exchange ex;
    std::string sent = ex.Run(std::string("POST /x HTTP/1.0\r\nContent-Length: ") + value + "\r\n\r\nhello");
    EXPECT_EQ(sent, Response(400, "Bad Request", "Content-Length must be a non-negative decimal number\n"))
        << "Content-Length: " << value;
    EXPECT_TRUE(ex.sock->closed());
  }
  Exchange conflicting;
  EXPECT_EQ(StatusLine(conflicting.Run("POST /x HTTP/1.0\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!")),
            "HTTP/1.0 400 Bad Request");
}

TEST(HttpRequestHandler, ContentLengthAboveTheLimitIs413) {
  for (const char* value : {"1048577", "99999999999999999999999999999", "18446744073709551616"}) {
    Exchange ex;
    std::string sent = ex.Run(std::string("POST /x HTTP/1.0\r\nContent-Length: ") + value + "\r\n\r\nhello");
    EXPECT_EQ(sent, Response(413, "Payload Too Large", "Content-Length exceeds the limit of 1048576 bytes\n"))
        << value;
    EXPECT_EQ(ex.handler->buffered_bytes(), 0u);
  }
  // At the limit it is served.
  Exchange at_limit;
  std::string body(1048576, 'b');
  EXPECT_EQ(at_limit.Run("POST /big HTTP/1.0\r\nContent-Length: 1048576\r\n\r\n" + body), Ok("POST", "/big", 1048576));
  // A configured limit.
  Exchange small(HttpLimits{64 * 1024, 10});
  EXPECT_EQ(StatusLine(small.Run("POST /x HTTP/1.0\r\nContent-Length: 11\r\n\r\nhello world")),
            "HTTP/1.0 413 Payload Too Large");
  Exchange small_ok(HttpLimits{64 * 1024, 10});
  EXPECT_EQ(small_ok.Run("POST /x HTTP/1.0\r\nContent-Length: 10\r\n\r\nhelloworld"), Ok("POST", "/x", 10));
}

TEST(HttpRequestHandler, TransferEncodingIs501) {
  Exchange ex;
  std::string sent = ex.Run("POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(StatusLine(sent), "HTTP/1.0 501 Not Implemented");
  EXPECT_TRUE(ex.sock->closed());
}

TEST(HttpRequestHandler, OversizedHeadersAre431WithBoundedMemory) {
  Exchange ex;
  std::string endless = "GET / HTTP/1.0\r\n";
  while (endless.size() < 200 * 1024) endless += "X-Filler: " + std::string(100, 'f') + "\r\n";
  testing::AddRecvChunks(*ex.sock, endless, 4096);
  std::size_t most_buffered = 0;
  for (int i = 0; i < 1000 && ex.sock->recv_steps_left() > 0 && !ex.sock->closed(); ++i) {
    asyncore::dispatch_read(*ex.handler);
    most_buffered = std::max(most_buffered, ex.handler->buffered_bytes());
  }
  EXPECT_EQ(ex.handler->status(), 431);
  EXPECT_LE(most_buffered, 64u * 1024u);
  EXPECT_EQ(ex.handler->buffered_bytes(), 0u);
  testing::WriteAll(*ex.handler, *ex.sock);
  EXPECT_EQ(ex.sock->sent(),
            Response(431, "Request Header Fields Too Large", "the request line and headers exceed 65536 bytes\n"));
  EXPECT_TRUE(ex.sock->closed());
}

TEST(HttpRequestHandler, HeaderLimitIsExact) {
  const std::string head = "GET /" + std::string(100 - 20, 'a') + " HTTP/1.0";  // 5 + 80 + 9 = 94 bytes
  const std::string at_limit = head + "\r\nA: b";                               // 100 bytes
  ASSERT_EQ(at_limit.size(), 100u);
  Exchange ok(HttpLimits{100, 1024});
  EXPECT_EQ(StatusLine(ok.Run(at_limit + "\r\n\r\n")), "HTTP/1.0 200 OK");
  Exchange over(HttpLimits{100, 1024});
  EXPECT_EQ(StatusLine(over.Run(at_limit + "c\r\n\r\n")), "HTTP/1.0 431 Request Header Fields Too Large");
  Exchange over_split(HttpLimits{100, 1024});
  EXPECT_EQ(StatusLine(over_split.Run(at_limit + "c\r\n\r\n", 1)), "HTTP/1.0 431 Request Header Fields Too Large");
}

TEST(HttpRequestHandler, MalformedRequestsAre400) {
  for (const char* request : {
           "GET /\r\n\r\n",                           // no version
           "GET / HTTP/1.0 extra\r\n\r\n",            // four parts
           "GET  / HTTP/1.0\r\n\r\n",                 // empty target
           "GET / FTP/1.0\r\n\r\n",                   // not HTTP
           "G(T / HTTP/1.0\r\n\r\n",                  // method not a token
           "\r\n\r\n",                                // nothing at all
           "GET / HTTP/1.0\r\nNoColon\r\n\r\n",       // header without a colon
           "GET / HTTP/1.0\r\nBad Name: x\r\n\r\n",   // space in a name
           "GET / HTTP/1.0\r\n: x\r\n\r\n",           // empty name
           "GET / HTTP/1.0\r\nA: b\r\n folded\r\n\r\n",  // obsolete line folding
           "GET / HTTP/1.0\r\nA: b\nC: d\r\n\r\n",    // bare LF
       }) {
    Exchange ex;
    std::string sent = ex.Run(request);
    EXPECT_EQ(StatusLine(sent), "HTTP/1.0 400 Bad Request") << request;
    EXPECT_TRUE(ex.sock->closed()) << request;
  }
}

TEST(HttpRequestHandler, PeerClosingMidRequestClosesWithoutResponse) {
  Exchange ex;
  ex.sock->AddRecv("POST /x HTTP/1.0\r\nContent-Length: 10\r\n\r\nabc");
  ex.sock->AddEof();
  testing::ReadAll(*ex.handler, *ex.sock);
  EXPECT_TRUE(ex.sock->closed());
  EXPECT_EQ(ex.sock->sent(), "");
  EXPECT_EQ(ex.handler->status(), 0);
}

}  // namespace
}  // namespace examples
