// DispatcherWithSend's buffering, over a ScriptedTransport so that every
// send() result is chosen by the test: send() takes everything into the
// buffer, each write event sends at most 65536 bytes of it, and
// writable() is true while unconnected or while output is pending.
#include "reference/asyncore/dispatcher_with_send.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "reference/asyncore/scripted_transport.h"

namespace asyncore {
namespace {

class Channel : public DispatcherWithSend {
 public:
  Channel(std::unique_ptr<ScriptedTransport> t, SocketMap* map) : DispatcherWithSend(std::move(t), map) {}
  void handle_close() override {
    ++closes;
    close();
  }
  ScriptedTransport& transport() { return *static_cast<ScriptedTransport*>(socket()); }
  int closes = 0;
};

class DispatcherWithSendTest : public ::testing::Test {
 protected:
  SocketMap map_;
};

TEST_F(DispatcherWithSendTest, WritableWhileUnconnectedOrPending) {
  auto unconnected_transport = std::make_unique<ScriptedTransport>();
  unconnected_transport->set_peer(SocketAddress());
  Channel unconnected(std::move(unconnected_transport), &map_);
  EXPECT_FALSE(unconnected.connected());
  EXPECT_TRUE(unconnected.writable());

  auto t = std::make_unique<ScriptedTransport>();
  t->AddSendBudget(3);
  Channel ch(std::move(t), &map_);
  ASSERT_TRUE(ch.connected());
  EXPECT_FALSE(ch.writable());

  EXPECT_EQ(ch.send("hello"), 5u);
  EXPECT_EQ(ch.pending(), 2u);
  EXPECT_TRUE(ch.writable());

  ch.handle_write();
  EXPECT_EQ(ch.pending(), 0u);
  EXPECT_FALSE(ch.writable());
  EXPECT_EQ(ch.transport().sent(), "hello");
}

TEST_F(DispatcherWithSendTest, EachSendOffersAtMost65536Bytes) {
  Channel ch(std::make_unique<ScriptedTransport>(), &map_);
  const std::string big(100000, 'b');

  ch.send(big);
  ASSERT_EQ(ch.transport().calls().size(), 1u);
  EXPECT_EQ(ch.transport().calls()[0].requested, 65536u);
  EXPECT_EQ(ch.pending(), big.size() - 65536);

  ch.handle_write();
  EXPECT_EQ(ch.transport().calls()[1].requested, big.size() - 65536);
  EXPECT_EQ(ch.pending(), 0u);
  EXPECT_EQ(ch.transport().sent(), big);
}

TEST_F(DispatcherWithSendTest, WouldBlockKeepsTheDataForTheNextWrite) {
  auto t = std::make_unique<ScriptedTransport>();
  t->AddSendError(EAGAIN);
  Channel ch(std::move(t), &map_);

  EXPECT_EQ(ch.send("abc"), 3u);
  EXPECT_EQ(ch.pending(), 3u);
  ch.handle_write();
  EXPECT_EQ(ch.pending(), 0u);
  EXPECT_EQ(ch.transport().sent(), "abc");
  EXPECT_EQ(ch.closes, 0);
}

TEST_F(DispatcherWithSendTest, ADisconnectOnSendClosesTheChannel) {
  auto t = std::make_unique<ScriptedTransport>();
  t->AddSendError(EPIPE);
  Channel ch(std::move(t), &map_);

  ch.send("abc");
  EXPECT_EQ(ch.closes, 1);
  EXPECT_FALSE(ch.connected());
  EXPECT_TRUE(map_.empty());
}

TEST_F(DispatcherWithSendTest, OrderIsKeptAcrossPartialSends) {
  auto t = std::make_unique<ScriptedTransport>();
  for (std::size_t budget : {1u, 0u, 2u, 5u}) t->AddSendBudget(budget);
  Channel ch(std::move(t), &map_);

  ch.send("abc");
  ch.send("defgh");
  while (ch.pending() > 0 && ch.transport().calls().size() < 10) ch.handle_write();
  EXPECT_EQ(ch.transport().sent(), "abcdefgh");
}

}  // namespace
}  // namespace asyncore
