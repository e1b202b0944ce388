// RecordingTransport over real Unix-domain sockets: each call is reported with
// exactly what the wrapped socket returned or threw, and the caller sees the
// same results (including the exception type) as without the decorator.
#include "reference/asyncore/recording_transport.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reference/asyncore/os_error.h"
#include "reference/asyncore/socket_transport.h"

namespace asyncore {
namespace {

class RecordingTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    peer_ = fds[1];
    transport_ = std::make_unique<RecordingTransport>(
        std::make_unique<SocketTransport>(fds[0]),
        [this](RecordingTransport& t, const TransportCall& call) {
          EXPECT_EQ(&t, transport_.get());
          calls_.push_back(call);
        });
  }
  void TearDown() override {
    if (peer_ >= 0) ::close(peer_);
  }
  void ClosePeer() {
    ::close(peer_);
    peer_ = -1;
  }

  int peer_ = -1;
  std::unique_ptr<RecordingTransport> transport_;
  std::vector<TransportCall> calls_;
};

TEST_F(RecordingTransportTest, RecvReportsTheBytesReturned) {
  ASSERT_EQ(::send(peer_, "hello", 5, 0), 5);
  char buf[64];
  ASSERT_EQ(transport_->recv(buf, 3), 3u);
  EXPECT_EQ(std::string(buf, 3), "hel");
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(calls_[0].kind, TransportCall::Kind::kRecv);
  EXPECT_EQ(calls_[0].requested, 3u);
  EXPECT_EQ(calls_[0].data, "hel");
  EXPECT_EQ(calls_[0].result, 3u);
  EXPECT_EQ(calls_[0].error, 0);
}

TEST_F(RecordingTransportTest, WouldBlockIsReportedAsEagainAndStillThrownAsBlockingIOError) {
  char buf[8];
  EXPECT_THROW(transport_->recv(buf, sizeof(buf)), BlockingIOError);
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(calls_[0].kind, TransportCall::Kind::kRecv);
  EXPECT_EQ(calls_[0].error, EAGAIN);
  EXPECT_EQ(calls_[0].result, 0u);
}

TEST_F(RecordingTransportTest, EofIsAnEmptyRecv) {
  ClosePeer();
  char buf[8];
  EXPECT_EQ(transport_->recv(buf, sizeof(buf)), 0u);
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(calls_[0].error, 0);
  EXPECT_EQ(calls_[0].result, 0u);
  EXPECT_TRUE(calls_[0].data.empty());
}

TEST_F(RecordingTransportTest, SendReportsOfferedAndAccepted) {
  EXPECT_EQ(transport_->send("abc"), 3u);
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(calls_[0].kind, TransportCall::Kind::kSend);
  EXPECT_EQ(calls_[0].data, "abc");
  EXPECT_EQ(calls_[0].requested, 3u);
  EXPECT_EQ(calls_[0].result, 3u);
  char buf[8];
  EXPECT_EQ(::recv(peer_, buf, sizeof(buf), 0), 3);
}

TEST_F(RecordingTransportTest, SendErrorIsReportedAndRethrownWithItsErrno) {
  ClosePeer();
  try {
    transport_->send("abc");
    FAIL() << "send to a closed peer succeeded";
  } catch (const std::system_error& e) {
    EXPECT_EQ(ErrnoOf(e), EPIPE);
  }
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(calls_[0].error, EPIPE);
  EXPECT_EQ(calls_[0].data, "abc");
}

TEST_F(RecordingTransportTest, CloseIsReportedOnceHoweverOftenItIsCalled) {
  int fd = transport_->fileno();
  transport_->close();
  transport_->close();
  EXPECT_TRUE(transport_->closed());
  EXPECT_EQ(transport_->inner().fileno(), -1);
  transport_.reset();
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(calls_[0].kind, TransportCall::Kind::kClose);
  EXPECT_GE(fd, 0);
}

TEST_F(RecordingTransportTest, TakeErrorReportsTheValueReturned) {
  EXPECT_EQ(transport_->take_error(), 0);
  ASSERT_EQ(calls_.size(), 1u);
  EXPECT_EQ(calls_[0].kind, TransportCall::Kind::kTakeError);
  EXPECT_EQ(calls_[0].error, 0);
}

TEST_F(RecordingTransportTest, NullObserverReportsNothing) {
  transport_->set_observer(nullptr);
  EXPECT_EQ(transport_->send("x"), 1u);
  EXPECT_TRUE(calls_.empty());
}

TEST(RecordingTransportAccept, AcceptedConnectionsAreWrappedAndReportToTheSameObserver) {
  // sun_path holds 108 bytes: TEST_TMPDIR is often longer, so a short /tmp dir.
  char dir[] = "/tmp/recording_transport.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string path = std::string(dir) + "/s";
  std::vector<std::pair<const RecordingTransport*, TransportCall::Kind>> seen;
  auto observer = [&](RecordingTransport& t, const TransportCall& call) { seen.emplace_back(&t, call.kind); };
  RecordingTransport listener(std::make_unique<SocketTransport>(AF_UNIX, SOCK_STREAM), observer);
  listener.bind(SocketAddress::Unix(path));
  listener.listen(1);
  SocketTransport client(AF_UNIX, SOCK_STREAM);
  ASSERT_EQ(client.connect_ex(SocketAddress::Unix(path)), 0);

  std::optional<AcceptedConnection> accepted = listener.accept();
  ASSERT_TRUE(accepted);
  auto* wrapped = dynamic_cast<RecordingTransport*>(accepted->transport.get());
  ASSERT_NE(wrapped, nullptr);
  EXPECT_EQ(client.send("ping"), 4u);
  char buf[8];
  EXPECT_EQ(wrapped->recv(buf, sizeof(buf)), 4u);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].first, wrapped);
  EXPECT_EQ(seen[0].second, TransportCall::Kind::kRecv);
  ::unlink(path.c_str());
  ::rmdir(dir);
}

}  // namespace
}  // namespace asyncore
