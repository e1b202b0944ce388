// AsyncChat (async_chat.h) over asyncore::ScriptedTransport, and one
// exchange over real loopback sockets.
//
// Scripted channels live in a private asyncore::SocketMap per test; events
// are delivered by calling handle_read_event()/handle_write_event() or
// asyncore::readwrite() (which routes exceptions as the loop does).
#include "reference/asynchat/async_chat.h"

#include <poll.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "reference/asynchat/producer.h"
#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/os_error.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/socket_map.h"

namespace asynchat {
namespace {

using asyncore::ScriptedTransport;
using asyncore::SocketMap;

template <std::size_t N>
std::string S(const char (&literal)[N]) {
  return std::string(literal, N - 1);
}

// push() takes bytes only: an int is a compile-time error (CPython raises
// TypeError at run time; test_asynchat's test_push).
// (push is overloaded for a moved std::string, so ask the call, not &push.)
template <class T>
concept CanPush = requires(AsyncChat& chat) { chat.push(std::declval<T>()); };
static_assert(!CanPush<int>);
static_assert(!CanPush<double>);
static_assert(CanPush<const char*>);
static_assert(CanPush<std::string>);
static_assert(CanPush<std::string&>);
static_assert(CanPush<const std::string&>);
static_assert(CanPush<std::string_view>);

// Records what the base class would only log, and counts handler calls.
class Recording {
 public:
  std::vector<std::string> logs;
  int errors = 0;
  int closes = 0;
  std::string last_error;
};

// The echo_client of test_asynchat, over a scripted transport.
class Chat : public AsyncChat {
 public:
  explicit Chat(SocketMap* map) : Chat(map, std::make_unique<ScriptedTransport>()) {}
  Chat(SocketMap* map, std::unique_ptr<ScriptedTransport> t)
      : AsyncChat(std::move(t), map), transport_(static_cast<ScriptedTransport*>(socket())) {}

  ScriptedTransport& transport() { return *transport_; }

  void collect_incoming_data(std::string_view data) override {
    buffer.append(data);
    collects.emplace_back(data);
  }
  void found_terminator() override {
    contents.push_back(buffer);
    buffer.clear();
    if (on_found) on_found(*this);
  }
  void handle_close() override {
    ++rec.closes;
    if (close_on_handle_close) AsyncChat::handle_close();
  }
  void handle_error() override {
    ++rec.errors;
    rec.last_error = asyncore::DescribeCurrentException();
    if (close_on_error) AsyncChat::handle_error();
  }
  void log_info(std::string_view message, std::string_view type) override {
    rec.logs.push_back(std::string(type) + ": " + std::string(message));
  }

  std::string buffer;
  std::vector<std::string> contents;
  std::vector<std::string> collects;
  std::function<void(Chat&)> on_found;
  bool close_on_handle_close = true;
  bool close_on_error = true;
  Recording rec;

