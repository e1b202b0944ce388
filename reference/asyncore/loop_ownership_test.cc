// Map-owned channels (make_channel<T>(), the C++ form of Python's
// `Handler(sock)` kept alive only by the map): destroyed once they have
// left the map, after the pass, never while one of their handlers runs.
#include <gtest/gtest.h>

#include <memory>
#include <set>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::UniqueFd;

// Which instances are alive, kept outside them, so that a handler can ask
// "have I been destroyed?" without reading freed memory.
struct Lives {
  std::set<const void*> alive;
  int destroyed = 0;
  bool alive_after_close = false;  // as seen from inside the closing handler
};

// Channels hold their Lives, so it outlives whichever of them dies last.
using LivesPtr = std::shared_ptr<Lives>;

class Owned : public Recorder {
 public:
  Owned(UniqueFd fd, SocketMap* map, LivesPtr lives)
      : Recorder(std::make_unique<SocketTransport>(fd.release()), map), lives_(lives) {
    lives_->alive.insert(this);
    read_enabled = false;
  }
  ~Owned() override {
    lives_->alive.erase(this);
    ++lives_->destroyed;
  }

 protected:
  LivesPtr lives_;
};

// Closes itself on its first write event, then keeps using itself.
class ClosesItself : public Owned {
 public:
  using Owned::Owned;
  bool writable() override { return true; }
  void handle_write() override {
    Record("write");
    const LivesPtr lives = lives_;  // a copy stays usable even if *this is gone
    close();
    lives->alive_after_close = lives->alive.count(this) == 1;
    if (lives->alive_after_close) Record("after-close");
  }
};

class ClosesInConstructor : public Owned {
 public:
  ClosesInConstructor(UniqueFd fd, SocketMap* map, LivesPtr lives) : Owned(std::move(fd), map, std::move(lives)) {
    close();
  }
};

// Shuts everything down from inside its own handler.
class CallsCloseAll : public Owned {
 public:
  using Owned::Owned;
  bool writable() override { return true; }
  void handle_write() override {
    Record("write");
    const LivesPtr lives = lives_;  // a copy stays usable even if *this is gone
    close_all(&socket_map());
    lives->alive_after_close = lives->alive.count(this) == 1;
    if (lives->alive_after_close) Record("after-close-all");
  }
};

// Closes and opens a new socket in the same handler, as a reconnect does.
class Reopens : public Owned {
 public:
  Reopens(UniqueFd fd, SocketMap* map, LivesPtr lives, int family)
      : Owned(std::move(fd), map, std::move(lives)), family_(family) {}
  bool writable() override { return !reopened; }
  void handle_write() override {
    Record("write");
    close();
    create_socket(family_);
    reopened = true;
  }
  bool reopened = false;

 private:
  int family_;
};

class LoopOwnershipTest : public LoopbackTest {
 protected:
  UniqueFd Socket() {
    auto [a, b] = connected_pair();
    peers_.push_back(std::move(b));
    return std::move(a);
  }
  // A channel the map does not own, so the map is not empty and loop() runs.
  std::unique_ptr<Recorder> Bystander() { return std::make_unique<Recorder>(std::make_unique<SocketTransport>(Socket().release()), &map_); }

  LivesPtr lives_ = std::make_shared<Lives>();
  std::vector<UniqueFd> peers_;  // the other ends, kept open
};

TEST_P(LoopOwnershipTest, AnOwnedChannelIsDestroyedAfterThePassInWhichItClosed) {
  ClosesItself* channel = make_channel<ClosesItself>(Socket(), &map_, lives_);
  ASSERT_EQ(map_.owned(), 1u);

  RunPasses(1);

  EXPECT_TRUE(lives_->alive_after_close) << "destroyed while its handler was running";
  EXPECT_EQ(lives_->destroyed, 1);
  EXPECT_EQ(map_.owned(), 0u);
  EXPECT_TRUE(map_.empty());
  EXPECT_EQ(lives_->alive.count(channel), 0u);
}

TEST_P(LoopOwnershipTest, OpenOwnedChannelsDieWithTheirMap) {
  {
    SocketMap scoped;
    make_channel<Owned>(Socket(), &scoped, lives_);
    make_channel<Owned>(Socket(), &scoped, lives_);
    EXPECT_EQ(lives_->destroyed, 0);
  }
  EXPECT_EQ(lives_->destroyed, 2);
}

TEST_P(LoopOwnershipTest, AChannelThatClosedInItsConstructorIsDestroyedAfterThePass) {
  auto bystander = Bystander();
  make_channel<ClosesInConstructor>(Socket(), &map_, lives_);
  EXPECT_EQ(map_.size(), 1u);

  RunPasses(1);

  EXPECT_EQ(lives_->destroyed, 1);
  EXPECT_EQ(map_.owned(), 0u);
}

TEST_P(LoopOwnershipTest, CloseAllDestroysOwnedChannels) {
  for (int i = 0; i < 3; ++i) make_channel<Owned>(Socket(), &map_, lives_);
  ASSERT_EQ(map_.owned(), 3u);

  close_all(&map_);

  EXPECT_EQ(lives_->destroyed, 3);
  EXPECT_EQ(map_.owned(), 0u);
  EXPECT_TRUE(map_.empty());
}

TEST_P(LoopOwnershipTest, CloseAllFromAHandlerWaitsForThePassToEnd) {
  make_channel<CallsCloseAll>(Socket(), &map_, lives_);
  make_channel<CallsCloseAll>(Socket(), &map_, lives_);
  make_channel<Owned>(Socket(), &map_, lives_);

  RunPasses(1);

  EXPECT_TRUE(lives_->alive_after_close) << "close_all destroyed the channel whose handler called it";
  EXPECT_EQ(lives_->destroyed, 3);
  EXPECT_TRUE(map_.empty());
}

TEST_P(LoopOwnershipTest, AChannelThatReopensInTheSamePassIsKept) {
  Reopens* channel = make_channel<Reopens>(Socket(), &map_, lives_, af());

  ASSERT_TRUE(RunUntil([&] { return channel->reopened; }));

  EXPECT_EQ(lives_->destroyed, 0);
  EXPECT_EQ(map_.owned(), 1u);
  EXPECT_EQ(map_.Find(channel->fileno()), channel);

  channel->close();
  map_.ReleaseClosed();
  EXPECT_EQ(lives_->destroyed, 1);
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(LoopOwnershipTest);

}  // namespace
}  // namespace asyncore
