// Dispatcher::recv/send's asyncore error mapping, over a ScriptedTransport
// so each OS result is chosen exactly: end of file and disconnect errnos
// call handle_close() and yield nothing; would-block on send yields 0 and
// on recv throws BlockingIOError; any other errno propagates as
// std::system_error (CPython's dispatcher.recv/send).
#include <gtest/gtest.h>

#include <cerrno>
#include <memory>
#include <string>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/testing/recorder.h"

namespace asyncore {
namespace {

using testkit::Recorder;

// The errnos that mean "the connection is gone" (asyncore's _DISCONNECTED).
constexpr int kDisconnects[] = {ECONNRESET, ENOTCONN, ESHUTDOWN, ECONNABORTED, EPIPE, EBADF};

class DispatcherScriptedTest : public ::testing::Test {
 protected:
  // A connected channel over a fresh script; transport_ is that script.
  std::unique_ptr<Recorder> Channel() {
    auto t = std::make_unique<ScriptedTransport>();
    transport_ = t.get();
    return std::make_unique<Recorder>(std::move(t), &map_);
  }

  SocketMap map_;
  ScriptedTransport* transport_ = nullptr;
};

TEST_F(DispatcherScriptedTest, RecvReturnsAtMostTheBufferSize) {
  auto ch = Channel();
  transport_->AddRecv("abcdef");
  EXPECT_EQ(ch->recv(4), "abcd");
  EXPECT_EQ(ch->recv(4), "ef");
  EXPECT_EQ(ch->count("close"), 0);
}

TEST_F(DispatcherScriptedTest, RecvAtEndOfFileCallsHandleCloseAndReturnsNothing) {
  auto ch = Channel();
  transport_->AddEof();
  EXPECT_EQ(ch->recv(100), "");
  EXPECT_EQ(ch->count("close"), 1);
  EXPECT_TRUE(transport_->closed());
}

TEST_F(DispatcherScriptedTest, RecvDisconnectErrnoCallsHandleCloseAndReturnsNothing) {
  for (int err : kDisconnects) {
    auto ch = Channel();
    transport_->AddRecvError(err);
    EXPECT_EQ(ch->recv(100), "") << "errno " << err;
    EXPECT_EQ(ch->count("close"), 1) << "errno " << err;
    EXPECT_TRUE(ch->errors.empty());
  }
}

TEST_F(DispatcherScriptedTest, RecvWouldBlockThrowsBlockingIOError) {
  auto ch = Channel();
  transport_->AddRecvError(EWOULDBLOCK);
  EXPECT_THROW(ch->recv(100), BlockingIOError);
  EXPECT_THROW(ch->recv(100), BlockingIOError) << "an empty script would block too";
  EXPECT_EQ(ch->count("close"), 0);
  EXPECT_TRUE(ch->connected());
}

TEST_F(DispatcherScriptedTest, RecvOtherErrnoPropagates) {
  auto ch = Channel();
  transport_->AddRecvError(EIO);
  try {
    ch->recv(100);
    FAIL() << "no exception";
  } catch (const BlockingIOError&) {
    FAIL() << "EIO is not would-block";
  } catch (const std::system_error& e) {
    EXPECT_EQ(ErrnoOf(e), EIO);
  }
  EXPECT_EQ(ch->count("close"), 0);
}

TEST_F(DispatcherScriptedTest, SendWouldBlockReturnsZero) {
  auto ch = Channel();
  transport_->AddSendError(EWOULDBLOCK);
  EXPECT_EQ(ch->send("data"), 0u);
  EXPECT_EQ(ch->count("close"), 0);
  EXPECT_EQ(ch->send("data"), 4u);
}

TEST_F(DispatcherScriptedTest, SendReturnsWhatTheTransportTook) {
  auto ch = Channel();
  transport_->AddSendBudget(2);
  EXPECT_EQ(ch->send("data"), 2u);
  EXPECT_EQ(transport_->sent(), "da");
}

TEST_F(DispatcherScriptedTest, SendDisconnectErrnoCallsHandleCloseAndReturnsZero) {
  for (int err : kDisconnects) {
    auto ch = Channel();
    transport_->AddSendError(err);
    EXPECT_EQ(ch->send("data"), 0u) << "errno " << err;
    EXPECT_EQ(ch->count("close"), 1) << "errno " << err;
  }
}

TEST_F(DispatcherScriptedTest, SendOtherErrnoPropagates) {
  auto ch = Channel();
  transport_->AddSendError(EIO);
  try {
    ch->send("data");
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(ErrnoOf(e), EIO);
  }
  EXPECT_EQ(ch->count("close"), 0);
}

TEST_F(DispatcherScriptedTest, AWrappedSocketIsConnectedUnlessItHasNoPeer) {
  auto ch = Channel();
  EXPECT_TRUE(ch->connected());
  EXPECT_EQ(ch->addr().ToString(), "127.0.0.1:0");
  EXPECT_EQ(map_.Find(ch->fileno()), ch.get());

  auto t = std::make_unique<ScriptedTransport>();
  t->set_peer(SocketAddress());
  Recorder unconnected(std::move(t), &map_);
  EXPECT_FALSE(unconnected.connected());
  EXPECT_TRUE(unconnected.addr().empty());
}

TEST_F(DispatcherScriptedTest, AConnectThatCompletesAtOnceCallsHandleConnectAtOnce) {
  auto t = std::make_unique<ScriptedTransport>();
  t->set_peer(SocketAddress());
  Recorder ch(std::move(t), &map_);
  ch.connect(SocketAddress::Inet("127.0.0.1", 9));

  EXPECT_EQ(ch.count("connect"), 1);
  EXPECT_FALSE(ch.connected_in_handle_connect) << "connected becomes true after handle_connect";
  EXPECT_TRUE(ch.connected());
  EXPECT_FALSE(ch.connecting());
  EXPECT_EQ(ch.addr().ToString(), "127.0.0.1:9");
}

TEST_F(DispatcherScriptedTest, APendingErrorFailsTheConnectEvent) {
  auto ch = Channel();
  transport_->set_pending_error(ECONNREFUSED);
  try {
    ch->handle_connect_event();
    FAIL() << "no exception";
  } catch (const std::system_error& e) {
    EXPECT_EQ(ErrnoOf(e), ECONNREFUSED);
  }
  EXPECT_EQ(ch->count("connect"), 0);
}

TEST_F(DispatcherScriptedTest, ExptEventIsACloseWhenTheSocketHasAnError) {
  auto ch = Channel();
  ch->handle_expt_event();
  EXPECT_EQ(ch->count("expt"), 1);
  EXPECT_EQ(ch->count("close"), 0);

  transport_->set_pending_error(ECONNRESET);
  ch->handle_expt_event();
  EXPECT_EQ(ch->count("expt"), 1);
  EXPECT_EQ(ch->count("close"), 1);
}

TEST_F(DispatcherScriptedTest, ReadAndWriteEventsRunConnectFirstWhileConnecting) {
  for (bool read : {true, false}) {
    // The connect is "in progress": the transport says so through connect_ex.
    struct InProgress : ScriptedTransport {
      int connect_ex(const SocketAddress&) override { return EINPROGRESS; }
    };
    Recorder ch(std::make_unique<InProgress>(), &map_);
    ch.connect(SocketAddress::Inet("127.0.0.1", 9));
    ASSERT_TRUE(ch.connecting());
    ASSERT_EQ(ch.count("connect"), 0);

    if (read) {
      static_cast<ScriptedTransport*>(ch.socket())->AddRecv("x");
      ch.handle_read_event();
    } else {
      ch.handle_write_event();
    }
    ASSERT_EQ(ch.events.size(), 2u);
    EXPECT_EQ(ch.events[0], "connect");
    EXPECT_EQ(ch.events[1], read ? "read" : "write");
    EXPECT_TRUE(ch.connected());
    EXPECT_FALSE(ch.connecting());
  }
}

}  // namespace
}  // namespace asyncore
