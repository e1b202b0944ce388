#include "conformance/driver/child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>
#include <system_error>

#include "conformance/driver/interrupt.h"

extern char** environ;

namespace conformance {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;

[[noreturn]] void ThrowErrno(int err, const std::string& what) {
  throw std::system_error(err, std::generic_category(), what);
}

// Process-wide and idempotent: a suite writing to an adapter that died must
// get EPIPE, never be killed by SIGPIPE.
void IgnoreSigpipe() {
  static const bool done = [] {
    struct sigaction sa = {};
    sa.sa_handler = SIG_IGN;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGPIPE, &sa, nullptr);
    return true;
  }();
  (void)done;
}

// A close-on-exec pipe whose ends are not 0, 1 or 2, so that the child's
// dup2 onto 0/1/2 always makes a fresh, inheritable descriptor (dup2 of a
// descriptor onto itself would keep FD_CLOEXEC) even if our own standard
// descriptors are closed.
void MakePipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) != 0) ThrowErrno(errno, "pipe2");
  for (int i = 0; i < 2; ++i) {
    if (fds[i] > 2) continue;
    int moved = fcntl(fds[i], F_DUPFD_CLOEXEC, 3);
    if (moved < 0) ThrowErrno(errno, "fcntl(F_DUPFD_CLOEXEC)");
    close(fds[i]);
    fds[i] = moved;
  }
}

void SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) ThrowErrno(errno, "fcntl(O_NONBLOCK)");
}

int MillisUntil(ChildProcess::Clock::time_point deadline) {
  auto left = deadline - ChildProcess::Clock::now();
  if (left <= ChildProcess::Clock::duration::zero()) return 0;
  auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
  return ms > 60'000 ? 60'000 : static_cast<int>(ms);
}

}  // namespace

std::string ExitDescription(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    std::string out = "was killed by signal " + std::to_string(sig) + " (" + strsignal(sig) + ")";
    if (WCOREDUMP(status)) out += ", core dumped";
    return out;
  }
  return "ended with wait status " + std::to_string(status);
}

ChildProcess::ChildProcess(const std::vector<std::string>& argv, Limits limits) : limits_(limits) {
  if (argv.empty()) throw std::invalid_argument("ChildProcess: empty command");
  IgnoreSigpipe();
  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1};
  auto close_all = [&] {
    for (int* p : {in, out, err}) {
      for (int i = 0; i < 2; ++i) {
        if (p[i] >= 0) close(p[i]);
      }
    }
  };
  try {
    MakePipe(in);
    MakePipe(out);
    MakePipe(err);
  } catch (...) {
    close_all();
    throw;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  posix_spawnattr_setpgroup(&attr, 0);  // its own group, led by itself
  sigset_t defaults, empty;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);

  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  // An interrupt between the spawn and the registration would miss the child:
  // the interrupting signals wait until it is registered.
  sigset_t interrupts, old_mask;
  sigemptyset(&interrupts);
  sigaddset(&interrupts, SIGINT);
  sigaddset(&interrupts, SIGTERM);
  sigaddset(&interrupts, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &interrupts, &old_mask);
  int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  if (rc == 0) RegisterChildGroup(pid);
  pthread_sigmask(SIG_SETMASK, &old_mask, nullptr);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  in[0] = out[1] = err[1] = -1;
  if (rc != 0) {
    close_all();
    ThrowErrno(rc, "cannot start " + argv[0]);
  }
  pid_ = pid;
  if (limits_.memory_bytes > 0) {
    const struct rlimit cap = {limits_.memory_bytes, limits_.memory_bytes};
    if (prlimit(pid, RLIMIT_AS, &cap, nullptr) != 0) {
      const int e = errno;
      close_all();
      Kill();
      ThrowErrno(e, "cannot limit the memory of " + argv[0]);
    }
  }
  stdin_ = in[1];
  stdout_ = out[0];
  stderr_ = err[0];
  SetNonBlocking(stdin_);
  SetNonBlocking(stdout_);
  SetNonBlocking(stderr_);
  // The pid cannot be reused before we reap it, so this refers to our child.
  pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
  if (pidfd_ >= 0) fcntl(pidfd_, F_SETFD, FD_CLOEXEC);
}

ChildProcess::~ChildProcess() {
  if (pid_ >= 0) Kill();
}

void ChildProcess::CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

void ChildProcess::SetOutputBudget(std::size_t bytes) { out_budget_ = bytes; }

std::string ChildProcess::StderrTail() const {
  std::size_t n = std::min(err_tail_.size(), limits_.stderr_tail_bytes);
  return err_tail_.substr(err_tail_.size() - n);
}

void ChildProcess::KeepStderr(const char* data, std::size_t n) {
  err_tail_.append(data, n);
  stderr_total_ += n;
  if (err_tail_.size() > 2 * limits_.stderr_tail_bytes) err_tail_.erase(0, err_tail_.size() - limits_.stderr_tail_bytes);
}

void ChildProcess::MarkStderr() {
  char buf[kReadChunk];
  // Bounded: a child writing stderr without pause cannot hold us here.
  for (int i = 0; i < 64 && stderr_ >= 0; ++i) {
    ssize_t got = read(stderr_, buf, sizeof buf);
    if (got > 0) continue;  // written before the mark: dropped
    if (got == 0 || (errno != EAGAIN && errno != EINTR)) CloseFd(stderr_);
    if (got < 0 && errno == EINTR) continue;
    break;
  }
  err_tail_.clear();
  stderr_total_ = 0;
}

