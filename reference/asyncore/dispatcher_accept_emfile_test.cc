// accept() when the process is out of descriptors (EMFILE). CPython's
// asyncore raises it to handle_error(): the default closes the listener for
// good, and an application that overrides handle_error to keep the server
// up gets a level-triggered listener that is ready on every pass, a busy
// loop. The reference pauses accepting instead (dispatcher.h): while the
// shortage lasts the loop must not spin, existing channels are served, and
// the connection waiting in the backlog is accepted once descriptors free up.
//
// Each case runs in a child process with a lowered RLIMIT_NOFILE, so the
// test exhausts only its own small descriptor table.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <dirent.h>
#include <string>
#include <vector>

#include "reference/asyncore/os_error.h"
#include "reference/asyncore/testing/child_process.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"
#include "reference/asyncore/testing/test_server.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::TestServer;
using testkit::UniqueFd;

// A server that survives its errors, as applications that override
// handle_error do: without the back-off it would spin rather than close.
class PatientServer : public TestServer<Recorder> {
 public:
  using TestServer<Recorder>::TestServer;
  void handle_error() override { ++errors; }
};

int HighestOpenFd() {
  int highest = -1;
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return 1023;
  while (dirent* e = ::readdir(dir)) {
    if (e->d_name[0] == '.') continue;
    int fd = std::atoi(e->d_name);
    if (fd > highest) highest = fd;
  }
  ::closedir(dir);
  return highest;
}

// Lowers the soft limit just above the descriptors in use and takes the rest
// (a few, plus any holes below), so that the next accept() fails with EMFILE.
std::vector<UniqueFd> ExhaustDescriptors() {
  rlimit lim{};
  ::getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = static_cast<rlim_t>(HighestOpenFd() + 1 + 4);
  if (::setrlimit(RLIMIT_NOFILE, &lim) != 0) return {};
  std::vector<UniqueFd> fillers;
  for (;;) {
    int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0) break;
    fillers.emplace_back(fd);
  }
  return fillers;
}

// UndefinedBehaviorSanitizer checks an object's type the first time it sees
// that type at a call by probing memory with pipe(), which fails while the
// process is out of descriptors (a false "invalid vptr"). Whatever runs only
// during the shortage is run here once first: the EMFILE error's way
// through Dispatcher::accept.
void WarmUpTypeChecks() {
  try {
    ThrowOsError(EMFILE, "warm-up");
  } catch (const std::system_error& e) {
    if (ErrnoOf(e) != EMFILE || e.what() == nullptr) std::abort();
  }
}