 private:
  ScriptedTransport* transport_;
};

// Delivers write events until nothing is queued (bounded).
void DrainWrites(Chat& chat, int max_events = 100000) {
  for (int i = 0; i < max_events && chat.connected() && chat.writable(); ++i) chat.handle_write_event();
}

// ---------------------------------------------------------------------------
// Input

TEST(AsyncChatInput, WouldBlockOnRecvIsIgnored) {
  SocketMap map;
  Chat chat(&map);
  chat.set_terminator("\n");
  chat.handle_read_event();  // no scripted step: EAGAIN
  ASSERT_EQ(chat.transport().calls().size(), 1u);
  EXPECT_EQ(chat.transport().calls()[0].error, EAGAIN);
  EXPECT_EQ(chat.rec.errors, 0);
  EXPECT_EQ(chat.rec.closes, 0);
  EXPECT_TRUE(chat.connected());
  EXPECT_TRUE(chat.collects.empty());
  // And the channel still works afterwards.
  chat.transport().AddRecv("ok\n");
  chat.handle_read_event();
  EXPECT_EQ(chat.contents, std::vector<std::string>{"ok"});
}

// Documents silent; CPython 3.11 raises AttributeError (self.terminator was
// never set) from handle_read, after the bytes joined ac_in_buffer.
TEST(AsyncChatInput, InputBeforeAnyTerminatorGoesToHandleErrorAndKeepsTheBytes) {
  SocketMap map;
  Chat chat(&map);
  chat.close_on_error = false;
  EXPECT_FALSE(chat.has_terminator());
  chat.transport().AddRecv("ab\n");
  asyncore::dispatch_read(chat);
  EXPECT_EQ(chat.rec.errors, 1);
  EXPECT_NE(chat.rec.last_error.find("TerminatorUnsetError"), std::string::npos) << chat.rec.last_error;
  EXPECT_TRUE(chat.collects.empty());
  chat.transport().AddRecv("c\n");
  asyncore::dispatch_read(chat);
  EXPECT_EQ(chat.rec.errors, 2);
  // Once a terminator is set, the kept bytes are framed with the next read.
  chat.set_terminator("\n");
  EXPECT_TRUE(chat.has_terminator());
  chat.transport().AddRecv("d\n");
  asyncore::dispatch_read(chat);
  EXPECT_EQ(chat.contents, (std::vector<std::string>{"ab", "c", "d"}));
  EXPECT_EQ(chat.rec.errors, 2);
}

TEST(AsyncChatInput, InputBeforeAnyTerminatorClosesByDefault) {
  SocketMap map;
  Chat chat(&map);
  chat.transport().AddRecv("x");
  asyncore::dispatch_read(chat);
  EXPECT_EQ(chat.rec.errors, 1);
  EXPECT_FALSE(chat.connected());
  EXPECT_EQ(map.size(), 0u);
}

TEST(AsyncChatInput, RecvErrorOtherThanDisconnectGoesToHandleErrorAndCloses) {
  SocketMap map;
  Chat chat(&map);
  chat.transport().AddRecvError(EIO);
  chat.handle_read_event();
  EXPECT_EQ(chat.rec.errors, 1);
  EXPECT_NE(chat.rec.last_error.find("system_error"), std::string::npos) << chat.rec.last_error;
  EXPECT_FALSE(chat.connected());
  EXPECT_TRUE(chat.transport().closed());
  EXPECT_EQ(map.size(), 0u);
}

TEST(AsyncChatInput, DisconnectErrorOnRecvClosesWithoutHandleError) {
  SocketMap map;
  Chat chat(&map);
  chat.transport().AddRecvError(ECONNRESET);
  chat.handle_read_event();
  EXPECT_EQ(chat.rec.errors, 0);
  EXPECT_EQ(chat.rec.closes, 1);
  EXPECT_FALSE(chat.connected());
}

TEST(AsyncChatInput, EofCloses) {
  SocketMap map;
  Chat chat(&map);
  chat.set_terminator("\r\n");
  chat.transport().AddRecv("line\r\npartial\r");
  chat.transport().AddEof();
  chat.handle_read_event();
  EXPECT_EQ(chat.contents, std::vector<std::string>{"line"});
  EXPECT_EQ(chat.held_back_input(), "\r");
  chat.handle_read_event();
  EXPECT_EQ(chat.rec.closes, 1);
  EXPECT_EQ(chat.rec.errors, 0);
  EXPECT_FALSE(chat.connected());
  EXPECT_TRUE(chat.transport().closed());
  EXPECT_EQ(map.size(), 0u);
  // Nothing was invented from the held-back prefix.
  EXPECT_EQ(chat.buffer, "partial");
  EXPECT_EQ(chat.contents, std::vector<std::string>{"line"});
}

TEST(AsyncChatInput, AcInBufferSizeLimitsEachRecv) {
  SocketMap map;
  Chat chat(&map);
  chat.set_ac_in_buffer_size(3);
  chat.set_terminator(Terminator::None());
  chat.transport().AddRecv("abcdefgh");
  for (int i = 0; i < 3; ++i) chat.handle_read_event();
  EXPECT_EQ(chat.collects, (std::vector<std::string>{"abc", "def", "gh"}));
  for (const auto& call : chat.transport().calls()) {
    EXPECT_EQ(call.requested, 3u);
    EXPECT_LE(call.result, 3u);
  }
}

TEST(AsyncChatInput, DefaultBufferSizesAndZeroRefused) {
  SocketMap map;
  Chat chat(&map);
  EXPECT_EQ(chat.ac_in_buffer_size(), 4096u);
  EXPECT_EQ(chat.ac_out_buffer_size(), 4096u);
  EXPECT_THROW(chat.set_ac_in_buffer_size(0), std::invalid_argument);
  EXPECT_THROW(chat.set_ac_out_buffer_size(0), std::invalid_argument);
  EXPECT_EQ(chat.ac_in_buffer_size(), 4096u);
  EXPECT_EQ(chat.ac_out_buffer_size(), 4096u);
  chat.set_ac_in_buffer_size(1);
  chat.set_ac_out_buffer_size(1);
  EXPECT_EQ(chat.ac_in_buffer_size(), 1u);
  EXPECT_EQ(chat.ac_out_buffer_size(), 1u);
}

TEST(AsyncChatInput, DefaultRecvIsAtMostFourKiB) {
  SocketMap map;
  Chat chat(&map);
  chat.set_terminator(Terminator::None());
  chat.transport().AddRecv(std::string(5000, 'x'));
  chat.handle_read_event();
  ASSERT_EQ(chat.collects.size(), 1u);
  EXPECT_EQ(chat.collects[0].size(), 4096u);
}

TEST(AsyncChatInput, NegativeTerminatorRefusedNamingTheValue) {
  SocketMap map;
  Chat chat(&map);
  try {
    chat.set_terminator(std::int64_t{-1});
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("-1"), std::string::npos) << e.what();
  }
  EXPECT_EQ(chat.get_terminator(), Terminator::None());
}

// Counts of any integer type; what does not fit in int64 is refused naming
// the value as given (CPython: any int is accepted; a count beyond what a
// process could ever receive is refused here instead of wrapping negative).
template <class T>
concept CanSetTerminator = requires(AsyncChat& chat, T t) { chat.set_terminator(t); };
static_assert(CanSetTerminator<int> && CanSetTerminator<std::size_t> && CanSetTerminator<std::uint64_t>);
static_assert(!CanSetTerminator<char> && !CanSetTerminator<bool>, "a character or a bool is not a count");

TEST(AsyncChatInput, AbsurdCountsRefusedNamingTheValue) {
  SocketMap map;
  Chat chat(&map);
  const std::vector<std::pair<std::function<void()>, std::string>> absurd = {
      {[&] { chat.set_terminator(std::numeric_limits<std::size_t>::max()); }, "18446744073709551615"},
      {[&] { chat.set_terminator(std::uint64_t{1} << 63); }, "9223372036854775808"},
      {[&] { chat.set_terminator(std::numeric_limits<std::int64_t>::min()); }, "-9223372036854775808"},
      {[&] { chat.set_terminator(-1); }, "-1"},
  };
  for (const auto& [call, value] : absurd) {
    try {
      call();
      ADD_FAILURE() << value << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("got " + value), std::string::npos) << e.what();
    }
    EXPECT_EQ(chat.get_terminator(), Terminator::None()) << value;
  }
  // The largest count is a count: everything is collected, nothing found.
  chat.set_terminator(std::numeric_limits<std::int64_t>::max());
  chat.transport().AddRecv("abc");
  chat.handle_read_event();
  EXPECT_EQ(chat.collects, std::vector<std::string>{"abc"});
  EXPECT_TRUE(chat.contents.empty());
  EXPECT_EQ(chat.get_terminator(), Terminator::Count(std::numeric_limits<std::int64_t>::max() - 3));
}

