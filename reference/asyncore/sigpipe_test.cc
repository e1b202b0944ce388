// SIGPIPE is never delivered: writing to a peer that went away reports EPIPE
// (a disconnect: handle_close, as in asyncore's _DISCONNECTED) instead of
// killing the process. CPython gets this for free because the interpreter
// ignores SIGPIPE at startup; a C++ program has it at its default
// disposition, which terminates. Sockets send with MSG_NOSIGNAL; pipes
// (file_dispatcher) cannot, and block the signal around write(2).
//
// Each case runs in a child process with SIGPIPE at SIG_DFL and unblocked,
// so a regression kills the child, not the test binary.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "reference/asyncore/file_dispatcher.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/child_process.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::UniqueFd;

void DefaultSigpipe() {
  ::signal(SIGPIPE, SIG_DFL);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGPIPE);
  ::sigprocmask(SIG_UNBLOCK, &set, nullptr);
}

std::string Check(bool cond, const std::string& what) { return cond ? "" : what; }

class SigpipeSocketTest : public LoopbackTest {};

TEST_P(SigpipeSocketTest, SendingToAClosedPeerClosesTheChannelAndTheProcessLives) {
  testkit::ChildOutcome outcome = testkit::RunInChild([&]() -> std::string {
    DefaultSigpipe();
    auto [mine, theirs] = connected_pair();
    Recorder channel(std::make_unique<SocketTransport>(mine.release()), &map_);
    channel.read_enabled = false;  // the broken connection must be found by send()
    theirs.reset();
    // Several sends: over TCP the first one only draws the peer's reset.
    channel.Queue(std::string(1 << 20, 'x'));
    if (!RunUntil([&] { return channel.closed(); })) return "the channel did not close";
    if (!channel.errors.empty()) return "handle_error: " + channel.errors.front();
    return Check(channel.count("close") == 1, std::to_string(channel.count("close")) + " handle_close calls");
  });
  EXPECT_TRUE(outcome.ok()) << outcome.Describe();
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(SigpipeSocketTest);

class PipeWriter : public FileDispatcher {
 public:
  using FileDispatcher::FileDispatcher;
  bool readable() override { return false; }
  bool writable() override { return true; }
  void handle_write() override { send("data"); }
  void handle_close() override {
    ++closes;
    close();
  }
  void handle_error() override {
    ++errors;
    FileDispatcher::handle_error();
  }
  int closes = 0;
  int errors = 0;
};

// The write end of a pipe whose read end is already closed (-1 if pipe2 failed).
UniqueFd OrphanedPipeWriteEnd() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return UniqueFd();
  ::close(fds[0]);
  return UniqueFd(fds[1]);
}

class SigpipePipeTest : public ::testing::TestWithParam<Backend> {};

TEST_P(SigpipePipeTest, WritingToAPipeWithoutReaderClosesTheChannelAndTheProcessLives) {
  testkit::ChildOutcome outcome = testkit::RunInChild([&]() -> std::string {
    DefaultSigpipe();
    UniqueFd write_end = OrphanedPipeWriteEnd();
    if (write_end.get() < 0) return "pipe2 failed";
    SocketMap map;
    PipeWriter writer(write_end.get(), &map);
    if (!testkit::RunUntil(map, GetParam(), [&] { return writer.closes > 0; })) return "the writer did not close";
    if (writer.errors != 0) return "handle_error was called";
    return Check(writer.closes == 1, std::to_string(writer.closes) + " handle_close calls");
  });
  EXPECT_TRUE(outcome.ok()) << outcome.Describe();
}

TEST(SigpipePipeDirect, ASendToAPipeWithoutReaderReturnsZeroAfterHandleClose) {
  testkit::ChildOutcome outcome = testkit::RunInChild([&]() -> std::string {
    DefaultSigpipe();
    UniqueFd write_end = OrphanedPipeWriteEnd();
    if (write_end.get() < 0) return "pipe2 failed";
    SocketMap map;
    PipeWriter writer(write_end.get(), &map);
    const std::size_t sent = writer.send("x");
    if (sent != 0) return "send returned " + std::to_string(sent);
    // A SIGPIPE raised by the write must not stay pending either: unblocking
    // would deliver it now.
    sigset_t pending;
    sigemptyset(&pending);
    ::sigpending(&pending);
    if (sigismember(&pending, SIGPIPE)) return "SIGPIPE left pending";
    return Check(writer.closes == 1 && writer.errors == 0, "closes " + std::to_string(writer.closes) + ", errors " +
                                                                std::to_string(writer.errors));
  });
  EXPECT_TRUE(outcome.ok()) << outcome.Describe();
}

INSTANTIATE_TEST_SUITE_P(Backends, SigpipePipeTest,
                         ::testing::Values(Backend::kSelect, Backend::kPoll, Backend::kEpoll),
                         [](const ::testing::TestParamInfo<Backend>& info) { return BackendName(info.param); });

}  // namespace
}  // namespace asyncore
