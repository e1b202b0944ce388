// ScriptedTransport: recv and send results come from a script (recv data
// split by the caller's buffer size, EOF, errno; send budgets and errno),
// and every call is recorded in order.
#include "reference/asyncore/scripted_transport.h"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cerrno>
#include <string>
#include <vector>

#include "reference/asyncore/os_error.h"

namespace asyncore {
namespace {

using Call = ScriptedTransport::Call;

std::string Recv(ScriptedTransport& t, std::size_t n) {
  std::string buf(n, '\0');
  buf.resize(t.recv(buf.data(), n));
  return buf;
}

// errno thrown by f as std::system_error; -1 if it threw nothing.
template <class F>
int ErrnoThrownBy(F&& f) {
  try {
    f();
  } catch (const std::system_error& e) {
    return ErrnoOf(e);
  }
  return -1;
}

TEST(ScriptedTransportTest, RecvSplitsDataByTheBufferSize) {
  ScriptedTransport t;
  t.AddRecv("hello world");
  t.AddRecv("!");
  EXPECT_EQ(Recv(t, 4), "hell");
  EXPECT_EQ(Recv(t, 4), "o wo");
  EXPECT_EQ(Recv(t, 100), "rld") << "a step never merges with the next one";
  EXPECT_EQ(Recv(t, 100), "!");
  EXPECT_EQ(t.recv_steps_left(), 0u);
}

TEST(ScriptedTransportTest, RecvEofReturnsZeroAndAnEmptyScriptWouldBlock) {
  ScriptedTransport t;
  t.AddEof();
  EXPECT_EQ(Recv(t, 10), "");
  EXPECT_THROW(Recv(t, 10), BlockingIOError);
}

TEST(ScriptedTransportTest, RecvErrorsThrowTheirErrno) {
  ScriptedTransport t;
  t.AddRecvError(ECONNRESET);
  t.AddRecvError(EAGAIN);
  t.AddRecv("after");
  try {
    Recv(t, 10);
    FAIL() << "no exception";
  } catch (const BlockingIOError&) {
    FAIL() << "ECONNRESET is not would-block";
  } catch (const std::system_error& e) {
    EXPECT_EQ(ErrnoOf(e), ECONNRESET);
  }
  EXPECT_THROW(Recv(t, 10), BlockingIOError);
  EXPECT_EQ(Recv(t, 10), "after") << "an error step is consumed";
}

TEST(ScriptedTransportTest, SendFollowsTheBudgetsThenTheDefaultCap) {
  ScriptedTransport t;
  t.AddSendBudget(3);
  t.AddSendError(EAGAIN);
  t.AddSendBudget(0);
  t.AddSendError(EPIPE);
  EXPECT_EQ(t.send("hello"), 3u);
  EXPECT_THROW(t.send("lo"), BlockingIOError);
  EXPECT_EQ(t.send("lo"), 0u);
  EXPECT_EQ(ErrnoThrownBy([&] { t.send("lo"); }), EPIPE);
  EXPECT_EQ(t.send_steps_left(), 0u);
  EXPECT_EQ(t.send("lo"), 2u) << "no budget left: everything is accepted";
  t.set_default_send_cap(1);
  EXPECT_EQ(t.send("xyz"), 1u);
  EXPECT_EQ(t.sent(), "hellox");
}

TEST(ScriptedTransportTest, EveryCallIsRecordedInOrder) {
  ScriptedTransport t;
  t.AddRecv("abc");
  t.AddSendBudget(1);
  t.AddRecvError(EIO);
  Recv(t, 2);
  t.send("xy");
  Recv(t, 8);
  ErrnoThrownBy([&] { Recv(t, 8); });
  t.close();

  const std::vector<Call>& calls = t.calls();
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[0].kind, Call::Kind::kRecv);
  EXPECT_EQ(calls[0].requested, 2u);
  EXPECT_EQ(calls[0].data, "ab");
  EXPECT_EQ(calls[0].result, 2u);
  EXPECT_EQ(calls[0].error, 0);
  EXPECT_EQ(calls[1].kind, Call::Kind::kSend);
  EXPECT_EQ(calls[1].requested, 2u);
  EXPECT_EQ(calls[1].data, "xy");
  EXPECT_EQ(calls[1].result, 1u);
  EXPECT_EQ(calls[2].kind, Call::Kind::kRecv);
  EXPECT_EQ(calls[2].data, "c") << "the rest of the step";
  EXPECT_EQ(calls[3].kind, Call::Kind::kRecv);
  EXPECT_EQ(calls[3].requested, 8u);
  EXPECT_EQ(calls[3].error, EIO);
  EXPECT_EQ(calls[3].result, 0u);
  EXPECT_EQ(calls[4].kind, Call::Kind::kClose);
}

TEST(ScriptedTransportTest, AfterCloseEverythingFailsWithEbadf) {
  ScriptedTransport t;
  t.AddRecv("unread");
  t.close();
  t.close();
  EXPECT_TRUE(t.closed());
  EXPECT_EQ(ErrnoThrownBy([&] { Recv(t, 1); }), EBADF);
  EXPECT_EQ(ErrnoThrownBy([&] { t.send("x"); }), EBADF);
  EXPECT_EQ(t.calls().size(), 3u) << "the second close() is not a call";
}

TEST(ScriptedTransportTest, PendingErrorIsTakenOnce) {
  ScriptedTransport t;
  EXPECT_EQ(t.take_error(), 0);
  t.set_pending_error(ECONNREFUSED);
  EXPECT_EQ(t.take_error(), ECONNREFUSED);
  EXPECT_EQ(t.take_error(), 0);
}

TEST(ScriptedTransportTest, PeerDefaultsToConnectedAndCanBeCleared) {
  ScriptedTransport t;
  EXPECT_EQ(t.peer_address().ToString(), "127.0.0.1:0");
  t.set_peer(SocketAddress());
  EXPECT_EQ(ErrnoThrownBy([&] { t.peer_address(); }), ENOTCONN);
}

TEST(ScriptedTransportTest, IdsAreSyntheticAndNeverPolled) {
  ScriptedTransport a, b;
  EXPECT_FALSE(a.pollable());
  EXPECT_NE(a.fileno(), b.fileno());
  EXPECT_GE(a.fileno(), 1 << 30) << "far above any real descriptor";
}

// However the data is split into steps and whatever buffer sizes the
// reader uses, it reads back exactly the scripted bytes, never more than
// its buffer at a time.
RC_GTEST_PROP(ScriptedTransportProperty, RecvReturnsTheScriptedBytesInOrder, ()) {
  const auto steps = *rc::gen::container<std::vector<std::string>>(rc::gen::nonEmpty(rc::gen::string<std::string>()));
  ScriptedTransport t;
  std::string expected;
  for (const std::string& s : steps) {
    t.AddRecv(s);
    expected += s;
  }
  std::string got;
  while (t.recv_steps_left() > 0) {
    const auto n = *rc::gen::inRange<std::size_t>(1, 64);
    std::string chunk = Recv(t, n);
    RC_ASSERT(!chunk.empty());
    RC_ASSERT(chunk.size() <= n);
    got += chunk;
  }
  RC_ASSERT(got == expected);
}

}  // namespace
}  // namespace asyncore
