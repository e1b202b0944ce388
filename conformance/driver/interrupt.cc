#include "conformance/driver/interrupt.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstring>

namespace conformance {
namespace {

constexpr int kMaxGroups = 256;
std::atomic<pid_t> groups[kMaxGroups];

// A bounded text, set by the main thread, read by the handler. The writer
// fills the half the reader is not pointed at, then flips `current`.
struct SharedText {
  static constexpr std::size_t kSize = 512;
  char text[2][kSize] = {};
  std::atomic<int> current{0};

  void Set(std::string_view s) {
    const int next = 1 - current.load(std::memory_order_relaxed);
    const std::size_t n = s.size() < kSize - 1 ? s.size() : kSize - 1;
    std::memcpy(text[next], s.data(), n);
    text[next][n] = '\0';
    current.store(next, std::memory_order_release);
  }
  const char* Get() const { return text[current.load(std::memory_order_acquire)]; }
};

SharedText running_impl, running_case;
std::atomic<bool> case_known{false};
const char* program_name = "conformance";

// write(2) of a C string, in whole.
void Put(const char* s) {
  std::size_t n = std::strlen(s);
  while (n > 0) {
    ssize_t put = write(STDERR_FILENO, s, n);
    if (put < 0 && errno == EINTR) continue;
    if (put <= 0) return;
    s += put;
    n -= static_cast<std::size_t>(put);
  }
}

// Control bytes in an adapter's name or a case id would reach the terminal:
// replaced by '?'.
void PutText(const char* s) {
  char buf[SharedText::kSize];
  std::size_t i = 0;
  for (; s[i] != '\0' && i + 1 < sizeof buf; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    buf[i] = c < 0x20 || c == 0x7f ? '?' : s[i];
  }
  buf[i] = '\0';
  Put(buf);
}

bool LeaderExited(pid_t pid) {
  siginfo_t info = {};
  if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return true;
  return info.si_pid != 0;
}

void OnInterrupt(int sig) {
  const int saved_errno = errno;
  int live = 0;
  for (std::atomic<pid_t>& g : groups) {
    pid_t p = g.load();
    if (p > 0 && kill(-p, SIGTERM) == 0) ++live;
  }
  // A short grace: a leader that exits on SIGTERM is not waited for longer.
  for (int i = 0; i < 50 && live > 0; ++i) {
    bool all = true;
    for (std::atomic<pid_t>& g : groups) {
      pid_t p = g.load();
      if (p > 0 && !LeaderExited(p)) all = false;
    }
    if (all) break;
    timespec ts{0, 10'000'000};
    nanosleep(&ts, nullptr);
  }
  // What the leaders left in their groups (a shell's children) goes too. The
  // leaders are not reaped, so their ids still name their groups.
  for (std::atomic<pid_t>& g : groups) {
    pid_t p = g.load();
    if (p > 0) kill(-p, SIGKILL);
  }
  Put(program_name);
  Put(": interrupted");
  const char* impl = running_impl.Get();
  if (impl[0] != '\0') {
    if (case_known.load()) {
      Put(" while running case ");
      PutText(running_case.Get());
      Put(" on ");
    } else {
      Put(" while starting ");
    }
    PutText(impl);
  }
  Put(live > 0 ? "; adapter processes ended\n" : "; no adapter process was running\n");
  errno = saved_errno;
  _exit(128 + sig);
}

}  // namespace

void InstallInterruptHandler(const char* program) {
  program_name = program;
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction old = {};
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction sa = {};
    sa.sa_handler = OnInterrupt;
    sigemptyset(&sa.sa_mask);
    // One interrupt at a time: a second Ctrl-C waits for the first to finish.
    sigaddset(&sa.sa_mask, SIGINT);
    sigaddset(&sa.sa_mask, SIGTERM);
    sigaddset(&sa.sa_mask, SIGHUP);
    sigaction(sig, &sa, nullptr);
  }
}

void SetRunningImplementation(std::string_view impl) {
  case_known.store(false);
  running_impl.Set(impl);
}

void SetRunningCase(std::string_view case_id) {
  running_case.Set(case_id);
  case_known.store(true);
}

bool RegisterChildGroup(pid_t pgid) {
  for (std::atomic<pid_t>& g : groups) {
    pid_t empty = 0;
    if (g.compare_exchange_strong(empty, pgid)) return true;
  }
  return false;
}

void UnregisterChildGroup(pid_t pgid) {
  for (std::atomic<pid_t>& g : groups) {
    pid_t p = pgid;
    if (g.compare_exchange_strong(p, 0)) return;
  }
}

}  // namespace conformance
