// EchoConnection against a hand-driven server on 127.0.0.1: the test reads
// the request and answers with exact, corrupted or missing echoes.
#include "tools/loadgen/echo_connection.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <string>

namespace loadgen {
namespace {

class EchoConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(listener_, 0);
    addr_.sin_family = AF_INET;
    addr_.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(listener_, reinterpret_cast<sockaddr*>(&addr_), sizeof(addr_)), 0);
    socklen_t len = sizeof(addr_);
    ASSERT_EQ(getsockname(listener_, reinterpret_cast<sockaddr*>(&addr_), &len), 0);
    ASSERT_EQ(::listen(listener_, 4), 0);
  }
  void TearDown() override {
    if (server_ >= 0) ::close(server_);
    ::close(listener_);
  }

  // Connects `c` and accepts its connection as server_.
  void Open(EchoConnection& c) {
    ASSERT_EQ(c.Connect(reinterpret_cast<sockaddr*>(&addr_), sizeof(addr_)), EchoConnection::Status::kOk);
    server_ = ::accept(listener_, nullptr, nullptr);
    ASSERT_GE(server_, 0);
    if (!c.connected()) {
      pollfd p{c.fd(), POLLOUT, 0};
      ASSERT_EQ(::poll(&p, 1, 5000), 1);
      ASSERT_EQ(c.FinishConnect(), EchoConnection::Status::kOk);
    }
  }

  // Reads the request of a message of `size` bytes: "ECHO <size>\n" and the payload.
  std::string ReadRequest(std::size_t size) {
    const std::string header = "ECHO " + std::to_string(size) + "\n";
    std::string got;
    while (got.size() < header.size() + size) {
      char buf[4096];
      ssize_t n = ::recv(server_, buf, sizeof(buf), 0);
      if (n <= 0) break;
      got.append(buf, static_cast<std::size_t>(n));
    }
    EXPECT_EQ(got.substr(0, header.size()), header);
    return got.size() >= header.size() ? got.substr(header.size()) : std::string();
  }

  // Feeds readable events to `c` until it completes or fails.
  EchoConnection::Status Pump(EchoConnection& c) {
    char scratch[1000];
    for (int i = 0; i < 1000; ++i) {
      pollfd p{c.fd(), POLLIN, 0};
      if (::poll(&p, 1, 5000) != 1) return EchoConnection::Status::kOk;
      EchoConnection::Status s = c.OnReadable(scratch, sizeof(scratch));
      if (s != EchoConnection::Status::kOk) return s;
    }
    return EchoConnection::Status::kOk;
  }

  void Send(const std::string& data) { ASSERT_EQ(::send(server_, data.data(), data.size(), 0), ssize_t(data.size())); }

  PayloadPattern pattern_{70000};
  int listener_ = -1;
  int server_ = -1;
  sockaddr_in addr_{};
};

TEST_F(EchoConnectionTest, ExactEchoesCompleteMessageAfterMessage) {
  EchoConnection c(3, pattern_, MessageSize{5000, 5000}, 1);
  Open(c);
  for (int m = 0; m < 3; ++m) {
    ASSERT_EQ(c.Start(0), EchoConnection::Status::kOk);
    EXPECT_TRUE(c.busy());
    std::string payload = ReadRequest(5000);
    ASSERT_EQ(payload.size(), 5000u);
    EXPECT_EQ(payload, std::string(pattern_.Message(pattern_.Offset(3, m), 5000)));
    Send(payload);
    ASSERT_EQ(Pump(c), EchoConnection::Status::kCompleted) << c.error();
    EXPECT_FALSE(c.busy());
  }
  EXPECT_EQ(c.messages(), 3u);
}

TEST_F(EchoConnectionTest, AFlippedByteIsAnErrorNamingIt) {
  EchoConnection c(0, pattern_, MessageSize{64, 64}, 1);
  Open(c);
  ASSERT_EQ(c.Start(0), EchoConnection::Status::kOk);
  std::string payload = ReadRequest(64);
  payload[37] = static_cast<char>(payload[37] ^ 0x20);
  Send(payload);
  EXPECT_EQ(Pump(c), EchoConnection::Status::kError);
  EXPECT_NE(c.error().find("byte 37 of message 0 (64 bytes) differs"), std::string::npos) << c.error();
  EXPECT_LT(c.fd(), 0);
}

TEST_F(EchoConnectionTest, AnEarlyCloseIsALostConnection) {
  EchoConnection c(0, pattern_, MessageSize{64, 64}, 1);
  Open(c);
  ASSERT_EQ(c.Start(0), EchoConnection::Status::kOk);
  std::string payload = ReadRequest(64);
  Send(payload.substr(0, 10));
  ::close(server_);
  server_ = -1;
  EXPECT_EQ(Pump(c), EchoConnection::Status::kError);
  EXPECT_NE(c.error().find("after 10 of 64 echoed bytes"), std::string::npos) << c.error();
  EXPECT_NE(c.error().find("connection lost"), std::string::npos) << c.error();
}

TEST_F(EchoConnectionTest, BytesBetweenMessagesAreAnError) {
  EchoConnection c(0, pattern_, MessageSize{64, 64}, 1);
  Open(c);
  Send("x");
  EXPECT_EQ(Pump(c), EchoConnection::Status::kError);
  EXPECT_NE(c.error().find("unexpected bytes"), std::string::npos) << c.error();
}

TEST_F(EchoConnectionTest, RandomSizesStayInRange) {
  EchoConnection c(0, pattern_, MessageSize{1, 2000}, 42);
  Open(c);
  for (int m = 0; m < 20; ++m) {
    ASSERT_EQ(c.Start(0), EchoConnection::Status::kOk);
    ASSERT_GE(c.size(), 1u);
    ASSERT_LE(c.size(), 2000u);
    Send(ReadRequest(c.size()));
    ASSERT_EQ(Pump(c), EchoConnection::Status::kCompleted) << c.error();
  }
}

}  // namespace
}  // namespace loadgen
