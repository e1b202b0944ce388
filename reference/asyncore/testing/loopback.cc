#include "reference/asyncore/testing/loopback.h"

#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace asyncore::testkit {
namespace {

[[noreturn]] void Fail(const std::string& what) { throw std::system_error(errno, std::generic_category(), what); }

// Room left in sun_path for "/<stem><n>" below the directory.
constexpr std::size_t kMaxDirLength = sizeof(sockaddr_un{}.sun_path) - 32;

std::string MakeTempDir() {
  std::vector<std::string> bases;
  if (const char* t = std::getenv("TEST_TMPDIR"); t != nullptr && *t != '\0') bases.push_back(t);
  bases.push_back("/tmp");
  for (const std::string& base : bases) {
    std::string templ = base + "/asyncore.XXXXXX";
    if (templ.size() > kMaxDirLength) continue;
    std::vector<char> buf(templ.begin(), templ.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) != nullptr) return buf.data();
  }
  Fail("mkdtemp");
}

}  // namespace

const char* FamilyName(Family family) {
  switch (family) {
    case Family::kIPv4:
      return "IPv4";
    case Family::kIPv6:
      return "IPv6";
    case Family::kUnix:
      return "Unix";
  }
  return "?";
}

int AddressFamily(Family family) {
  switch (family) {
    case Family::kIPv4:
      return AF_INET;
    case Family::kIPv6:
      return AF_INET6;
    case Family::kUnix:
      return AF_UNIX;
  }
  return AF_UNSPEC;
}

bool Ipv6LoopbackAvailable() {
  UniqueFd fd(::socket(AF_INET6, SOCK_STREAM, 0));
  if (fd.get() < 0) return false;
  SocketAddress any_port = SocketAddress::Inet("::1", 0);
  return ::bind(fd.get(), any_port.sockaddr_ptr(), any_port.length()) == 0;
}

TempDir::TempDir() : path_(MakeTempDir()) {}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::NewPath(const std::string& stem) { return path_ + "/" + stem + std::to_string(next_++); }

SocketAddress ListenAddress(Family family, TempDir& dir) {
  switch (family) {
    case Family::kIPv4:
      return SocketAddress::Inet("127.0.0.1", 0);
    case Family::kIPv6:
      return SocketAddress::Inet("::1", 0);
    case Family::kUnix:
      return SocketAddress::Unix(dir.NewPath("s"));
  }
  throw std::invalid_argument("unknown family");
}

SocketAddress LocalAddress(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) < 0) Fail("getsockname");
  return SocketAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len);
}

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

std::pair<UniqueFd, UniqueFd> ConnectedPair(Family family, TempDir& dir) {
  SocketAddress address = ListenAddress(family, dir);
  UniqueFd listener(::socket(address.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (listener.get() < 0) Fail("socket");
  if (::bind(listener.get(), address.sockaddr_ptr(), address.length()) < 0) Fail("bind " + address.ToString());
  if (::listen(listener.get(), 1) < 0) Fail("listen");
  SocketAddress bound = LocalAddress(listener.get());

  UniqueFd client(::socket(address.family(), SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (client.get() < 0) Fail("socket");
  // Blocking connect: the listener's backlog has room, so it completes.
  if (::connect(client.get(), bound.sockaddr_ptr(), bound.length()) < 0) Fail("connect " + bound.ToString());
  UniqueFd server(::accept4(listener.get(), nullptr, nullptr, SOCK_CLOEXEC));
  if (server.get() < 0) Fail("accept");
  return {std::move(client), std::move(server)};
}

int GetIntSockOpt(int fd, int level, int option) {
  int value = 0;
  socklen_t len = sizeof(value);
  if (getsockopt(fd, level, option, &value, &len) < 0) Fail("getsockopt");
  return value;
}

void SetLingerReset(int fd) {
  linger l{1, 0};
  if (setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)) < 0) Fail("setsockopt(SO_LINGER)");
}

int BytesAvailable(int fd) {
  int n = 0;
  if (ioctl(fd, FIONREAD, &n) < 0) Fail("ioctl(FIONREAD)");
  return n;
}

void WriteAll(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) Fail("write");
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace asyncore::testkit