// test_asynchat's line_terminator_check, with the echoed stream arriving
// 1, 2 or 3 bytes per recv.
TEST(AsyncChatInput, LineTerminatorsInSmallReads) {
  for (std::string term : {S("\n"), S("\r\n"), S("qqq")}) {
    for (std::size_t chunk : {1u, 2u, 3u}) {
      SocketMap map;
      Chat chat(&map);
      chat.set_terminator(term);
      chat.set_ac_in_buffer_size(chunk);
      const std::string stream = "hello world" + term + "I'm not dead yet!" + term;
      chat.transport().AddRecv(stream);
      for (std::size_t i = 0; i < stream.size(); ++i) chat.handle_read_event();
      EXPECT_EQ(chat.contents, (std::vector<std::string>{"hello world", "I'm not dead yet!"}))
          << "terminator size " << term.size() << ", chunk " << chunk;
      EXPECT_EQ(chat.transport().recv_steps_left(), 0u);
    }
  }
}

TEST(AsyncChatInput, NumericAndNoneTerminators) {
  const std::string data = "hello world, I'm not dead yet!\n";
  for (std::int64_t n : {1, 6}) {
    SocketMap map;
    Chat chat(&map);
    chat.set_terminator(n);
    chat.set_ac_in_buffer_size(1);
    chat.transport().AddRecv(data);
    for (std::size_t i = 0; i < data.size(); ++i) chat.handle_read_event();
    EXPECT_EQ(chat.contents, std::vector<std::string>{data.substr(0, n)});
    EXPECT_EQ(chat.get_terminator(), Terminator::Count(0));
  }
  SocketMap map;
  Chat chat(&map);
  chat.set_terminator(Terminator::None());
  chat.transport().AddRecv(data);
  chat.handle_read_event();
  EXPECT_TRUE(chat.contents.empty());
  EXPECT_EQ(chat.buffer, data);
}

TEST(AsyncChatInput, EmptyLine) {
  SocketMap map;
  Chat chat(&map);
  chat.set_terminator("\n");
  chat.transport().AddRecv("hello world\n\nI'm not dead yet!\n");
  chat.handle_read_event();
  EXPECT_EQ(chat.contents, (std::vector<std::string>{"hello world", "", "I'm not dead yet!"}));
}

TEST(AsyncChatInput, IntegerTerminatorCountsDownAcrossReads) {
  SocketMap map;
  Chat chat(&map);
  chat.set_terminator(std::int64_t{10});
  chat.transport().AddRecv("abcd");
  chat.handle_read_event();
  EXPECT_EQ(chat.get_terminator(), Terminator::Count(6));
  chat.transport().AddRecv("efghijXY");
  chat.handle_read_event();
  EXPECT_EQ(chat.contents, std::vector<std::string>{"abcdefghij"});
  EXPECT_EQ(chat.get_terminator(), Terminator::Count(0));
  EXPECT_EQ(chat.buffer, "XY");
}

