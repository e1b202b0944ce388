// PassDeadline and the restart of a pass's wait after a signal
// (poller_pass.h): a handled signal neither ends a pass early nor makes it
// longer than its timeout plus the time the handler took.
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/poller_pass.h"
#include "reference/asyncore/socket_transport.h"

namespace asyncore {
namespace {

TEST(PassDeadline, FirstAnswerIsTheWholeTimeoutThenTheClockCounts) {
  PassDeadline deadline(0.5);
  EXPECT_EQ(deadline.Left(), 0.5);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  const double left = deadline.Left();
  EXPECT_LE(left, 0.5 - 0.03);
  EXPECT_GT(left, 0.0);
}

TEST(PassDeadline, NoLimitAndZeroStaySo) {
  PassDeadline none(-1);
  EXPECT_LT(none.Left(), 0);
  EXPECT_LT(none.Left(), 0);
  PassDeadline zero(0);
  EXPECT_EQ(zero.Left(), 0);
  EXPECT_EQ(zero.Left(), 0);
}

TEST(PassDeadline, PastTheEndIsZero) {
  PassDeadline deadline(0.01);
  (void)deadline.Left();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_EQ(deadline.Left(), 0.0);
}

// Every 50 ms, 40 times (then the handler disarms the timer): a wait that
// restarted with its whole timeout each time would last at least 2.3 s.
constexpr int kSignals = 40;
volatile sig_atomic_t g_signals = 0;
void CountSignal(int) {
  g_signals = g_signals + 1;
  if (g_signals == kSignals) {
    itimerval off{};
    setitimer(ITIMER_REAL, &off, nullptr);
  }
}

class WaitsForInput : public Dispatcher {
 public:
  using Dispatcher::Dispatcher;
  bool writable() override { return false; }
};

// One channel that waits for input that never comes, in a 300 ms pass;
// SIGALRM (handled, without SA_RESTART, so the wait itself returns EINTR)
// arrives every 50 ms.
class InterruptedPass : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    peer_ = fds[1];
    channel_ = std::make_unique<WaitsForInput>(std::make_unique<SocketTransport>(fds[0]), &map_);
    struct sigaction action {};
    action.sa_handler = CountSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    ASSERT_EQ(sigaction(SIGALRM, &action, &previous_), 0);
  }
  void TearDown() override {
    itimerval off{};
    setitimer(ITIMER_REAL, &off, nullptr);
    sigaction(SIGALRM, &previous_, nullptr);
    channel_->close();
    ::close(peer_);
  }

  SocketMap map_;
  std::unique_ptr<Dispatcher> channel_;
  int peer_ = -1;
  struct sigaction previous_ {};
};

TEST_P(InterruptedPass, LastsItsWholeTimeout) {
  g_signals = 0;
  itimerval timer{};
  timer.it_value.tv_usec = 50 * 1000;
  timer.it_interval.tv_usec = 50 * 1000;
  ASSERT_EQ(setitimer(ITIMER_REAL, &timer, nullptr), 0);
  const auto start = std::chrono::steady_clock::now();
  poll_once(map_, 0.3, GetParam());
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(g_signals, 1);
  EXPECT_GE(elapsed, 0.3 - 0.002);  // the wait's clock granularity: milliseconds
  EXPECT_LT(elapsed, 2.0);          // what was left, not the whole timeout again
}

INSTANTIATE_TEST_SUITE_P(EveryBackend, InterruptedPass,
                         ::testing::Values(Backend::kSelect, Backend::kPoll, Backend::kEpoll),
                         [](const auto& info) { return std::string(BackendName(info.param)); });

}  // namespace
}  // namespace asyncore
