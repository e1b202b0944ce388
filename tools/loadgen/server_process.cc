#include "tools/loadgen/server_process.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <utility>
#include <vector>

extern char** environ;

namespace loadgen {
namespace {

void SleepMs(int ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, nullptr);
}

double MonotonicSeconds() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

bool TryConnect(const std::string& host, int port) {
  sockaddr_storage ss{};
  socklen_t len = 0;
  auto* v4 = reinterpret_cast<sockaddr_in*>(&ss);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&ss);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof(*v4);
  } else if (inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<std::uint16_t>(port));
    len = sizeof(*v6);
  } else {
    return false;
  }
  int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&ss), len) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

ServerProcess::ServerProcess(pid_t pid, bool started_here, std::string stdout_path)
    : pid_(pid), started_here_(started_here), stdout_path_(std::move(stdout_path)) {}

ServerProcess::ServerProcess(ServerProcess&& other) noexcept
    : pid_(std::exchange(other.pid_, 0)),
      started_here_(std::exchange(other.started_here_, false)),
      reaped_(other.reaped_),
      stdout_path_(std::exchange(other.stdout_path_, {})),
      exit_description_(std::move(other.exit_description_)) {}

ServerProcess::~ServerProcess() {
  if (started_here_ && !reaped_) Stop(1.0);
  if (!stdout_path_.empty()) ::unlink(stdout_path_.c_str());
}

ServerProcess ServerProcess::Launch(const std::string& command) {
  char path[] = "/tmp/loadgen-server-stdout-XXXXXX";
  int out = mkstemp(path);
  if (out < 0) throw std::runtime_error(std::string("mkstemp: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out, STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out);
  std::string script = "exec " + command;
  std::vector<char*> argv = {const_cast<char*>("sh"), const_cast<char*>("-c"), script.data(), nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out);
  if (rc != 0) {
    ::unlink(path);
    throw std::runtime_error("cannot start the server (/bin/sh -c \"exec " + command + "\"): " + std::strerror(rc));
  }
  return ServerProcess(pid, true, path);
}

ServerProcess ServerProcess::Attach(pid_t pid) {
  ServerProcess p(pid, false, "");
  if (!p.Cpu()) throw std::runtime_error("no readable /proc/" + std::to_string(pid) + "/stat: no such process?");
  return p;
}

void ServerProcess::Reaped(int status) {
  reaped_ = true;
  if (WIFEXITED(status)) {
    exit_description_ = "exited with status " + std::to_string(WEXITSTATUS(status));
  } else if (WIFSIGNALED(status)) {
    exit_description_ = "killed by signal " + std::to_string(WTERMSIG(status));
  } else {
    exit_description_ = "ended (wait status " + std::to_string(status) + ")";
  }
}

bool ServerProcess::Running() {
  if (!started_here_) return Cpu().has_value();
  if (reaped_) return false;
  int status = 0;
  pid_t r = waitpid(pid_, &status, WNOHANG);
  if (r == pid_) {
    Reaped(status);
    return false;
  }
  return true;
}

std::optional<int> ServerProcess::WaitForPortLine(double timeout) {
  const double deadline = MonotonicSeconds() + timeout;
  for (;;) {
    std::ifstream in(stdout_path_);
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("port ", 0) != 0) continue;
      const char* digits = line.c_str() + 5;
      char* end = nullptr;
      long port = std::strtol(digits, &end, 10);
      if (end != digits && port > 0 && port < 65536) return static_cast<int>(port);
    }
    if (!Running() || MonotonicSeconds() > deadline) return std::nullopt;
    SleepMs(10);
  }
}

bool ServerProcess::WaitForListening(const std::string& host, int port, double timeout) {
  const double deadline = MonotonicSeconds() + timeout;
  for (;;) {
    if (TryConnect(host, port)) return true;
    if (!Running() || MonotonicSeconds() > deadline) return false;
    SleepMs(10);
  }
}

std::optional<CpuTime> ServerProcess::Cpu() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The command name (field 2) is in parentheses and may hold spaces.
  std::size_t close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 1));
  std::string state;
  fields >> state;
  if (state == "Z" || state == "X") return std::nullopt;
  // Fields 4..13 precede utime (14) and stime (15).
  std::string skip;
  for (int i = 4; i <= 13; ++i) fields >> skip;
  unsigned long long utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) return std::nullopt;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  return CpuTime{static_cast<double>(utime) / tick, static_cast<double>(stime) / tick};
}

void ServerProcess::Stop(double grace) {
  if (!started_here_ || reaped_) return;
  ::kill(pid_, SIGTERM);
  const double deadline = MonotonicSeconds() + grace;
  int status = 0;
  for (;;) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) break;
    if (MonotonicSeconds() > deadline) {
      ::kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    SleepMs(10);
  }
  Reaped(status);
}

}  // namespace loadgen