// A handle_error() that keeps the channel open (asyncore allows overriding
// it): the bytes after the failed message are not lost but processed with
// the next read, as CPython's ac_in_buffer keeps them.
TEST(AsyncChatInput, HandlerExceptionKeepsUnprocessedInputForTheNextRead) {
  SocketMap map;
  Chat chat(&map);
  chat.close_on_error = false;
  chat.set_terminator("\n");
  chat.on_found = [](Chat& c) {
    if (c.contents.size() == 1) throw std::runtime_error("bad message");
  };
  chat.transport().AddRecv("one\ntwo\nthr");
  asyncore::readwrite(chat, POLLIN);
  EXPECT_EQ(chat.rec.errors, 1);
  EXPECT_NE(chat.rec.last_error.find("bad message"), std::string::npos) << chat.rec.last_error;
  EXPECT_TRUE(chat.connected());
  EXPECT_EQ(chat.contents, std::vector<std::string>{"one"});
  EXPECT_EQ(chat.held_back_input(), "two\nthr");
  chat.transport().AddRecv("ee\n");
  asyncore::readwrite(chat, POLLIN);
  EXPECT_EQ(chat.contents, (std::vector<std::string>{"one", "two", "three"}));
  EXPECT_EQ(chat.held_back_input(), "");
}

// ---------------------------------------------------------------------------
// Default handlers

TEST(AsyncChatDefaults, CollectIncomingDataThrowsNotImplemented) {
  SocketMap map;
  AsyncChat chat(std::make_unique<ScriptedTransport>(), &map);
  chat.set_terminator(Terminator::None());
  static_cast<ScriptedTransport*>(chat.socket())->AddRecv("x");
  try {
    chat.handle_read_event();
    FAIL() << "no exception";
  } catch (const NotImplementedError& e) {
    EXPECT_NE(std::string(e.what()).find("collect_incoming_data"), std::string::npos) << e.what();
  }
}

class CollectOnly : public AsyncChat {
 public:
  using AsyncChat::AsyncChat;
  void collect_incoming_data(std::string_view data) override { buffer.append(data); }
  std::string buffer;
};

TEST(AsyncChatDefaults, FoundTerminatorThrowsNotImplemented) {
  SocketMap map;
  CollectOnly chat(std::make_unique<ScriptedTransport>(), &map);
  chat.set_terminator("\n");
  static_cast<ScriptedTransport*>(chat.socket())->AddRecv("line\n");
  try {
    chat.handle_read_event();
    FAIL() << "no exception";
  } catch (const NotImplementedError& e) {
    EXPECT_NE(std::string(e.what()).find("found_terminator"), std::string::npos) << e.what();
  }
  EXPECT_EQ(chat.buffer, "line");
}

// Only the log is captured: collect_incoming_data/found_terminator/
// handle_error are the base class's.
class Bare : public AsyncChat {
 public:
  using AsyncChat::AsyncChat;
  void log_info(std::string_view message, std::string_view type) override {
    logs.push_back(std::string(type) + ": " + std::string(message));
  }
  std::vector<std::string> logs;
};

TEST(AsyncChatDefaults, NotImplementedThroughTheLoopReachesHandleError) {
  SocketMap map;
  Bare chat(std::make_unique<ScriptedTransport>(), &map);
  chat.set_terminator(Terminator::None());
  static_cast<ScriptedTransport*>(chat.socket())->AddRecv("x");
  asyncore::readwrite(chat, POLLIN);
  EXPECT_FALSE(chat.connected());
  EXPECT_EQ(map.size(), 0u);
  ASSERT_EQ(chat.logs.size(), 1u);
  EXPECT_NE(chat.logs[0].find("error: "), std::string::npos) << chat.logs[0];
  EXPECT_NE(chat.logs[0].find("NotImplementedError"), std::string::npos) << chat.logs[0];

  SocketMap map2;
  Bare chat2(std::make_unique<ScriptedTransport>(), &map2);
  chat2.set_terminator(std::int64_t{0});
  static_cast<ScriptedTransport*>(chat2.socket())->AddRecv("y");
  asyncore::dispatch_read(chat2);  // the select backend's routing
  EXPECT_FALSE(chat2.connected());
  ASSERT_EQ(chat2.logs.size(), 1u);
  EXPECT_NE(chat2.logs[0].find("NotImplementedError"), std::string::npos) << chat2.logs[0];
}

// ---------------------------------------------------------------------------
// Output

TEST(AsyncChatOutput, PushSendsAtOnce) {
  SocketMap map;
  Chat chat(&map);
  chat.push("bytes\n");
  chat.push(std::string("bytes\n"));
  chat.push(std::string_view("bytes\n"));
  EXPECT_EQ(chat.transport().sent(), "bytes\nbytes\nbytes\n");
  EXPECT_FALSE(chat.writable());
}

TEST(AsyncChatOutput, PartialSendAtEveryOffsetReproducesTheBytes) {
  const std::string message = S("hello world\r\n\0binary\xff\x01 tail");
  for (std::size_t k = 0; k <= message.size(); ++k) {
    SocketMap map;
    Chat chat(&map);
    chat.transport().AddSendBudget(k);
    chat.push(message);  // one send, k bytes accepted
    ASSERT_EQ(chat.transport().calls().size(), 1u);
    EXPECT_EQ(chat.transport().sent(), message.substr(0, k));
    EXPECT_EQ(chat.writable(), k < message.size());
    DrainWrites(chat);
    EXPECT_EQ(chat.transport().sent(), message) << "first send accepted " << k;
    EXPECT_FALSE(chat.writable());
    EXPECT_EQ(chat.rec.errors, 0);
  }
}

