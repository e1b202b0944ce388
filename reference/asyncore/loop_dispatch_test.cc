// How a pass turns readiness into handler calls (CPython's read, write,
// _exception and readwrite), checked on scripted channels so that every
// event is delivered by hand:
//  - poll flags: in -> read, out -> write, pri -> expt, hup/err/nval ->
//    handle_close();
//  - ExitNow always escapes; any other exception reaches handle_error(),
//    except that readwrite sends a disconnect errno to handle_close();
//  - once a handler has closed the channel, the remaining flags of the
//    same event are not delivered.
#include <gtest/gtest.h>
#include <poll.h>

#include <cerrno>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/testing/recorder.h"

namespace asyncore {
namespace {

using testkit::Recorder;

// A connected scripted channel whose handlers can be told to throw or close.
class Scripted : public Recorder {
 public:
  explicit Scripted(SocketMap* map) : Recorder(std::make_unique<ScriptedTransport>(), map) {}
  void handle_read() override { Act("read"); }
  void handle_write() override { Act("write"); }
  void handle_expt() override { Act("expt"); }
  void handle_close() override {
    Record("close");
    if (std::exception_ptr e = std::exchange(throw_in_close, nullptr)) std::rethrow_exception(e);
    close();
  }

  std::function<void()> on_read, on_write, on_expt;
  std::exception_ptr throw_in_close;

 private:
  void Act(const char* event) {
    Record(event);
    const std::string e = event;
    const std::function<void()>& action = e == "read" ? on_read : e == "write" ? on_write : on_expt;
    if (action) action();
  }
};

std::function<void()> Throws(std::exception_ptr error) {
  return [error] { std::rethrow_exception(error); };
}
std::exception_ptr OsError(int err) {
  return std::make_exception_ptr(std::system_error(err, std::generic_category(), "handler"));
}

TEST(ReadwriteTest, EachFlagCallsItsHandler) {
  const std::vector<std::pair<int, std::string>> expected = {
      {POLLIN, "read"}, {POLLOUT, "write"}, {POLLPRI, "expt"},
      {POLLHUP, "close"}, {POLLERR, "close"}, {POLLNVAL, "close"},
  };
  for (const auto& [flag, handler] : expected) {
    SocketMap map;
    Scripted ch(&map);
    readwrite(ch, flag);
    EXPECT_EQ(ch.events, std::vector<std::string>{handler}) << "flag " << flag;
  }
}

TEST(ReadwriteTest, SeveralFlagsRunInReadWriteExptCloseOrder) {
  SocketMap map;
  Scripted ch(&map);
  readwrite(ch, POLLIN | POLLOUT | POLLPRI | POLLHUP);
  EXPECT_EQ(ch.events, (std::vector<std::string>{"read", "write", "expt", "close"}));
}

TEST(ReadwriteTest, NothingMoreIsDeliveredOnceAHandlerClosedTheChannel) {
  SocketMap map;
  Scripted ch(&map);
  ch.on_read = [&] { ch.close(); };
  readwrite(ch, POLLIN | POLLOUT | POLLPRI | POLLHUP);
  EXPECT_EQ(ch.events, std::vector<std::string>{"read"});
  EXPECT_EQ(ch.calls_after_close, 0);
}

// Makes the handler for `flag` throw `error` (the close handler only once:
// the default handle_error closes through it).
void ThrowOn(Scripted& ch, int flag, std::exception_ptr error) {
  if (flag == POLLIN) ch.on_read = Throws(error);
  if (flag == POLLOUT) ch.on_write = Throws(error);
  if (flag == POLLPRI) ch.on_expt = Throws(error);
  if (flag == POLLHUP) ch.throw_in_close = error;
}

TEST(ReadwriteTest, ExitNowEscapes) {
  for (int flag : {POLLIN, POLLOUT, POLLPRI, POLLHUP}) {
    SocketMap map;
    Scripted ch(&map);
    ThrowOn(ch, flag, std::make_exception_ptr(ExitNow()));
    EXPECT_THROW(readwrite(ch, flag), ExitNow) << "flag " << flag;
    EXPECT_TRUE(ch.errors.empty());
  }
}

TEST(ReadwriteTest, OtherExceptionsReachHandleError) {
  for (int flag : {POLLIN, POLLOUT, POLLPRI, POLLHUP}) {
    SocketMap map;
    Scripted ch(&map);
    ThrowOn(ch, flag, std::make_exception_ptr(std::runtime_error("oops")));
    readwrite(ch, flag);
    ASSERT_EQ(ch.errors.size(), 1u) << "flag " << flag;
    EXPECT_NE(ch.errors[0].find("oops"), std::string::npos);
  }
}

TEST(ReadwriteTest, ADisconnectErrnoIsAClose) {
  SocketMap map;
  Scripted ch(&map);
  ch.on_write = Throws(OsError(ECONNRESET));
  readwrite(ch, POLLOUT);
  EXPECT_EQ(ch.events, (std::vector<std::string>{"write", "close"}));
  EXPECT_TRUE(ch.errors.empty());

  Scripted other(&map);
  other.on_write = Throws(OsError(EIO));
  readwrite(other, POLLOUT);
  EXPECT_EQ(other.error_errnos, std::vector<int>{EIO});
}

// The select path (read, write, _exception) sends every error, even a
// disconnect errno, to handle_error.
TEST(SelectDispatchTest, ExceptionsReachHandleErrorAndExitNowEscapes) {
  using Dispatch = void (*)(Dispatcher&);
  const std::vector<std::pair<Dispatch, std::string>> phases = {
      {dispatch_read, "read"}, {dispatch_write, "write"}, {dispatch_expt, "expt"}};
  for (const auto& [dispatch, event] : phases) {
    SocketMap map;
    Scripted ch(&map);
    ch.on_read = ch.on_write = ch.on_expt = Throws(OsError(ECONNRESET));
    dispatch(ch);
    EXPECT_EQ(ch.error_errnos, std::vector<int>{ECONNRESET}) << event;
    EXPECT_EQ(ch.events.front(), event);

    Scripted exiting(&map);
    exiting.on_read = exiting.on_write = exiting.on_expt = Throws(std::make_exception_ptr(ExitNow()));
    EXPECT_THROW(dispatch(exiting), ExitNow) << event;
  }
}

// Scripted channels have synthetic ids: no backend may poll them, and a
// pass over a map of them only waits.
TEST(ScriptedInLoopTest, NoBackendPollsAScriptedChannel) {
  for (Backend backend : {Backend::kSelect, Backend::kPoll, Backend::kEpoll}) {
    SocketMap map;
    Scripted ch(&map);
    ch.always_writable = true;
    loop(LoopOptions{0.01, backend, &map, 2});
    EXPECT_TRUE(ch.events.empty()) << BackendName(backend);
    EXPECT_FALSE(ch.closed());
  }
}

TEST(BackendNameTest, ParseAndNameRoundTrip) {
  for (Backend backend : {Backend::kSelect, Backend::kPoll, Backend::kEpoll}) {
    EXPECT_EQ(ParseBackend(BackendName(backend)), backend);
  }
  try {
    ParseBackend("kqueue");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("kqueue"), std::string::npos);
  }
}

}  // namespace
}  // namespace asyncore
