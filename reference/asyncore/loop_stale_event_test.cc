// A handler may close another channel during a pass; the poller already
// holds that channel's event. The closed channel must get no further calls
// in the pass, and when its descriptor number is reused at once by a new
// channel, the stale event must not reach the new one (loop.h; CPython
// has races here, bpo-30931/30985).
//
// Construction: two channels are made readable before one pass. Whichever
// the poller dispatches first (the order is the backend's business) acts
// on the other, the victim, whose event is then stale.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <memory>

#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::UniqueFd;

class Racer : public Recorder {
 public:
  Racer(UniqueFd fd, SocketMap* map, Racer** first) : Recorder(std::make_unique<SocketTransport>(fd.release()), map), first_(first) {}
  void handle_read() override {
    Recorder::handle_read();
    if (*first_ != nullptr) return;
    *first_ = this;
    on_first(*this);
  }
  Racer* other = nullptr;
  std::function<void(Racer&)> on_first;

 private:
  Racer** first_;
};

class LoopStaleEventTest : public LoopbackTest {
 protected:
  // Two channels, each with one byte waiting, wired to each other.
  void MakeRacers() {
    for (auto& racer : racers_) {
      auto [mine, theirs] = connected_pair();
      testkit::WriteAll(theirs.get(), "!");
      ASSERT_TRUE(testkit::WaitReadable(mine.get()));
      peers_.push_back(std::move(theirs));
      racer = std::make_unique<Racer>(std::move(mine), &map_, &first_);
    }
    racers_[0]->other = racers_[1].get();
    racers_[1]->other = racers_[0].get();
  }
  void OnFirst(std::function<void(Racer&)> action) {
    for (auto& racer : racers_) racer->on_first = action;
  }

  Racer* first_ = nullptr;
  std::unique_ptr<Racer> racers_[2];
  std::vector<UniqueFd> peers_;
};

TEST_P(LoopStaleEventTest, AChannelClosedByAnotherGetsNoFurtherCallsInThePass) {
  ASSERT_NO_FATAL_FAILURE(MakeRacers());
  OnFirst([](Racer& self) { self.other->close(); });

  RunPasses(1);

  ASSERT_NE(first_, nullptr);
  Racer* victim = first_->other;
  EXPECT_EQ(first_->count("read"), 1);
  EXPECT_TRUE(victim->closed());
  EXPECT_TRUE(victim->events.empty()) << "first call after close: " << victim->events.front();
}

TEST_P(LoopStaleEventTest, AReusedDescriptorDoesNotReceiveTheStaleEvent) {
  ASSERT_NO_FATAL_FAILURE(MakeRacers());
  std::unique_ptr<Recorder> newcomer;
  UniqueFd newcomer_peer;
  int reused_fd = -1;
  OnFirst([&](Racer& self) {
    // Any fresh socket will do; made before the close so that it cannot
    // take the victim's number by itself, then dup2'ed onto that number.
    int sv[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    reused_fd = self.other->fileno();
    self.other->close();
    ASSERT_EQ(::dup2(sv[0], reused_fd), reused_fd);
    ::close(sv[0]);
    newcomer_peer.reset(sv[1]);
    newcomer = std::make_unique<Recorder>(std::make_unique<SocketTransport>(reused_fd), &map_);
  });

  RunPasses(1);

  ASSERT_NE(first_, nullptr);
  ASSERT_NE(newcomer, nullptr);
  ASSERT_EQ(newcomer->fileno(), reused_fd);
  EXPECT_EQ(map_.Find(reused_fd), newcomer.get());
  EXPECT_TRUE(newcomer->events.empty()) << "stale " << newcomer->events.front() << " event delivered to the new channel";
  EXPECT_TRUE(first_->other->events.empty());
}

TEST_P(LoopStaleEventTest, AChannelDestroyedByAnotherIsNotTouchedAgain) {
  ASSERT_NO_FATAL_FAILURE(MakeRacers());
  OnFirst([&](Racer& self) {
    for (auto& racer : racers_) {
      if (racer.get() == self.other) racer.reset();
    }
  });

  RunPasses(1);  // AddressSanitizer reports any use of the destroyed channel

  ASSERT_NE(first_, nullptr);
  EXPECT_EQ(first_->count("read"), 1);
  EXPECT_EQ(map_.size(), 1u);
  EXPECT_TRUE(racers_[0] == nullptr || racers_[1] == nullptr);
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(LoopStaleEventTest);

}  // namespace
}  // namespace asyncore
