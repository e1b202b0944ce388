// Regression test for a fix in reference/asyncore/loop.cc: loop.h promises
// that "a channel closed during the pass receives no further calls in it".
// The select backend kept that promise; the poll and epoll backends
// (readwrite()) went on to call handle_write_event() / handle_close() on a
// channel whose read handler had just closed it. The examples' handlers
// close from inside found_terminator()/handle_read(), so they rely on this.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/socket_transport.h"

namespace {

class CloseOnRead : public asyncore::Dispatcher {
 public:
  using asyncore::Dispatcher::Dispatcher;
  void handle_read() override {
    received += recv(100);
    close();
    closed_by_read = true;
  }
  bool writable() override { return true; }
  void handle_write() override {
    if (closed_by_read) ++calls_after_close;
  }
  void handle_close() override {
    if (closed_by_read) ++calls_after_close;
    close();
  }

  std::string received;
  bool closed_by_read = false;
  int calls_after_close = 0;
};

class LoopClosedChannel : public ::testing::TestWithParam<asyncore::Backend> {};

// Readable and writable in the same pass: the read handler closes.
TEST_P(LoopClosedChannel, NoWriteEventAfterTheReadHandlerClosed) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  ASSERT_EQ(write(sv[1], "x", 1), 1);
  asyncore::SocketMap map;
  CloseOnRead d(std::make_unique<asyncore::SocketTransport>(sv[0]), &map);
  asyncore::loop(asyncore::LoopOptions{0.05, GetParam(), &map, 1});
  EXPECT_TRUE(d.closed_by_read);
  EXPECT_EQ(d.received, "x");
  EXPECT_EQ(d.calls_after_close, 0);
  EXPECT_TRUE(map.empty());
  ::close(sv[1]);
}

// Data plus a hang-up (the peer closed): the read handler closes, and no
// handle_close() follows for the hang-up.
TEST_P(LoopClosedChannel, NoHandleCloseForAHangUpAfterTheReadHandlerClosed) {
  int sv[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  ASSERT_EQ(write(sv[1], "y", 1), 1);
  ::close(sv[1]);
  asyncore::SocketMap map;
  CloseOnRead d(std::make_unique<asyncore::SocketTransport>(sv[0]), &map);
  asyncore::loop(asyncore::LoopOptions{0.05, GetParam(), &map, 1});
  EXPECT_TRUE(d.closed_by_read);
  EXPECT_EQ(d.received, "y");
  EXPECT_EQ(d.calls_after_close, 0);
  EXPECT_TRUE(map.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, LoopClosedChannel,
                         ::testing::Values(asyncore::Backend::kSelect, asyncore::Backend::kPoll,
                                           asyncore::Backend::kEpoll),
                         [](const ::testing::TestParamInfo<asyncore::Backend>& info) {
                           return std::string(asyncore::BackendName(info.param));
                         });

}  // namespace