TEST(AsyncChatOutput, OneByteSendsOfManyPushesReproduceTheBytes) {
  SocketMap map;
  Chat chat(&map);
  chat.set_ac_out_buffer_size(3);
  chat.transport().set_default_send_cap(1);
  std::string expected;
  for (std::string piece : {S("abc"), S(""), S("defghij"), S("\0\0"), S("k")}) {
    chat.push(piece);
    expected += piece;
  }
  DrainWrites(chat);
  EXPECT_EQ(chat.transport().sent(), expected);
  for (const auto& call : chat.transport().calls()) {
    if (call.kind == ScriptedTransport::Call::Kind::kSend) {
      EXPECT_LE(call.requested, 3u);
    }
  }
}

TEST(AsyncChatOutput, PushIsSplitByAcOutBufferSize) {
  SocketMap map;
  Chat chat(&map);
  chat.set_ac_out_buffer_size(4);
  chat.transport().AddSendError(EAGAIN);  // would-block: nothing sent yet
  chat.push("abcdefghij");
  EXPECT_EQ(chat.output_queue().items(), 3u);
  EXPECT_EQ(chat.transport().sent(), "");
  EXPECT_TRUE(chat.writable());
  DrainWrites(chat);
  std::vector<std::string> offered;
  for (const auto& call : chat.transport().calls()) {
    if (call.kind == ScriptedTransport::Call::Kind::kSend) offered.push_back(call.data);
  }
  EXPECT_EQ(offered, (std::vector<std::string>{"abcd", "abcd", "efgh", "ij"}));
  EXPECT_EQ(chat.transport().sent(), "abcdefghij");
}

TEST(AsyncChatOutput, EmptyPushIsOneSendOfZeroBytes) {
  SocketMap map;
  Chat chat(&map);
  chat.push("");
  ASSERT_EQ(chat.transport().calls().size(), 1u);
  EXPECT_EQ(chat.transport().calls()[0].kind, ScriptedTransport::Call::Kind::kSend);
  EXPECT_EQ(chat.transport().calls()[0].requested, 0u);
  EXPECT_TRUE(chat.output_queue().empty());
}

TEST(AsyncChatOutput, SimpleProducerIsDrained) {
  SocketMap map;
  Chat chat(&map);
  const std::string data = "hello world\nI'm not dead yet!\nQUIT\n";
  chat.push_with_producer(std::make_shared<SimpleProducer>(data, 8));
  DrainWrites(chat);
  EXPECT_EQ(chat.transport().sent(), data);
  for (const auto& call : chat.transport().calls()) EXPECT_LE(call.requested, 8u);
  EXPECT_TRUE(chat.output_queue().empty());
}

// CPython's test_string_producer: a bytes object is a queue entry of its
// own, sent out_buffer_size bytes at a time but never cut into pieces, so
// after a partial send the next offer starts at the first unsent byte.
TEST(AsyncChatOutput, BytesGivenAsProducerIsOneUnsplitEntry) {
  SocketMap map;
  Chat chat(&map);
  chat.set_ac_out_buffer_size(4);
  chat.transport().AddSendBudget(2);
  chat.push_with_producer(std::string("abcdefghij"));
  EXPECT_EQ(chat.output_queue().items(), 1u);
  DrainWrites(chat);
  std::vector<std::string> offers;
  for (const auto& call : chat.transport().calls()) offers.push_back(call.data);
  EXPECT_EQ(offers, (std::vector<std::string>{"abcd", "cdef", "ghij"}));
  EXPECT_EQ(chat.transport().sent(), "abcdefghij");

  // An empty one is dropped with one send() of nothing, as push("") is.
  chat.push_with_producer(std::string());
  EXPECT_EQ(chat.transport().calls().back().requested, 0u);
  EXPECT_TRUE(chat.output_queue().empty());
}

TEST(AsyncChatOutput, SendWouldBlockKeepsTheData) {
  SocketMap map;
  Chat chat(&map);
  chat.transport().AddSendError(EAGAIN);
  chat.push("data");
  EXPECT_EQ(chat.transport().sent(), "");
  EXPECT_EQ(chat.rec.errors, 0);
  EXPECT_TRUE(chat.writable());
  chat.handle_write_event();
  EXPECT_EQ(chat.transport().sent(), "data");
}

TEST(AsyncChatOutput, SendErrorGoesToHandleError) {
  SocketMap map;
  Chat chat(&map);
  chat.transport().AddSendError(EIO);
  chat.push("data");
  EXPECT_EQ(chat.rec.errors, 1);
  EXPECT_FALSE(chat.connected());
}

TEST(AsyncChatOutput, SendDisconnectCloses) {
  SocketMap map;
  Chat chat(&map);
  chat.transport().AddSendError(EPIPE);
  chat.push("data");
  EXPECT_EQ(chat.rec.errors, 0);
  EXPECT_EQ(chat.rec.closes, 1);
  EXPECT_FALSE(chat.connected());
}

