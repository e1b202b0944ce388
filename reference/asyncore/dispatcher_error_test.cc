// handle_error over real sockets: an exception escaping a handler reaches
// that channel's handle_error(), whose default logs one line and closes
// that channel only; the other channels in the map keep working ([py2-asyncore-ja]
// handle_error; CPython's read/write/readwrite).
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"
#include "reference/asyncore/testing/test_server.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::TestServer;

class ThrowsOnWrite : public Recorder {
 public:
  using Recorder::Recorder;
  bool writable() override { return true; }
  void handle_write() override {
    Record("write");
    throw std::runtime_error("boom from handle_write");
  }
};

// Throws like ThrowsOnWrite but keeps the default handle_error.
class ThrowsOnWriteDefaultError : public Dispatcher {
 public:
  using Dispatcher::Dispatcher;
  void handle_connect() override {}
  void handle_write() override { throw std::runtime_error("boom with the default handler"); }
  void handle_close() override {
    ++closes;
    close();
  }
  int closes = 0;
};

class DispatcherErrorTest : public LoopbackTest {};

TEST_P(DispatcherErrorTest, ExceptionGoesToHandleErrorAndClosesOnlyThatChannel) {
  TestServer<Recorder> server(&map_, listen_address());
  ThrowsOnWrite failing(&map_);
  Recorder healthy(&map_);
  failing.create_socket(af());
  healthy.create_socket(af());
  failing.connect(server.address());
  healthy.connect(server.address());

  ASSERT_TRUE(RunUntil([&] { return failing.closed() && healthy.connected() && server.handlers.size() == 2; }));
  ASSERT_EQ(failing.errors.size(), 1u);
  EXPECT_NE(failing.errors[0].find("runtime_error"), std::string::npos) << failing.errors[0];
  EXPECT_NE(failing.errors[0].find("boom from handle_write"), std::string::npos) << failing.errors[0];
  EXPECT_EQ(failing.count("close"), 1) << "the default handle_error closes through handle_close";
  EXPECT_EQ(failing.calls_after_close, 0);
  EXPECT_EQ(failing.fileno(), -1);

  // Both directions still work for the healthy channel.
  healthy.Queue("ping");
  ASSERT_TRUE(RunUntil([&] {
    for (const auto& h : server.handlers) {
      if (h->received == "ping") return true;
    }
    return false;
  }));
  for (const auto& h : server.handlers) {
    if (h->received == "ping") h->Queue("pong");
  }
  ASSERT_TRUE(RunUntil([&] { return healthy.received == "pong"; }));
  EXPECT_TRUE(healthy.errors.empty());
  EXPECT_EQ(server.errors, 0);
}

TEST_P(DispatcherErrorTest, DefaultHandleErrorLogsOneLineAndCloses) {
  TestServer<Recorder> server(&map_, listen_address());
  ThrowsOnWriteDefaultError client(&map_);
  client.create_socket(af());
  ::testing::internal::CaptureStderr();
  client.connect(server.address());
  bool closed = RunUntil([&] { return client.closes > 0; });
  std::string log = ::testing::internal::GetCapturedStderr();

  ASSERT_TRUE(closed);
  EXPECT_EQ(client.closes, 1);
  EXPECT_EQ(client.fileno(), -1);
  EXPECT_NE(log.find("error: uncaptured exception"), std::string::npos) << log;
  EXPECT_NE(log.find("boom with the default handler"), std::string::npos) << log;
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(DispatcherErrorTest);

}  // namespace
}  // namespace asyncore

namespace {

// spec core.log-info.ignore-types: warnings are ignored until the
// application replaces ignore_log_types; the replacement is what counts.
TEST(DispatcherLogInfo, IgnoresWarningsByDefaultAndHonoursReplacedTypes) {
  asyncore::SocketMap map;
  asyncore::Dispatcher d(&map);
  EXPECT_TRUE(d.log_type_ignored("warning"));
  EXPECT_FALSE(d.log_type_ignored("error"));
  EXPECT_FALSE(d.log_type_ignored("info"));

  ::testing::internal::CaptureStderr();
  d.log_info("unhandled connect event", "warning");
  d.set_ignore_log_types({});
  d.log_info("unhandled connect event", "warning");
  d.set_ignore_log_types({"info"});
  d.log_info("not shown", "info");
  d.log_info("shown", "error");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "warning: unhandled connect event\nerror: shown\n");
}

}  // namespace
