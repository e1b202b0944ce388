// Faults the conformance vocabulary (traces/FORMAT.md) cannot write, on the
// reference, over real IPv4 loopback with each backend:
//
//  - a producer's more(), collect_incoming_data() or found_terminator()
//    raising: handle_error() closes that channel only, and another channel
//    served by the same loop keeps receiving and sending (CPython 3.11: the
//    exception leaves handle_read/initiate_send and asyncore's read()/write()
//    hand it to handle_error, whose default closes; [py2-asyncore-ja] handle_error). A
//    more() raising inside push_with_producer() reaches its caller, since
//    CPython's initiate_send does not catch it either.
//  - EINTR during a loop pass: CPython's select.select, poll.poll and
//    time.sleep retry with the remaining timeout (PEP 475), so a signal
//    handler that returns neither ends asyncore's pass early nor reaches a
//    channel. The reference's pollers must do the same, or loop(count=N)
//    loses passes to signals. The signal is SIGALRM from setitimer, installed
//    without SA_RESTART so that every blocking call it hits fails with EINTR.
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "reference/asynchat/async_chat.h"
#include "reference/asynchat/producer.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loop_driver.h"
#include "reference/asyncore/testing/loopback.h"

namespace asynchat {
namespace {

using asyncore::Backend;
using asyncore::SocketMap;
using asyncore::testkit::ConnectedPair;
using asyncore::testkit::Family;
using asyncore::testkit::RunUntil;
using asyncore::testkit::TempDir;
using asyncore::testkit::UniqueFd;

enum class Fault { kNone, kCollect, kFoundTerminator, kMore };

// Returns "P1\n", then fails, as a producer whose source broke would.
class FailingProducer : public Producer {
 public:
  std::string more() override {
    if (calls_++ == 0) return "P1\n";
    throw std::runtime_error("producer failed on its second more()");
  }

 private:
  int calls_ = 0;
};

// A line channel that echoes each message back with a newline, and raises
// where its fault says.
class Line : public AsyncChat {
 public:
  Line(SocketMap* map, std::unique_ptr<asyncore::Transport> sock, Fault fault)
      : AsyncChat(std::move(sock), map), fault_(fault) {
    set_terminator("\n");
  }

  void collect_incoming_data(std::string_view data) override {
    if (fault_ == Fault::kCollect) throw std::runtime_error("collect_incoming_data failed");
    buffer_.append(data);
  }
  void found_terminator() override {
    if (fault_ == Fault::kFoundTerminator) throw std::runtime_error("found_terminator failed");
    messages.push_back(buffer_);
    push(buffer_ + "\n");
    buffer_.clear();
  }
  void handle_error() override {
    errors.push_back(asyncore::DescribeCurrentException());
    AsyncChat::handle_error();
  }
  void log_info(std::string_view, std::string_view) override {}  // handle_error's line; counted above

  bool open() const { return fileno() >= 0; }

  std::vector<std::string> messages;
  std::vector<std::string> errors;

