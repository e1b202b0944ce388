// Interest notifications (Dispatcher::set_interest_notifications, socket_map.h):
// under epoll a notifying channel is asked readable()/writable() only after
// one of its own handlers ran or interest_changed() was called; every other
// channel, and every channel under select and poll, is asked every pass, as
// asyncore does. Whatever the backend, what the channels do must not change.
#include <gtest/gtest.h>
#include <unistd.h>

#include <functional>
#include <memory>
#include <string>

#include "reference/asyncore/os_error.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::UniqueFd;

// Counts how often the loop asks it; replies "pong" to every read.
class Asked : public Recorder {
 public:
  Asked(UniqueFd fd, SocketMap* map) : Recorder(std::make_unique<SocketTransport>(fd.release()), map) {}
  bool readable() override {
    ++asked;
    return Recorder::readable();
  }
  void handle_read() override {
    Recorder::handle_read();
    if (reply_to_reads) Queue("pong");
    if (on_read) on_read();
  }
  int asked = 0;
  bool reply_to_reads = false;
  std::function<void()> on_read;  // after the reply is queued
};

class LoopInterestTest : public LoopbackTest {
 protected:
  std::unique_ptr<Asked> MakeChannel(bool notify) {
    auto [mine, theirs] = connected_pair();
    peers_.push_back(std::move(theirs));
    auto channel = std::make_unique<Asked>(std::move(mine), &map_);
    channel->set_interest_notifications(notify);
    return channel;
  }
  int peer(std::size_t i) const { return peers_[i].get(); }
  // What peer i has received (waiting for something to arrive first).
  std::string ReadFromPeer(std::size_t i) {
    if (!testkit::WaitReadable(peer(i))) return "";
    char buf[64];
    const ssize_t n = ::read(peer(i), buf, sizeof(buf));
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
  }
  // Passes that return at once: nothing here is expected to become ready.
  void IdlePasses(int n) { loop(LoopOptions{0.0, backend(), &map_, n}); }
  // Whether asking is skipped for notifying channels with this backend.
  bool skips() const { return backend() == Backend::kEpoll; }

  std::vector<UniqueFd> peers_;
};

TEST_P(LoopInterestTest, IdleNotifyingChannelIsAskedOnlyAfterInterestChanged) {
  auto asked_always = MakeChannel(false);
  auto notifying = MakeChannel(true);
  IdlePasses(1);  // the first pass asks both
  EXPECT_EQ(asked_always->asked, 1);
  EXPECT_EQ(notifying->asked, 1);

  IdlePasses(5);
  EXPECT_EQ(asked_always->asked, 6);
  EXPECT_EQ(notifying->asked, skips() ? 1 : 6);

  notifying->interest_changed();
  notifying->interest_changed();  // one mark, one question
  IdlePasses(3);
  EXPECT_EQ(notifying->asked, skips() ? 2 : 9);
}

TEST_P(LoopInterestTest, TurningNotificationsOffAsksEveryPassAgain) {
  auto channel = MakeChannel(true);
  IdlePasses(3);
  channel->set_interest_notifications(false);
  const int before = channel->asked;
  IdlePasses(4);
  EXPECT_EQ(channel->asked, before + 4);
}

TEST_P(LoopInterestTest, AChangeMadeInItsOwnHandlerNeedsNoNotification) {
  auto channel = MakeChannel(true);
  channel->reply_to_reads = true;
  IdlePasses(1);
  testkit::WriteAll(peer(0), "ping");
  ASSERT_TRUE(testkit::WaitReadable(channel->fileno()));
  // The read queues "pong" (writable() turns true) without interest_changed().
  ASSERT_TRUE(RunUntil([&] { return channel->count("write") > 0 && channel->queued() == 0; }, 10));
  EXPECT_EQ(ReadFromPeer(0), "pong");
}

TEST_P(LoopInterestTest, AChangeMadeOutsideItsHandlersWaitsForInterestChanged) {
  auto channel = MakeChannel(true);
  IdlePasses(1);
  channel->Queue("late");  // writable() turns true behind the loop's back
  IdlePasses(3);
  // The promise was broken, so epoll has not asked; select and poll ask anyway.
  EXPECT_EQ(channel->count("write"), skips() ? 0 : 1);
  channel->interest_changed();
  ASSERT_TRUE(RunUntil([&] { return channel->queued() == 0; }, 10));
  EXPECT_EQ(channel->count("write"), 1);
  EXPECT_EQ(ReadFromPeer(0), "late");
}

TEST_P(LoopInterestTest, ClosedNotifyingChannelsDescriptorReusedBetweenPassesServesTheNewChannel) {
  auto old_channel = MakeChannel(true);
  IdlePasses(1);
  old_channel->close();
  // Sockets take the lowest free descriptor, so one of the new pair usually
  // gets the number just closed; the test holds either way.
  auto [mine, theirs] = connected_pair();
  peers_.push_back(std::move(theirs));
  auto channel = std::make_unique<Asked>(std::move(mine), &map_);
  channel->set_interest_notifications(true);
  testkit::WriteAll(peers_.back().get(), "x");
  ASSERT_TRUE(RunUntil([&] { return channel->count("read") > 0; }, 10));
  EXPECT_EQ(old_channel->calls_after_close, 0);
}

// A handler that runs loop() itself: the inner passes must see what that
// channel's handler changed so far (here: a reply queued, writable() true).
TEST_P(LoopInterestTest, ALoopRunFromAHandlerSeesThatChannelsNewAnswers) {
  auto channel = MakeChannel(true);
  channel->reply_to_reads = true;
  bool flushed_inside = false;
  channel->on_read = [&] {
    for (int i = 0; i < 20 && channel->queued() > 0; ++i) loop(LoopOptions{0.2, backend(), &map_, 1});
    flushed_inside = channel->queued() == 0;
  };
  IdlePasses(1);
  testkit::WriteAll(peer(0), "ping");
  ASSERT_TRUE(RunUntil([&] { return channel->count("read") > 0; }, 10));
  EXPECT_TRUE(flushed_inside);
  EXPECT_EQ(ReadFromPeer(0), "pong");
}

// ExitNow leaves loop() from inside a handler: what the handler changed is
// still asked about by the next loop().
TEST_P(LoopInterestTest, AnswersChangedBeforeExitNowAreAskedByTheNextLoop) {
  auto channel = MakeChannel(true);
  channel->reply_to_reads = true;
  channel->on_read = [] { throw ExitNow(); };
  IdlePasses(1);
  testkit::WriteAll(peer(0), "ping");
  ASSERT_TRUE(testkit::WaitReadable(channel->fileno()));
  EXPECT_THROW(loop(LoopOptions{1.0, backend(), &map_, 1}), ExitNow);
  channel->on_read = nullptr;
  ASSERT_TRUE(RunUntil([&] { return channel->queued() == 0; }, 10));
  EXPECT_EQ(ReadFromPeer(0), "pong");
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(LoopInterestTest);

}  // namespace
}  // namespace asyncore
