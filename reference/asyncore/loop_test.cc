// loop(): passes until the map is empty or `count` passes are done, over
// the map it is given or the default map ([py2-asyncore-ja] loop).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <memory>
#include <stdexcept>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::UniqueFd;

// A connected socket is writable on every pass: each pass then makes
// exactly one handle_write call, which makes passes countable.
std::unique_ptr<Recorder> AlwaysWritable(UniqueFd fd, SocketMap* map) {
  auto r = std::make_unique<Recorder>(std::make_unique<SocketTransport>(fd.release()), map);
  r->always_writable = true;
  r->read_enabled = false;
  return r;
}

class ClosesOnThirdWrite : public Recorder {
 public:
  using Recorder::Recorder;
  bool writable() override { return true; }
  void handle_write() override {
    Record("write");
    if (count("write") == 3) close();
  }
};

class LoopTest : public LoopbackTest {
 protected:
  LoopOptions Options(std::optional<long> count, SocketMap* map) const {
    return LoopOptions{testkit::kPassTimeout, backend(), map, count};
  }
};

// A timeout that is not a number is refused (CPython's select raises
// ValueError); an absurdly long one (1e300 s, infinity) is a long wait, not
// an overflow: a pass with an event ready still dispatches it at once.
TEST_P(LoopTest, NanTimeoutIsRefusedAndAnAbsurdOneStillDispatches) {
  auto [a, b] = connected_pair();
  auto channel = AlwaysWritable(std::move(a), &map_);
  EXPECT_THROW(loop(LoopOptions{std::nan(""), backend(), &map_, 1}), std::invalid_argument);
  EXPECT_EQ(channel->count("write"), 0);
  for (double timeout : {1e300, std::numeric_limits<double>::infinity()}) {
    loop(LoopOptions{timeout, backend(), &map_, 1});
  }
  EXPECT_EQ(channel->count("write"), 2);
}

TEST_P(LoopTest, CountLimitsThePasses) {
  auto [a, b] = connected_pair();
  auto channel = AlwaysWritable(std::move(a), &map_);

  loop(Options(5, &map_));
  EXPECT_EQ(channel->count("write"), 5);
  loop(Options(0, &map_));
  EXPECT_EQ(channel->count("write"), 5) << "count = 0 runs no pass";
  loop(Options(1, &map_));
  EXPECT_EQ(channel->count("write"), 6);
}

TEST_P(LoopTest, WithoutCountRunsUntilTheMapIsEmpty) {
  auto [a, b] = connected_pair();
  ClosesOnThirdWrite channel(std::make_unique<SocketTransport>(a.release()), &map_);
  channel.read_enabled = false;

  testkit::Watchdog watchdog(20);  // the loop has no count: a bug would hang here
  loop(Options(std::nullopt, &map_));

  EXPECT_EQ(channel.count("write"), 3);
  EXPECT_TRUE(map_.empty());
}

TEST_P(LoopTest, CountStopsEarlyWhenTheMapEmpties) {
  auto [a, b] = connected_pair();
  ClosesOnThirdWrite channel(std::make_unique<SocketTransport>(a.release()), &map_);
  channel.read_enabled = false;

  loop(Options(100, &map_));
  EXPECT_EQ(channel.count("write"), 3);
  EXPECT_TRUE(map_.empty());
}

TEST_P(LoopTest, AnEmptyMapReturnsAtOnce) {
  testkit::Watchdog watchdog(20);
  loop(LoopOptions{30.0, backend(), &map_, std::nullopt});
  loop(LoopOptions{30.0, backend(), &map_, 10});
  SUCCEED();
}

TEST_P(LoopTest, TheExplicitMapAndTheDefaultMapAreSeparate) {
  auto [a, b] = connected_pair();
  auto [c, d] = connected_pair();
  auto in_default = AlwaysWritable(std::move(a), nullptr);
  auto in_mine = AlwaysWritable(std::move(c), &map_);
  ASSERT_EQ(&in_default->socket_map(), &SocketMap::Default());
  ASSERT_EQ(SocketMap::Default().Find(in_default->fileno()), in_default.get());
  ASSERT_EQ(map_.Find(in_default->fileno()), nullptr);

  loop(Options(1, &map_));
  EXPECT_EQ(in_mine->count("write"), 1);
  EXPECT_EQ(in_default->count("write"), 0);

  loop(Options(1, nullptr));
  EXPECT_EQ(in_mine->count("write"), 1);
  EXPECT_EQ(in_default->count("write"), 1);

  // The documented signature, loop(timeout, use_poll, map, count), too.
  if (backend() != Backend::kEpoll) {
    loop(testkit::kPassTimeout, backend() == Backend::kPoll, nullptr, 2);
    EXPECT_EQ(in_default->count("write"), 3);
    loop(testkit::kPassTimeout, backend() == Backend::kPoll, &map_, 2);
    EXPECT_EQ(in_mine->count("write"), 3);
  }

  in_default->close();
  EXPECT_TRUE(SocketMap::Default().empty());
}

TEST_P(LoopTest, ExitNowFromAHandlerLeavesTheLoopAtOnce) {
  class Exits : public Recorder {
   public:
    using Recorder::Recorder;
    void handle_write() override {
      Record("write");
      throw ExitNow();
    }
  };
  auto [a, b] = connected_pair();
  Exits channel(std::make_unique<SocketTransport>(a.release()), &map_);
  channel.always_writable = true;
  channel.read_enabled = false;

  EXPECT_THROW(loop(Options(10, &map_)), ExitNow);
  EXPECT_EQ(channel.count("write"), 1);
  EXPECT_TRUE(channel.errors.empty()) << "ExitNow is not routed to handle_error";
  EXPECT_FALSE(channel.closed());
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(LoopTest);

}  // namespace
}  // namespace asyncore