 private:
  Fault fault_;
  std::string buffer_;
};

std::unique_ptr<asyncore::Transport> Wrap(UniqueFd& fd) {
  return std::make_unique<asyncore::SocketTransport>(fd.release());
}

// What arrives on fd within the time limit, until `expected` bytes or end
// of file.
std::string ReadSome(int fd, std::size_t expected) {
  std::string got;
  char buf[256];
  while (got.size() < expected && asyncore::testkit::WaitReadable(fd, 5000)) {
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

// True once fd's peer has closed: a read returns end of file.
bool SeesEof(int fd) {
  char buf[64];
  while (asyncore::testkit::WaitReadable(fd, 5000)) {
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n == 0) return true;
    if (n < 0) return errno == ECONNRESET;
  }
  return false;
}

class FaultTest : public ::testing::TestWithParam<Backend> {};

void OnlyTheFaultyChannelCloses(Backend backend, Fault fault) {
  TempDir dir;
  SocketMap map;
  auto [bad_near, bad_far] = ConnectedPair(Family::kIPv4, dir);
  auto [good_near, good_far] = ConnectedPair(Family::kIPv4, dir);
  Line bad(&map, Wrap(bad_near), fault);
  Line good(&map, Wrap(good_near), Fault::kNone);
  if (fault == Fault::kMore) {
    bad.push_with_producer(std::make_shared<FailingProducer>());  // "P1\n" leaves at once
  } else {
    asyncore::testkit::WriteAll(bad_far.get(), "x\n");
  }
  asyncore::testkit::WriteAll(good_far.get(), "one\n");

  ASSERT_TRUE(RunUntil(map, backend, [&] { return !bad.open() && good.messages.size() == 1; }));
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_NE(bad.errors[0].find("failed"), std::string::npos) << bad.errors[0];
  EXPECT_TRUE(bad.messages.empty());
  if (fault == Fault::kMore) {
    EXPECT_EQ(ReadSome(bad_far.get(), 3), "P1\n");
  }
  EXPECT_TRUE(SeesEof(bad_far.get())) << "the faulty channel's socket is closed";

  // The other channel is untouched: it answered, and keeps working after
  // the faulty one is gone.
  EXPECT_EQ(ReadSome(good_far.get(), 4), "one\n");
  asyncore::testkit::WriteAll(good_far.get(), "two\n");
  ASSERT_TRUE(RunUntil(map, backend, [&] { return good.messages.size() == 2; }));
  EXPECT_EQ(ReadSome(good_far.get(), 4), "two\n");
  EXPECT_TRUE(good.errors.empty());
  EXPECT_TRUE(good.open());
  EXPECT_EQ(map.size(), 1u) << "only the good channel is left in the map";
}

TEST_P(FaultTest, CollectIncomingDataRaisingClosesOnlyThatChannel) {
  OnlyTheFaultyChannelCloses(GetParam(), Fault::kCollect);
}

TEST_P(FaultTest, FoundTerminatorRaisingClosesOnlyThatChannel) {
  OnlyTheFaultyChannelCloses(GetParam(), Fault::kFoundTerminator);
}

TEST_P(FaultTest, ProducerMoreRaisingClosesOnlyThatChannel) { OnlyTheFaultyChannelCloses(GetParam(), Fault::kMore); }

// Outside the loop there is no handle_error: the application's own call sees
// the exception (CPython: push_with_producer -> initiate_send -> more()).
TEST(FaultOutsideTheLoop, MoreRaisingInsidePushWithProducerReachesTheCaller) {
  class Broken : public Producer {
   public:
    std::string more() override { throw std::runtime_error("more() failed at once"); }
  };
  SocketMap map;
  Line chat(&map, std::make_unique<asyncore::ScriptedTransport>(), Fault::kNone);
  EXPECT_THROW(chat.push_with_producer(std::make_shared<Broken>()), std::runtime_error);
  EXPECT_TRUE(chat.errors.empty());
}

// ---------------------------------------------------------------------------
// EINTR

std::atomic<int> g_ticks{0};
extern "C" void CountTick(int) { g_ticks.fetch_add(1, std::memory_order_relaxed); }

// SIGALRM every `interval_us` while alive, with a handler installed without
// SA_RESTART; the previous handler and timer come back on destruction.
class Ticker {
 public:
  explicit Ticker(long interval_us) {
    struct sigaction sa {};
    sa.sa_handler = CountTick;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: interrupted calls fail with EINTR
    sigaction(SIGALRM, &sa, &old_action_);
    itimerval t{};
    t.it_interval.tv_usec = interval_us;
    t.it_value.tv_usec = interval_us;
    setitimer(ITIMER_REAL, &t, &old_timer_);
  }
  ~Ticker() {
    itimerval off{};
    setitimer(ITIMER_REAL, &off, nullptr);
    sigaction(SIGALRM, &old_action_, nullptr);
    setitimer(ITIMER_REAL, &old_timer_, nullptr);
  }

 private:
  struct sigaction old_action_ {};
  itimerval old_timer_{};
};

// Runs f on a thread that never takes SIGALRM, so every tick interrupts the
// test's own thread, the one inside the loop.
std::thread WithoutSigalrm(std::function<void()> f) {
  sigset_t alrm, old;
  sigemptyset(&alrm);
  sigaddset(&alrm, SIGALRM);
  pthread_sigmask(SIG_BLOCK, &alrm, &old);
  std::thread t(std::move(f));
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return t;
}

double SecondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// One pass (count=1) with a 5 s timeout; the data arrives 0.3 s in, after
// about 30 signals. The pass must still be waiting then, and deliver it.
TEST_P(FaultTest, SignalsDuringAPassNeitherEndItNorReachTheChannel) {
  TempDir dir;
  SocketMap map;
  auto [near, far] = ConnectedPair(Family::kIPv4, dir);
  Line chat(&map, Wrap(near), Fault::kNone);
  const int far_fd = far.get();
  g_ticks = 0;
  const auto t0 = std::chrono::steady_clock::now();
  {
    Ticker ticker(10000);
    std::thread writer = WithoutSigalrm([far_fd] {
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      asyncore::testkit::WriteAll(far_fd, "late\n");
    });
    asyncore::loop(asyncore::LoopOptions{5.0, GetParam(), &map, 1});
    writer.join();
  }
  const double elapsed = SecondsSince(t0);
  EXPECT_GE(g_ticks.load(), 5) << "the signals did not arrive during the pass";
  EXPECT_GE(elapsed, 0.25) << "the pass ended before the data arrived";
  EXPECT_LT(elapsed, 4.5);
  EXPECT_EQ(chat.messages, std::vector<std::string>{"late"});
  EXPECT_TRUE(chat.errors.empty()) << chat.errors.front();
  EXPECT_EQ(ReadSome(far_fd, 5), "late\n");
}

// A pass over a map where no channel wants an event sleeps its whole timeout
// (asyncore's time.sleep(timeout)), signals or not; and a pass whose
// descriptors stay idle waits its whole timeout, and not much longer.
TEST_P(FaultTest, SignalsDoNotShortenThePassTimeout) {
  for (bool polled : {false, true}) {
    TempDir dir;
    SocketMap map;
    auto [near, far] = ConnectedPair(Family::kIPv4, dir);
    // A scripted channel is in the map but in no poll set: the pass only
    // sleeps.
    Line chat(&map, polled ? Wrap(near) : std::make_unique<asyncore::ScriptedTransport>(), Fault::kNone);
    g_ticks = 0;
    const auto t0 = std::chrono::steady_clock::now();
    {
      Ticker ticker(10000);
      asyncore::loop(asyncore::LoopOptions{0.3, GetParam(), &map, 1});
    }
    const double elapsed = SecondsSince(t0);
    EXPECT_GE(g_ticks.load(), 5) << polled;
    EXPECT_GE(elapsed, 0.29) << (polled ? "polled" : "sleeping") << ": the pass ended early";
    EXPECT_LT(elapsed, 2.0) << polled;
    EXPECT_TRUE(chat.messages.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, FaultTest,
                         ::testing::Values(Backend::kSelect, Backend::kPoll, Backend::kEpoll),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return std::string(asyncore::BackendName(info.param));
                         });

}  // namespace
}  // namespace asynchat