bool ChildProcess::Exited() {
  siginfo_t info = {};
  if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) != 0) return true;  // nothing to wait for
  return info.si_pid != 0;
}

ChildProcess::Io ChildProcess::Pump(Want want, std::string_view* to_write, Clock::time_point deadline) {
  char buf[kReadChunk];
  for (;;) {
    if (want == Want::kLine) {
      if (out_buf_.find('\n', out_head_) != std::string::npos) return Io::kOk;
      if (out_buf_.size() - out_head_ > limits_.max_line_bytes) return Io::kLineTooLong;
      if (stdout_ < 0) return Io::kClosed;
    } else if (want == Want::kWrite) {
      if (to_write->empty()) return Io::kOk;
      if (stdin_ < 0) return Io::kClosed;
    } else if (Exited()) {
      return Io::kOk;
    }
    if (want != Want::kExit && out_budget_ == 0) return Io::kOutputLimit;

    pollfd fds[4];
    int n = 0, in_i = -1, out_i = -1, err_i = -1;
    if (want == Want::kWrite) fds[in_i = n++] = {stdin_, POLLOUT, 0};
    if (stdout_ >= 0) fds[out_i = n++] = {stdout_, POLLIN, 0};
    if (stderr_ >= 0) fds[err_i = n++] = {stderr_, POLLIN, 0};
    if (want == Want::kExit && pidfd_ >= 0) fds[n++] = {pidfd_, POLLIN, 0};
    int timeout = MillisUntil(deadline);
    if (timeout == 0) return Io::kTimeout;
    // Without a pidfd nothing wakes us when the child exits: look again every millisecond.
    if (want == Want::kExit && pidfd_ < 0) timeout = 1;
    int ready = poll(fds, n, timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      ThrowErrno(errno, "poll");
    }
    if (out_i >= 0 && fds[out_i].revents) {
      ssize_t got = read(stdout_, buf, sizeof buf);
      if (got > 0) {
        // Waiting for exit, what it still says is of no use: dropped.
        if (want != Want::kExit) {
          std::size_t g = static_cast<std::size_t>(got);
          out_budget_ = g > out_budget_ ? 0 : out_budget_ - g;
          if (out_head_ > kReadChunk && out_head_ * 2 > out_buf_.size()) {
            out_buf_.erase(0, out_head_);
            out_head_ = 0;
          }
          out_buf_.append(buf, g);
        }
      } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        CloseFd(stdout_);
      }
    }
    if (err_i >= 0 && fds[err_i].revents) {
      ssize_t got = read(stderr_, buf, sizeof buf);
      if (got > 0) {
        KeepStderr(buf, static_cast<std::size_t>(got));
      } else if (got == 0 || (errno != EAGAIN && errno != EINTR)) {
        CloseFd(stderr_);
      }
    }
    if (in_i >= 0 && fds[in_i].revents) {
      ssize_t put = write(stdin_, to_write->data(), to_write->size());
      if (put > 0) {
        to_write->remove_prefix(static_cast<std::size_t>(put));
      } else if (put < 0 && errno != EAGAIN && errno != EINTR) {
        CloseFd(stdin_);  // EPIPE: the child closed its stdin (or exited)
      }
    }
  }
}

ChildProcess::Io ChildProcess::Write(std::string_view data, Clock::time_point deadline) {
  return Pump(Want::kWrite, &data, deadline);
}

ChildProcess::Io ChildProcess::ReadLine(std::string& line, Clock::time_point deadline) {
  Io io = Pump(Want::kLine, nullptr, deadline);
  std::size_t nl = io == Io::kOk ? out_buf_.find('\n', out_head_) : out_buf_.size();
  line.assign(out_buf_, out_head_, nl - out_head_);
  if (io == Io::kOk) out_head_ = nl + 1;
  return io;
}

std::string ChildProcess::Reap(bool kill_group) {
  // The leader is not reaped yet (at worst a zombie), so its pid still names
  // its group: no other process can be hit.
  if (kill_group) kill(-pid_, SIGKILL);
  // Once reaped, its id may name another process: an interrupt must no
  // longer signal it.
  UnregisterChildGroup(pid_);
  int status = 0;
  while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  wait_status_ = status;
  pid_ = -1;
  CloseFd(pidfd_);
  CloseFd(stdin_);
  CloseFd(stdout_);
  // What it wrote to stderr before it died is still in the pipe.
  char buf[kReadChunk];
  while (stderr_ >= 0) {
    ssize_t got = read(stderr_, buf, sizeof buf);
    if (got <= 0) break;
    KeepStderr(buf, static_cast<std::size_t>(got));
  }
  CloseFd(stderr_);
  return ExitDescription(status);
}

std::string ChildProcess::Finish(Clock::time_point deadline) {
  if (pid_ < 0) return "already finished";
  CloseFd(stdin_);
  if (Pump(Want::kExit, nullptr, deadline) == Io::kOk) {
    // Gone by itself; a straggler it left in the group goes too.
    return Reap(true);
  }
  Reap(true);
  return "did not exit by itself and was killed";
}

std::string ChildProcess::Kill() {
  if (pid_ < 0) return "already finished";
  const bool was_running = !Exited();
  std::string how = Reap(true);
  // One that ended by itself between the look and the kill keeps its own
  // status: only a SIGKILL death is the suite's doing.
  const bool killed = WIFSIGNALED(wait_status_) && WTERMSIG(wait_status_) == SIGKILL;
  return was_running && killed ? "was killed by the suite (SIGKILL)" : how;
}

}  // namespace conformance