TEST(AsyncChatOutput, WritableWhileNotConnected) {
  SocketMap map;
  auto t = std::make_unique<ScriptedTransport>();
  t->set_peer(asyncore::SocketAddress());  // getpeername: ENOTCONN
  Chat chat(&map, std::move(t));
  EXPECT_FALSE(chat.connected());
  EXPECT_TRUE(chat.writable());
  chat.push("queued");  // not connected: nothing is sent
  EXPECT_TRUE(chat.transport().calls().empty());
  EXPECT_TRUE(chat.readable());
}

TEST(AsyncChatOutput, CloseWhenDoneClosesOnlyAfterEverythingIsSent) {
  SocketMap map;
  Chat chat(&map);
  const std::string message = "hello world\nI'm not dead yet!\n";
  chat.transport().AddSendBudget(3);
  chat.transport().set_default_send_cap(2);
  chat.push(message);
  chat.push("QUIT\n");
  chat.close_when_done();
  const std::string all = message + "QUIT\n";
  int events = 0;
  while (chat.connected() && events < 1000) {
    const bool everything_sent_before = chat.transport().sent() == all;
    chat.handle_write_event();
    ++events;
    if (!everything_sent_before) {
      EXPECT_TRUE(chat.connected()) << "closed before all data was sent, after event " << events;
    }
  }
  EXPECT_EQ(chat.transport().sent(), all);
  EXPECT_FALSE(chat.connected());
  EXPECT_TRUE(chat.transport().closed());
  EXPECT_EQ(chat.rec.closes, 1);
  EXPECT_TRUE(chat.contents.empty());
}

TEST(AsyncChatOutput, CloseWhenDoneOnAnEmptyQueueClosesOnTheNextWriteEvent) {
  SocketMap map;
  Chat chat(&map);
  chat.close_when_done();
  EXPECT_TRUE(chat.connected()) << "close_when_done itself sends nothing";
  EXPECT_TRUE(chat.writable());
  chat.handle_write_event();
  EXPECT_FALSE(chat.connected());
  EXPECT_EQ(chat.rec.closes, 1);
}

TEST(AsyncChatOutput, CloseWhenDoneCallsTheOverriddenHandleClose) {
  SocketMap map;
  Chat chat(&map);
  chat.close_on_handle_close = false;  // the override keeps the channel open
  chat.push("bye");
  chat.close_when_done();
  chat.handle_write_event();
  EXPECT_EQ(chat.rec.closes, 1);
  EXPECT_TRUE(chat.connected());
  EXPECT_FALSE(chat.transport().closed());
  EXPECT_TRUE(chat.output_queue().empty()) << "the sentinel was consumed";
  EXPECT_FALSE(chat.writable());
  // The channel still works: later output is sent normally.
  chat.push("more");
  EXPECT_EQ(chat.transport().sent(), "byemore");
}

TEST(AsyncChatOutput, DiscardBuffersDropsInputAndOutput) {
  SocketMap map;
  Chat chat(&map);
  chat.set_terminator("\r\n");
  chat.transport().AddRecv("abc\r");
  chat.handle_read_event();
  EXPECT_EQ(chat.held_back_input(), "\r");
  chat.transport().set_default_send_cap(0);  // the peer accepts nothing yet
  chat.push("pending");
  chat.push_with_producer(std::make_shared<SimpleProducer>("more"));
  chat.close_when_done();
  EXPECT_TRUE(chat.writable());

  chat.discard_buffers();
  EXPECT_EQ(chat.held_back_input(), "");
  EXPECT_TRUE(chat.output_queue().empty());
  EXPECT_FALSE(chat.writable());
  EXPECT_TRUE(chat.connected()) << "the close sentinel went too";

  // The dropped "\r" no longer pairs with the next "\n".
  chat.transport().AddRecv("\nx\r\n");
  chat.handle_read_event();
  EXPECT_EQ(chat.contents, std::vector<std::string>{"abc\nx"});
  EXPECT_EQ(chat.transport().sent(), "");
}

TEST(AsyncChatOutput, DiscardBuffersInsideFoundTerminatorDropsTheRestOfTheRead) {
  SocketMap map;
  Chat chat(&map);
  chat.set_terminator("\n");
  chat.on_found = [](Chat& c) {
    if (c.contents.size() == 1) c.discard_buffers();
  };
  chat.transport().AddRecv("one\ntwo\nthree\n");
  chat.handle_read_event();
  EXPECT_EQ(chat.contents, std::vector<std::string>{"one"});
  chat.transport().AddRecv("four\n");
  chat.handle_read_event();
  EXPECT_EQ(chat.contents, (std::vector<std::string>{"one", "four"}));
}

// ---------------------------------------------------------------------------
// Real loopback sockets: test_asynchat's echo exchange. The server channel
// collects everything until "QUIT\n", then echoes the rest back in pieces of
// `chunk` bytes and closes; the client reads `chunk` bytes per recv.

class EchoChannel : public AsyncChat {
 public:
  EchoChannel(std::unique_ptr<asyncore::Transport> sock, SocketMap* map, std::size_t chunk)
      : AsyncChat(std::move(sock), map) {
    set_terminator(Terminator::None());
    set_ac_out_buffer_size(chunk);
  }
  void collect_incoming_data(std::string_view data) override {
    if (done_) return;
    buffer_.append(data);
    std::size_t quit = buffer_.find("QUIT\n");
    if (quit == std::string::npos) return;
    done_ = true;
    buffer_.erase(quit, 5);
    push(buffer_);
    close_when_done();
  }
  void found_terminator() override {}

