#include "reference/asyncore/testing/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <exception>
#include <stdexcept>

namespace asyncore::testkit {

std::string ChildOutcome::Describe() const {
  std::string how = exited ? "exit status " + std::to_string(exit_code)
                           : "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  return how + (message.empty() ? "" : ": " + message);
}

ChildOutcome RunInChild(const std::function<std::string()>& body, int time_limit_seconds) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::close(fds[0]);
    std::string message;
    try {
      message = body();
    } catch (const std::exception& e) {
      message = std::string("exception: ") + e.what();
    } catch (...) {
      message = "unknown exception";
    }
    for (std::size_t off = 0; off < message.size();) {
      ssize_t n = ::write(fds[1], message.data() + off, message.size() - off);
      if (n <= 0) break;
      off += static_cast<std::size_t>(n);
    }
    // _exit: the parent's gtest state, atexit handlers and buffers are not ours.
    ::_exit(message.empty() ? 0 : 1);
  }
  ::close(fds[1]);
  ChildOutcome out;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(time_limit_seconds);
  bool timed_out = false;
  char buf[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) continue;
    ssize_t n = ::read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of file: the child is done
    out.message.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    out.exited = true;
    out.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    out.signal = WTERMSIG(status);
  }
  if (timed_out) out.message += "(no result within " + std::to_string(time_limit_seconds) + " s)";
  return out;
}

}  // namespace asyncore::testkit
