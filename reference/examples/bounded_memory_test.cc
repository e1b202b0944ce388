// Bounded memory (reference/README.md, "Bounded memory"): what the reference
// buffers, and what it leaves to the application, for
//  - a peer that never sends the terminator: async_chat holds back at most
//    len(terminator) - 1 bytes (a possible terminator prefix) besides its
//    one read buffer; everything else goes to collect_incoming_data() at
//    once, as in CPython's handle_read. Accumulating a message is the
//    application's choice and its bound (the examples close or answer 431);
//  - a huge Content-Length in the HTTP request handler example: 413 at once,
//    nothing of the body buffered, over a real socket;
//  - a flood of pushes to a reader that never reads: async_chat queues
//    exactly what was pushed and not yet sent (CPython's producer_fifo has
//    no limit either); the bound is the application's. echo_server_multi's
//    handler stops reading while more than --max-message bytes are queued.
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>

#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/examples/http_request_handler.h"
#include "reference/examples/multi_echo.h"
#include "reference/examples/test_support.h"

namespace examples {
namespace {

using asyncore::testkit::LoopbackTest;
using asyncore::testkit::UniqueFd;

constexpr std::string_view kTerminator = "\r\n.\r\n";

// Counts what it is given and keeps none of it.
class CountingSink : public asynchat::AsyncChat {
 public:
  explicit CountingSink(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map)
      : AsyncChat(std::move(sock), map) {
    set_terminator(kTerminator);
  }
  void collect_incoming_data(std::string_view data) override { collected += data.size(); }
  void found_terminator() override { ++found; }
  void handle_read() override {
    AsyncChat::handle_read();
    most_held_back = std::max(most_held_back, held_back_input().size());
  }
  std::uint64_t collected = 0;
  int found = 0;
  std::size_t most_held_back = 0;
};

// Every read ends with the longest proper prefix of the terminator, the
// worst case for what async_chat must hold back.
TEST(BoundedMemory, NeverTerminatedInputHoldsBackAtMostATerminatorPrefix) {
  auto owned = std::make_unique<asyncore::ScriptedTransport>();
  asyncore::ScriptedTransport& sock = *owned;
  asyncore::SocketMap map;
  CountingSink sink(std::move(owned), &map);
  const std::string chunk = std::string(asynchat::AsyncChat::kDefaultBufferSize - 4, 'x') + "\r\n.\r";
  constexpr int kReads = 2048;  // 8 MiB without a terminator
  for (int i = 0; i < kReads; ++i) sock.AddRecv(chunk);
  EXPECT_EQ(testing::ReadAll(sink, sock, kReads), kReads);

  EXPECT_EQ(sink.found, 0);
  EXPECT_EQ(sink.most_held_back, kTerminator.size() - 1);
  EXPECT_EQ(sink.collected + sink.held_back_input().size(), std::uint64_t{kReads} * chunk.size());
}

class BoundedMemoryLoopback : public LoopbackTest {};

TEST_P(BoundedMemoryLoopback, NeverTerminatedStreamIsHandedOnAsItArrives) {
  auto [mine, theirs] = connected_pair();
  CountingSink sink(std::make_unique<asyncore::SocketTransport>(mine.release()), &map_);
  std::string block(256 * 1024, 'y');
  block.replace(block.size() - 4, 4, "\r\n.\r");
  constexpr int kBlocks = 16;  // 4 MiB
  std::uint64_t sent = 0;
  ASSERT_EQ(::shutdown(theirs.get(), SHUT_RD), 0);
  for (int i = 0; i < kBlocks; ++i) {
    // Written without blocking between passes: the loop is the only reader.
    std::size_t off = 0;
    while (off < block.size()) {
      ssize_t n = ::send(theirs.get(), block.data() + off, block.size() - off, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n > 0) {
        off += static_cast<std::size_t>(n);
        sent += static_cast<std::uint64_t>(n);
      } else {
        RunPasses(1);
      }
    }
  }
  ASSERT_TRUE(RunUntil([&] { return sink.collected + sink.held_back_input().size() == sent; }, 2000));
  EXPECT_EQ(sink.found, 0);
  EXPECT_LE(sink.most_held_back, kTerminator.size() - 1);
  EXPECT_EQ(sink.held_back_input(), "\r\n.\r");
}

TEST_P(BoundedMemoryLoopback, HugeContentLengthIsRefusedWithoutBufferingTheBody) {
  auto [mine, theirs] = connected_pair();
  auto* handler = asyncore::make_channel<HttpRequestHandler>(
      std::make_unique<asyncore::SocketTransport>(mine.release()), &map_);
  asyncore::testkit::WriteAll(theirs.get(), "POST /upload HTTP/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n");
  // The client goes on sending its body regardless.
  const std::string body(64 * 1024, 'b');
  std::size_t most_buffered = 0;
  int status = 0;
  for (int i = 0; i < 64 && map_.size() > 0; ++i) {
    ::send(theirs.get(), body.data(), body.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    RunPasses(1);
    if (map_.size() == 0) break;
    most_buffered = std::max(most_buffered, handler->buffered_bytes());
    status = handler->status();
  }
  EXPECT_EQ(status, 413);
  EXPECT_EQ(most_buffered, 0u);
  char head[64] = {};
  ASSERT_TRUE(asyncore::testkit::WaitReadable(theirs.get()));
  ASSERT_GT(::recv(theirs.get(), head, sizeof(head) - 1, 0), 0);
  EXPECT_EQ(std::string(head).substr(0, 32), "HTTP/1.0 413 Payload Too Large\r\n");
}

// Small kernel buffers both ways (TCP's autotuned loopback buffers hold
// megabytes): what the sender cannot hand over then shows in its queue.
void ShrinkBuffers(int a, int b) {
  for (int fd : {a, b}) {
    const int small = 16 * 1024;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof(small));
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
  }
}

// Bytes of message i: its index, repeated, so that any loss, duplication or
// reordering shows in the content.
std::string Message(std::uint32_t i, std::size_t size) {
  std::string m(size, '\0');
  for (std::size_t k = 0; k < size; ++k) m[k] = static_cast<char>((i >> (8 * (k % 4))) & 0xff);
  return m;
}

class CountingPusher : public asynchat::AsyncChat {
 public:
  using AsyncChat::AsyncChat;
  void collect_incoming_data(std::string_view) override {}
  void found_terminator() override {}
  std::size_t send(std::string_view data) override {
    std::size_t n = AsyncChat::send(data);
    sent += n;
    return n;
  }
  std::uint64_t sent = 0;
};

TEST_P(BoundedMemoryLoopback, PushFloodToAReaderThatNeverReadsQueuesExactlyWhatWasPushed) {
  auto [mine, theirs] = connected_pair();
  ShrinkBuffers(mine.get(), theirs.get());
  CountingPusher pusher(std::make_unique<asyncore::SocketTransport>(mine.release()), &map_);
  pusher.set_terminator("\n");
  constexpr std::uint32_t kMessages = 512;
  constexpr std::size_t kSize = 2000;  // 1 MB: more than the shrunk socket buffers take
  std::uint64_t pushed = 0;
  for (std::uint32_t i = 0; i < kMessages; ++i) {
    pusher.push(Message(i, kSize));
    pushed += kSize;
    if (i % 64 == 0) RunPasses(1);
  }
  for (int pass = 0; pass < 20; ++pass) asyncore::loop(asyncore::LoopOptions{0.002, backend(), &map_, 1});
  // The reference does not bound the queue (nor does CPython): it holds
  // what was pushed and not yet accepted by the kernel, byte for byte.
  EXPECT_LT(pusher.sent, pushed) << "the reader took everything: the socket buffers were not filled";
  EXPECT_EQ(pusher.output_queue().buffered_bytes(), pushed - pusher.sent);
  EXPECT_TRUE(pusher.readable());

  // Once the reader reads, exactly the pushed bytes arrive, in order. (A
  // roomier receive buffer: TCP reopens a tiny window only on its timer.)
  const int roomy = 1 << 20;
  ::setsockopt(theirs.get(), SOL_SOCKET, SO_RCVBUF, &roomy, sizeof(roomy));
  std::string got;
  got.reserve(pushed);
  char buf[65536];
  for (int pass = 0; pass < 20000 && got.size() < pushed; ++pass) {
    // A short wait: the reader here is this thread, so a pass that waits
    // for the window to open only delays it.
    asyncore::loop(asyncore::LoopOptions{0.002, backend(), &map_, 1});
    ssize_t n;
    while ((n = ::recv(theirs.get(), buf, sizeof(buf), MSG_DONTWAIT)) > 0) got.append(buf, static_cast<std::size_t>(n));
  }
  ASSERT_EQ(got.size(), pushed);
  EXPECT_EQ(pusher.sent, pushed);
  EXPECT_EQ(pusher.output_queue().buffered_bytes(), 0u);
  for (std::uint32_t i = 0; i < kMessages; ++i) {
    if (got.compare(i * kSize, kSize, Message(i, kSize)) != 0) {
      ADD_FAILURE() << "message " << i << " differs";
      break;
    }
  }
}

TEST_P(BoundedMemoryLoopback, EchoServerStopsReadingAClientThatDoesNotReadItsEchoes) {
  auto [mine, theirs] = connected_pair();
  ShrinkBuffers(mine.get(), theirs.get());  // so that 8 MiB cannot hide in the kernel
  multi_echo::EchoSettings settings;
  settings.max_message = 256 * 1024;
  auto* handler = asyncore::make_channel<multi_echo::MultiEchoHandler>(
      std::make_unique<asyncore::SocketTransport>(mine.release()), &map_, settings);
  constexpr std::uint32_t kMessages = 64;
  constexpr std::size_t kSize = 128 * 1024;  // 8 MiB of requests, never read while sending
  std::string requests;
  for (std::uint32_t i = 0; i < kMessages; ++i) requests += "ECHO " + std::to_string(kSize) + "\n" + Message(i, kSize);
  std::size_t off = 0;
  std::size_t most_queued = 0;
  for (int pass = 0; pass < 2000 && off < requests.size(); ++pass) {
    ssize_t n = ::send(theirs.get(), requests.data() + off, requests.size() - off, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n > 0) off += static_cast<std::size_t>(n);
    RunPasses(1);
    most_queued = std::max(most_queued, handler->output_queue().buffered_bytes());
    if (n <= 0 && !handler->readable()) break;  // both sides' buffers are full and the handler waits
  }
  EXPECT_LT(off, requests.size()) << "the client could send everything: nothing pushed back";
  EXPECT_FALSE(handler->readable());
  EXPECT_LE(most_queued, static_cast<std::size_t>(settings.max_message) + kSize);

  // The client reads: every echo arrives, intact and in order.
  std::string got;
  char buf[65536];
  const std::size_t expected = std::size_t{kMessages} * kSize;
  for (int pass = 0; pass < 20000 && got.size() < expected; ++pass) {
    if (off < requests.size()) {
      ssize_t n = ::send(theirs.get(), requests.data() + off, requests.size() - off, MSG_DONTWAIT | MSG_NOSIGNAL);
      if (n > 0) off += static_cast<std::size_t>(n);
    }
    RunPasses(1);
    most_queued = std::max(most_queued, handler->output_queue().buffered_bytes());
    ssize_t n;
    while ((n = ::recv(theirs.get(), buf, sizeof(buf), MSG_DONTWAIT)) > 0) got.append(buf, static_cast<std::size_t>(n));
  }
  ASSERT_EQ(got.size(), expected);
  for (std::uint32_t i = 0; i < kMessages; ++i) {
    if (got.compare(i * kSize, kSize, Message(i, kSize)) != 0) {
      ADD_FAILURE() << "echo " << i << " differs";
      break;
    }
  }
  EXPECT_LE(most_queued, static_cast<std::size_t>(settings.max_message) + kSize);
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(BoundedMemoryLoopback);

}  // namespace
}  // namespace examples