 private:
  std::string buffer_;
  bool done_ = false;
};

class EchoListener : public asyncore::Dispatcher {
 public:
  EchoListener(SocketMap* map, std::size_t chunk) : asyncore::Dispatcher(map), chunk_(chunk) {
    create_socket(AF_INET, SOCK_STREAM);
    set_reuse_addr();
    bind(asyncore::SocketAddress::Inet("127.0.0.1", 0));
    listen(5);
  }
  std::uint16_t port() const {
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    if (::getsockname(fileno(), reinterpret_cast<sockaddr*>(&ss), &len) != 0) return 0;
    return asyncore::SocketAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len).port();
  }
  void handle_accepted(asyncore::AcceptedConnection connection) override {
    ++accepted;
    asyncore::make_channel<EchoChannel>(std::move(connection.transport), &socket_map(), chunk_);
  }
  int accepted = 0;

 private:
  std::size_t chunk_;
};

class EchoClient : public AsyncChat {
 public:
  EchoClient(SocketMap* map, const std::string& terminator, std::uint16_t port, std::size_t chunk)
      : AsyncChat(nullptr, map) {
    create_socket(AF_INET, SOCK_STREAM);
    set_ac_in_buffer_size(chunk);
    connect(asyncore::SocketAddress::Inet("127.0.0.1", port));
    set_terminator(terminator);
  }
  void handle_connect() override { ++connects; }
  void collect_incoming_data(std::string_view data) override { buffer.append(data); }
  void found_terminator() override {
    contents.push_back(buffer);
    buffer.clear();
  }
  void handle_close() override {
    ++closes;
    close();
  }
  void handle_error() override {
    errors.push_back(asyncore::DescribeCurrentException());
    close();
  }

  std::vector<std::string> contents;
  std::string buffer;
  std::vector<std::string> errors;
  int connects = 0;
  int closes = 0;
};

struct LoopbackCase {
  std::string terminator;
  std::size_t chunk;
  asyncore::Backend backend;
};

class AsyncChatLoopback : public ::testing::TestWithParam<LoopbackCase> {};

TEST_P(AsyncChatLoopback, LineTerminatorExchange) {
  const LoopbackCase& p = GetParam();
  SocketMap map;
  EchoListener server(&map, p.chunk);
  const std::uint16_t port = server.port();
  ASSERT_NE(port, 0);
  EchoClient client(&map, p.terminator, port, p.chunk);
  client.push("hello ");
  client.push("world" + p.terminator);
  client.push("I'm not dead yet!" + p.terminator);
  client.push("QUIT\n");

  // Until the server has echoed everything and closed, which the client sees
  // as EOF. Each pass returns as soon as a descriptor is ready.
  int passes = 0;
  for (; passes < 20000 && client.socket() != nullptr && map.Find(client.fileno()) == &client; ++passes) {
    asyncore::loop(asyncore::LoopOptions{5.0, p.backend, &map, 1});
  }
  EXPECT_LT(passes, 20000);
  EXPECT_EQ(client.contents, (std::vector<std::string>{"hello world", "I'm not dead yet!"}));
  EXPECT_EQ(client.buffer, "");
  EXPECT_EQ(client.connects, 1);
  EXPECT_EQ(client.closes, 1);
  EXPECT_TRUE(client.errors.empty()) << (client.errors.empty() ? "" : client.errors.front());
  EXPECT_EQ(server.accepted, 1);
  EXPECT_EQ(map.size(), 1u) << "only the listener is left";
}

std::vector<LoopbackCase> LoopbackCases() {
  std::vector<LoopbackCase> cases;
  for (asyncore::Backend backend : {asyncore::Backend::kSelect, asyncore::Backend::kPoll, asyncore::Backend::kEpoll}) {
    for (const char* term : {"\n", "\r\n", "qqq"}) {
      for (std::size_t chunk : {1u, 2u, 3u}) cases.push_back(LoopbackCase{term, chunk, backend});
    }
  }
  return cases;
}