double CpuSeconds() {
  rusage ru{};
  ::getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

UniqueFd BlockingConnect(int af, const SocketAddress& address) {
  UniqueFd fd(::socket(af, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0 || ::connect(fd.get(), address.sockaddr_ptr(), address.length()) != 0) return UniqueFd();
  return fd;
}

std::string ReadSome(int fd) {
  if (!testkit::WaitReadable(fd)) return "";
  char buf[64];
  ssize_t n = ::read(fd, buf, sizeof(buf));
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "";
}

class DispatcherAcceptEmfileTest : public LoopbackTest {
 protected:
  void ServeThroughTheShortage(bool listener_notifies);
};

#define REQUIRE(cond, what)              \
  do {                                   \
    if (!(cond)) return std::string(what); \
  } while (0)

// The pause must hold whether the loop asks the listener every pass or, with
// interest notifications on, only after its own handlers ran (epoll): the
// pause begins inside handle_accept, and accept_pause_left() marks the
// listener changed on every pass while it lasts.
void DispatcherAcceptEmfileTest::ServeThroughTheShortage(bool listener_notifies) {
  constexpr double kWindow = 0.5;  // seconds of EMFILE under observation
  testkit::ChildOutcome outcome = testkit::RunInChild([&]() -> std::string {
    PatientServer server(&map_, listen_address());
    server.set_interest_notifications(listener_notifies);
    UniqueFd existing = BlockingConnect(af(), server.address());
    REQUIRE(existing.get() >= 0, "connect of the first client failed");
    REQUIRE(RunUntil([&] { return server.handlers.size() == 1; }), "the first client was not accepted");
    Recorder& served = *server.handlers[0];
    // One exchange before the shortage, so that every handler path has run
    // once (see WarmUpTypeChecks).
    testkit::WriteAll(existing.get(), "warm");
    served.Queue("warm");
    REQUIRE(RunUntil([&] { return served.received == "warm" && served.queued() == 0; }), "warm-up exchange failed");
    REQUIRE(ReadSome(existing.get()) == "warm", "warm-up reply missing");
    served.received.clear();

    // Connected from the client's side: it waits in the listener's backlog.
    UniqueFd pending = BlockingConnect(af(), server.address());
    REQUIRE(pending.get() >= 0, "connect of the pending client failed");
    WarmUpTypeChecks();
    std::vector<UniqueFd> fillers = ExhaustDescriptors();
    REQUIRE(!fillers.empty(), "could not lower RLIMIT_NOFILE");
    REQUIRE(::dup(fillers[0].get()) < 0 && errno == EMFILE, "descriptors are not exhausted");

    // The existing connection keeps working both ways while accept() fails.
    testkit::WriteAll(existing.get(), "ping");
    served.Queue("pong");
    int passes = 0;
    const double cpu_before = CpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < kWindow) {
      loop(LoopOptions{30.0, backend(), &map_, 1});  // a long timeout: the pause must end the pass by itself
      ++passes;
    }
    const double cpu = CpuSeconds() - cpu_before;

    REQUIRE(server.errors == 0, "accept's EMFILE reached handle_error " + std::to_string(server.errors) + " times");
    REQUIRE(server.accepting(), "the listener was closed");
    REQUIRE(server.accept_events >= 2, "accept was retried " + std::to_string(server.accept_events) +
                                           " times in " + std::to_string(kWindow) + " s (expected a retry per pause)");
    REQUIRE(server.handlers.size() == 1, "a connection was accepted while out of descriptors");
    // A retry per pause (0.1 s) plus the existing channel's two events; a
    // spinning loop makes hundreds of thousands of passes.
    REQUIRE(passes <= 40, std::to_string(passes) + " loop passes in " + std::to_string(kWindow) + " s");
    REQUIRE(cpu < 0.4 * kWindow, std::to_string(cpu) + " s of CPU in " + std::to_string(kWindow) + " s");
    REQUIRE(served.received == "ping", "the existing channel received \"" + served.received + "\"");
    const std::string pong = ReadSome(existing.get());
    REQUIRE(pong == "pong", "the existing client received \"" + pong + "\"");

    fillers.clear();  // descriptors free up
    REQUIRE(RunUntil([&] { return server.handlers.size() == 2; }, 100),
            "the pending client was not accepted after descriptors were freed");
    Recorder& late = *server.handlers[1];
    testkit::WriteAll(pending.get(), "hello");
    late.Queue("welcome");
    REQUIRE(RunUntil([&] { return late.received == "hello" && late.queued() == 0; }),
            "the late channel received \"" + late.received + "\"");
    const std::string welcome = ReadSome(pending.get());
    REQUIRE(welcome == "welcome", "the pending client received \"" + welcome + "\"");
    REQUIRE(server.errors == 0, "handle_error was called");
    return "";
  });
  EXPECT_TRUE(outcome.ok()) << outcome.Describe();
}

TEST_P(DispatcherAcceptEmfileTest, NoSpinWhileOutOfDescriptorsThenThePendingClientIsServed) {
  ServeThroughTheShortage(/*listener_notifies=*/false);
}

TEST_P(DispatcherAcceptEmfileTest, ANotifyingListenerPausesAndResumesAlike) {
  ServeThroughTheShortage(/*listener_notifies=*/true);
}

TEST_P(DispatcherAcceptEmfileTest, TheDefaultHandleErrorIsNotReachedAndTheListenerStaysOpen) {
  // With asyncore's default handle_error, EMFILE would close the listener.
  testkit::ChildOutcome outcome = testkit::RunInChild([&]() -> std::string {
    TestServer<Recorder> server(&map_, listen_address());
    UniqueFd first = BlockingConnect(af(), server.address());
    REQUIRE(first.get() >= 0, "connect failed");
    // Accepted and polled once before the shortage (the backend's state,
    // epoll's descriptor, exists then too; see WarmUpTypeChecks).
    REQUIRE(RunUntil([&] { return server.handlers.size() == 1; }), "the first client was not accepted");
    RunPasses(1);
    UniqueFd second = BlockingConnect(af(), server.address());
    REQUIRE(second.get() >= 0, "connect failed");
    WarmUpTypeChecks();
    std::vector<UniqueFd> fillers = ExhaustDescriptors();
    REQUIRE(!fillers.empty(), "could not lower RLIMIT_NOFILE");
    RunPasses(3);
    REQUIRE(server.errors == 0, "handle_error was called");
    REQUIRE(server.accepting() && server.fileno() >= 0, "the listener was closed");
    fillers.clear();
    REQUIRE(RunUntil([&] { return server.handlers.size() == 2; }, 100),
            std::to_string(server.handlers.size()) + " connection(s) accepted after descriptors were freed");
    return "";
  });
  EXPECT_TRUE(outcome.ok()) << outcome.Describe();
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(DispatcherAcceptEmfileTest);

}  // namespace
}  // namespace asyncore
