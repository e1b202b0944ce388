// async_chat under real connection faults, over loopback with every family
// and backend:
//  - the peer resets the connection (SO_LINGER {1, 0}, or for Unix sockets a
//    close with unread data) in the middle of a message: the bytes that
//    arrived before the reset are still delivered (collect_incoming_data,
//    found_terminator), then the reset closes the channel through
//    handle_close() once, never handle_error() (ECONNRESET is one of
//    asyncore's _DISCONNECTED errors); other channels carry on;
//  - the peer half-closes (shutdown SHUT_WR) while a long answer is queued:
//    the channel sees end of file, handle_close() runs and closes it, and
//    what was still queued is dropped. That is CPython 3.11's behaviour
//    (async_chat.handle_close() is close(), which does not flush), so the
//    peer receives a prefix of the answer and then end of file.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"

namespace examples {
namespace {

using asyncore::testkit::LoopbackTest;
using asyncore::testkit::UniqueFd;

// Line protocol: each line is answered with `reply(line)`; everything the
// handlers see is recorded.
class LineChat : public asynchat::AsyncChat {
 public:
  LineChat(UniqueFd fd, asyncore::SocketMap* map)
      : AsyncChat(std::make_unique<asyncore::SocketTransport>(fd.release()), map) {
    set_terminator("\n");
  }
  void collect_incoming_data(std::string_view data) override { partial.append(data); }
  void found_terminator() override {
    lines.push_back(partial);
    partial.clear();
    push(reply_size ? std::string(reply_size, 'r') : lines.back() + "\n");
  }
  void handle_close() override {
    ++closes;
    AsyncChat::handle_close();
  }
  void handle_error() override {
    errors.push_back(asyncore::DescribeCurrentException());
    AsyncChat::handle_error();
  }

  std::size_t reply_size = 0;  // 0: echo the line
  std::string partial;
  std::vector<std::string> lines;
  int closes = 0;
  std::vector<std::string> errors;
};

std::string ReadUntilEof(int fd, std::size_t limit) {
  std::string got;
  char buf[65536];
  while (got.size() < limit && asyncore::testkit::WaitReadable(fd)) {
    ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

class ChatFaultsTest : public LoopbackTest {};

TEST_P(ChatFaultsTest, ResetMidMessageDeliversWhatArrivedThenClosesOnceAndOthersCarryOn) {
  auto [mine, theirs] = connected_pair();
  auto [other_mine, other_theirs] = connected_pair();
  LineChat victim(std::move(mine), &map_);
  LineChat bystander(std::move(other_mine), &map_);
  const int victim_fd = victim.fileno();

  asyncore::testkit::WriteAll(theirs.get(), "first\n");
  // The echo stays unread in the peer: closing a Unix socket with unread
  // data is what resets it (TCP resets through SO_LINGER {1, 0}).
  ASSERT_TRUE(RunUntil([&] { return asyncore::testkit::BytesAvailable(theirs.get()) == 6; }));
  asyncore::testkit::WriteAll(theirs.get(), "half of a mess");
  if (!is_unix()) asyncore::testkit::SetLingerReset(theirs.get());
  theirs.reset();  // the reset follows the bytes before the loop reads either

  ASSERT_TRUE(RunUntil([&] { return victim.fileno() < 0; }));
  EXPECT_EQ(victim.lines, std::vector<std::string>{"first"});
  EXPECT_EQ(victim.partial, "half of a mess") << "bytes that arrived before the reset were lost";
  EXPECT_EQ(victim.closes, 1);
  EXPECT_TRUE(victim.errors.empty()) << victim.errors.front();
  EXPECT_EQ(map_.Find(victim_fd), nullptr);

  asyncore::testkit::WriteAll(other_theirs.get(), "still here\n");
  ASSERT_TRUE(RunUntil([&] { return asyncore::testkit::BytesAvailable(other_theirs.get()) == 11; }));
  EXPECT_EQ(ReadUntilEof(other_theirs.get(), 11), "still here\n");
  EXPECT_EQ(bystander.closes, 0);
  EXPECT_TRUE(bystander.errors.empty());
  EXPECT_TRUE(bystander.connected());
}

TEST_P(ChatFaultsTest, HalfCloseClosesTheChannelAndDropsWhatIsStillQueued) {
  auto [mine, theirs] = connected_pair();
  LineChat chat(std::move(mine), &map_);
  constexpr std::size_t kAnswer = 8 << 20;  // far more than the socket buffers hold
  chat.reply_size = kAnswer;

  asyncore::testkit::WriteAll(theirs.get(), "give me a lot\n");
  ASSERT_EQ(::shutdown(theirs.get(), SHUT_WR), 0);
  ASSERT_TRUE(RunUntil([&] { return chat.fileno() < 0; }));

  EXPECT_EQ(chat.lines, std::vector<std::string>{"give me a lot"});
  EXPECT_EQ(chat.closes, 1);
  EXPECT_TRUE(chat.errors.empty()) << chat.errors.front();
  const std::string got = ReadUntilEof(theirs.get(), kAnswer);
  EXPECT_LT(got.size(), kAnswer) << "the queued answer was flushed (CPython drops it)";
  EXPECT_EQ(got, std::string(got.size(), 'r')) << "what did arrive is not a prefix of the answer";
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(ChatFaultsTest);

}  // namespace
}  // namespace examples