// A push made outside the channel's handlers that the socket takes only in
// part, on a channel with interest notifications: the rest is queued, and the
// epoll loop must learn that writable() turned true (the push notifies), or
// the rest would never be sent.
TEST(AsyncChatNotifying, APartlySentPushFromOutsideItsHandlersIsFlushed) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  class Quiet : public AsyncChat {
   public:
    using AsyncChat::AsyncChat;
    void collect_incoming_data(std::string_view) override {}
    void found_terminator() override {}
  };
  SocketMap map;
  Quiet chat(std::make_unique<asyncore::SocketTransport>(fds[0]), &map);
  asyncore::SocketTransport peer(fds[1]);  // non-blocking, closed at the end
  chat.set_terminator("\n");
  chat.set_interest_notifications(true);
  const std::string big(4 << 20, 'z');
  chat.set_ac_out_buffer_size(big.size());  // one piece: the direct path
  asyncore::loop(asyncore::LoopOptions{0.0, asyncore::Backend::kEpoll, &map, 1});  // registered for reading
  chat.push(std::string_view(big));
  ASSERT_FALSE(chat.output_queue().empty()) << "the socket took 4 MiB at once";
  std::size_t received = 0;
  char buf[1 << 16];
  for (int pass = 0; pass < 300 && received < big.size(); ++pass) {
    asyncore::loop(asyncore::LoopOptions{0.01, asyncore::Backend::kEpoll, &map, 1});
    for (;;) {
      std::size_t n = 0;
      try {
        n = peer.recv(buf, sizeof(buf));
      } catch (const asyncore::BlockingIOError&) {
        break;
      }
      if (n == 0) break;
      received += n;
    }
  }
  EXPECT_EQ(received, big.size());
}

INSTANTIATE_TEST_SUITE_P(AsyncChat, AsyncChatLoopback, ::testing::ValuesIn(LoopbackCases()),
                         [](const ::testing::TestParamInfo<LoopbackCase>& info) {
                           std::string term = info.param.terminator == "\n"     ? "lf"
                                              : info.param.terminator == "\r\n" ? "crlf"
                                                                                : "qqq";
                           return std::string(asyncore::BackendName(info.param.backend)) + "_" + term + "_chunk" +
                                  std::to_string(info.param.chunk);
                         });

// push(std::move(s)) takes the string over instead of copying it; what is
// observed and sent is the same as push(view) whatever the size.
TEST(AsyncChatOutput, PushOfAMovedStringSendsWhatPushOfAViewSends) {
  for (std::size_t size : {0u, 1u, 4u, 5u, 11u}) {
    const std::string data = std::string("abcdefghijk").substr(0, size);
    SocketMap map;
    Chat by_view(&map), by_move(&map);
    for (Chat* chat : {&by_view, &by_move}) {
      chat->set_ac_out_buffer_size(4);
      chat->transport().set_default_send_cap(3);
    }
    by_view.push(std::string_view(data));
    std::string moved = data;
    by_move.push(std::move(moved));
    DrainWrites(by_view);
    DrainWrites(by_move);
    EXPECT_EQ(by_move.transport().sent(), data) << size;
    ASSERT_EQ(by_move.transport().calls().size(), by_view.transport().calls().size()) << size;
    for (std::size_t i = 0; i < by_view.transport().calls().size(); ++i) {
      EXPECT_EQ(by_move.transport().calls()[i].data, by_view.transport().calls()[i].data) << size << " call " << i;
    }
  }
}

// push() sends from the caller's bytes, but what the socket does not take
// is the queue's own: the caller may reuse its buffer as soon as push()
// returns, as it may after a push that copied first.
TEST(AsyncChatOutput, PushedBytesSurviveTheCallerReusingItsBuffer) {
  for (std::size_t budget : {0u, 1u, 4u, 5u, 9u}) {
    SocketMap map;
    Chat chat(&map);
    chat.set_ac_out_buffer_size(4);
    if (budget == 0) {
      chat.transport().AddSendError(EAGAIN);
    } else {
      chat.transport().AddSendBudget(budget);
    }
    std::string buffer = "abcdefghij";
    chat.push(std::string_view(buffer));
    buffer.assign(buffer.size(), 'X');
    buffer.append(100, 'Y');  // reallocates: the old bytes are freed
    DrainWrites(chat);
    EXPECT_EQ(chat.transport().sent(), "abcdefghij") << "first send accepted " << budget;
  }
}

// A handler that runs inside push() may change the bytes it pushed:
// handle_error for a send error, or handle_close, which Dispatcher::send()
// runs on a disconnect (EPIPE). The queue copied them before the call,
// whether the push was sent straight from the caller (empty queue) or queued
// behind an earlier one. These handlers keep the channel open.
class ReusesItsBuffer : public Chat {
 public:
  using Chat::Chat;
  std::string lent = "abcdef";
  void handle_error() override { lent.assign(lent.size(), 'X'); }
  void handle_close() override { lent.assign(lent.size(), 'X'); }
};

TEST(AsyncChatOutput, HandlerInsidePushMayReuseThePushedBuffer) {
  for (int err : {EIO, EPIPE}) {
    for (bool behind_another : {false, true}) {
      SCOPED_TRACE(std::string(err == EIO ? "EIO" : "EPIPE") + (behind_another ? ", behind another push" : ""));
      SocketMap map;
      ReusesItsBuffer chat(&map);
      std::string expected = "abcdef";
      if (behind_another) {
        chat.transport().AddSendError(EAGAIN);
        chat.push("first ");
        expected = "first " + expected;
      }
      chat.transport().AddSendError(err);
      chat.push(std::string_view(chat.lent));
      EXPECT_EQ(chat.lent, "XXXXXX");
      ASSERT_TRUE(chat.connected());
      DrainWrites(chat);
      EXPECT_EQ(chat.transport().sent(), expected);
    }
  }
}

}  // namespace
}  // namespace asynchat
