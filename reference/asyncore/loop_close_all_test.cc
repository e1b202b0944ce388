// close_all(): closes every channel in a map (the default one unless told
// otherwise) and leaves it empty. Errors from close() other than EBADF
// propagate unless ignore_all (CPython's close_all).
#include <fcntl.h>
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <vector>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"
#include "reference/asyncore/testing/test_server.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::TestServer;

bool DescriptorIsOpen(int fd) { return fcntl(fd, F_GETFD) != -1; }

class CloseAllTest : public LoopbackTest {};

TEST_P(CloseAllTest, ClosesEveryChannelAndEmptiesTheMap) {
  TestServer<Recorder> server(&map_, listen_address());
  Recorder client(&map_);
  client.create_socket(af());
  client.connect(server.address());
  ASSERT_TRUE(RunUntil([&] { return client.connected() && server.handlers.size() == 1; }));
  auto [a, b] = connected_pair();
  Recorder adopted(std::make_unique<SocketTransport>(a.release()), &map_);
  auto script = std::make_unique<ScriptedTransport>();
  ScriptedTransport* scripted_transport = script.get();
  Recorder scripted(std::move(script), &map_);
  Recorder& accepted = *server.handlers[0];
  ASSERT_EQ(map_.size(), 5u);
  const std::vector<int> fds = {server.fileno(), client.fileno(), accepted.fileno(), adopted.fileno()};

  close_all(&map_);

  EXPECT_TRUE(map_.empty());
  for (int fd : fds) EXPECT_FALSE(DescriptorIsOpen(fd)) << "descriptor " << fd;
  EXPECT_FALSE(server.accepting());
  EXPECT_EQ(server.fileno(), -1);
  for (const Recorder* r : {&client, &accepted, &adopted, &scripted}) {
    EXPECT_TRUE(r->closed());
    EXPECT_FALSE(r->connected());
    EXPECT_EQ(r->fileno(), -1);
    EXPECT_EQ(r->count("close"), 0) << "close_all calls close(), not handle_close()";
  }
  EXPECT_TRUE(scripted_transport->closed());
}

TEST_P(CloseAllTest, WithoutAMapClosesTheDefaultMapOnly) {
  auto [a, b] = connected_pair();
  auto [c, d] = connected_pair();
  Recorder in_default(std::make_unique<SocketTransport>(a.release()), nullptr);
  Recorder in_mine(std::make_unique<SocketTransport>(c.release()), &map_);
  ASSERT_FALSE(SocketMap::Default().empty());

  close_all();

  EXPECT_TRUE(SocketMap::Default().empty());
  EXPECT_TRUE(in_default.closed());
  EXPECT_FALSE(in_mine.closed());
  EXPECT_EQ(map_.Find(in_mine.fileno()), &in_mine);
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(CloseAllTest);

// A channel whose close() fails: after closing (`closes_first`) or before.
class FailingClose : public Dispatcher {
 public:
  FailingClose(SocketMap* map, std::exception_ptr error, bool closes_first)
      : Dispatcher(std::make_unique<ScriptedTransport>(), map), error_(error), closes_first_(closes_first) {}
  void close() override {
    if (closes_first_) Dispatcher::close();
    std::rethrow_exception(error_);
  }

 private:
  std::exception_ptr error_;
  bool closes_first_;
};

std::exception_ptr OsError(int err) {
  return std::make_exception_ptr(std::system_error(err, std::generic_category(), "close"));
}

TEST(CloseAllErrorsTest, EbadfFromCloseIsIgnored) {
  SocketMap map;
  FailingClose failing(&map, OsError(EBADF), true);
  Recorder ok(std::make_unique<ScriptedTransport>(), &map);

  EXPECT_NO_THROW(close_all(&map));
  EXPECT_TRUE(map.empty());
  EXPECT_TRUE(ok.closed());
}

TEST(CloseAllErrorsTest, OtherErrorsPropagateUnlessIgnoreAll) {
  for (std::exception_ptr error : {OsError(EIO), std::make_exception_ptr(std::runtime_error("close failed"))}) {
    SocketMap map;
    FailingClose failing(&map, error, true);
    EXPECT_ANY_THROW(close_all(&map, false));
  }
  for (std::exception_ptr error : {OsError(EIO), std::make_exception_ptr(std::runtime_error("close failed"))}) {
    SocketMap map;
    FailingClose failing(&map, error, true);
    Recorder ok(std::make_unique<ScriptedTransport>(), &map);
    EXPECT_NO_THROW(close_all(&map, true));
    EXPECT_TRUE(map.empty());
    EXPECT_TRUE(ok.closed());
  }
}

TEST(CloseAllErrorsTest, IgnoreAllStillEmptiesTheMapWhenCloseLeftTheChannelIn) {
  SocketMap map;
  FailingClose failing(&map, OsError(EIO), false);
  ASSERT_EQ(map.size(), 1u);
  close_all(&map, true);
  EXPECT_TRUE(map.empty());
}

TEST(CloseAllErrorsTest, ExitNowAlwaysPropagates) {
  SocketMap map;
  FailingClose failing(&map, std::make_exception_ptr(ExitNow()), true);
  EXPECT_THROW(close_all(&map, true), ExitNow);
}

}  // namespace
}  // namespace asyncore
