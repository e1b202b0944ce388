#include "tools/bench/idle_connections.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace bench {
namespace {

[[noreturn]] void Fail(const std::string& what, int err) { throw std::runtime_error(what + ": " + std::strerror(err)); }

// The child's side: connects n times to 127.0.0.1:port and keeps the far
// ends open until `control` reaches EOF. Reports failure as one line on `status`. Never returns.
[[noreturn]] void HoldFarEnds(std::size_t n, in_port_t port, int status, int control) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  // Keep only the two pipes (and stdin, stdout, stderr).
  rlimit lim{};
  const long top =
      getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY ? static_cast<long>(lim.rlim_cur) : 65536;
  for (int fd = 3; fd < top; ++fd) {
    if (fd != status && fd != control) ::close(fd);
  }
  auto report = [&](const std::string& line) {
    std::string text = line + "\n";
    [[maybe_unused]] ssize_t w = ::write(status, text.data(), text.size());
  };
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = port;
  for (std::size_t i = 0; i < n; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
      report("child: socket() for connection " + std::to_string(i + 1) + " of " + std::to_string(n) + ": " +
             std::strerror(errno));
      _exit(1);
    }
    while (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
      if (errno == EINTR) continue;
      report("child: connect() for connection " + std::to_string(i + 1) + " of " + std::to_string(n) + ": " +
             std::strerror(errno));
      _exit(1);
    }
  }
  report("ok");
  for (;;) {
    char byte;
    ssize_t r = ::read(control, &byte, 1);
    if (r == 0 || (r < 0 && errno != EINTR)) _exit(0);
  }
}

}  // namespace

IdleConnections::IdleConnections(std::size_t n, const std::function<void(std::size_t)>& progress) {
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listener < 0) Fail("socket()", errno);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 || ::listen(listener, SOMAXCONN) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    int err = errno;
    ::close(listener);
    Fail("listening on 127.0.0.1", err);
  }
  int status[2], control[2];
  if (::pipe2(status, O_CLOEXEC) != 0) {
    int err = errno;
    ::close(listener);
    Fail("pipe2()", err);
  }
  if (::pipe2(control, O_CLOEXEC) != 0) {
    int err = errno;
    ::close(listener);
    ::close(status[0]);
    ::close(status[1]);
    Fail("pipe2()", err);
  }
  std::fflush(nullptr);
  child_ = ::fork();
  if (child_ == 0) HoldFarEnds(n, addr.sin_port, status[1], control[0]);
  int fork_errno = errno;
  ::close(status[1]);
  ::close(control[0]);
  control_ = control[1];
  if (child_ < 0) {
    ::close(listener);
    ::close(status[0]);
    Fail("fork()", fork_errno);
  }
  std::string child_says;
  auto cleanup_and_fail = [&](const std::string& what) {
    ::close(listener);
    ::close(status[0]);
    Stop();
    throw std::runtime_error(what);
  };
  near_.reserve(n);
  bool child_done = false;
  while (near_.size() < n || !child_done) {
    pollfd fds[2] = {{listener, POLLIN, 0}, {status[0], POLLIN, 0}};
    if (::poll(fds, 2, 30000) <= 0) {
      if (errno == EINTR) continue;
      cleanup_and_fail("waiting for idle connections: no progress in 30 s after " + std::to_string(near_.size()) +
                       " of " + std::to_string(n));
    }
    if (fds[0].revents & POLLIN) {
      int fd = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == EAGAIN || errno == ECONNABORTED) continue;
        cleanup_and_fail("accept() after " + std::to_string(near_.size()) + " of " + std::to_string(n) +
                         " idle connections: " + std::strerror(errno));
      }
      near_.push_back(fd);
      if (progress && near_.size() % 1000 == 0) progress(near_.size());
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      char buf[512];
      ssize_t r = ::read(status[0], buf, sizeof(buf));
      if (r > 0) child_says.append(buf, static_cast<std::size_t>(r));
      if (r == 0 && child_says.empty()) cleanup_and_fail("the child holding idle connections exited unexpectedly");
      if (child_says.find('\n') != std::string::npos) {
        child_says.pop_back();
        if (child_says != "ok") cleanup_and_fail(child_says);
        child_done = true;
      }
    }
  }
  ::close(listener);
  ::close(status[0]);
  if (progress && near_.size() % 1000 != 0) progress(near_.size());
}

IdleConnections::~IdleConnections() {
  for (int fd : near_) ::close(fd);
  Stop();
}

std::vector<int> IdleConnections::Take() {
  std::vector<int> out;
  out.swap(near_);
  return out;
}

void IdleConnections::Stop() {
  if (control_ >= 0) ::close(control_);
  control_ = -1;
  if (child_ > 0) {
    int st;
    while (::waitpid(child_, &st, 0) < 0 && errno == EINTR) {
    }
  }
  child_ = -1;
}

}  // namespace bench
