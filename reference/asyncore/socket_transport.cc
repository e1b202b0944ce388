#include "reference/asyncore/socket_transport.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "reference/asyncore/os_error.h"

namespace asyncore {
namespace {

void SetNonBlocking(int fd) {
  int flags = fcntl(fd, F_GETFL);
  if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) ThrowOsError(errno, "fcntl(O_NONBLOCK)");
  fcntl(fd, F_SETFD, FD_CLOEXEC);
}

void CheckOpen(int fd, const char* op) {
  if (fd < 0) ThrowOsError(EBADF, op);
}

}  // namespace

SocketTransport::SocketTransport(int family, int type)
    : fd_(::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) {
  if (fd_ < 0) {
    ThrowOsError(errno, "socket(family=" + std::to_string(family) + ", type=" + std::to_string(type) + ")");
  }
}

SocketTransport::SocketTransport(int fd) : fd_(fd) {
  CheckOpen(fd_, "SocketTransport(fd)");
  SetNonBlocking(fd_);
}

SocketTransport::~SocketTransport() { close(); }

std::size_t SocketTransport::recv(char* buf, std::size_t n) {
  CheckOpen(fd_, "recv");
  for (;;) {
    ssize_t r = ::recv(fd_, buf, n, 0);
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR) ThrowOsError(errno, "recv");
  }
}

std::size_t SocketTransport::send(std::string_view data) {
  CheckOpen(fd_, "send");
  for (;;) {
    ssize_t r = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR) ThrowOsError(errno, "send");
  }
}

void SocketTransport::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

int SocketTransport::take_error() {
  CheckOpen(fd_, "getsockopt(SO_ERROR)");
  int err = 0;
  socklen_t len = sizeof(err);
  if (getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return errno;
  return err;
}

int SocketTransport::connect_ex(const SocketAddress& address) {
  CheckOpen(fd_, "connect");
  for (;;) {
    if (::connect(fd_, address.sockaddr_ptr(), address.length()) == 0) return 0;
    if (errno != EINTR) return errno;
  }
}

void SocketTransport::bind(const SocketAddress& address) {
  CheckOpen(fd_, "bind");
  if (::bind(fd_, address.sockaddr_ptr(), address.length()) < 0) ThrowOsError(errno, "bind " + address.ToString());
}

void SocketTransport::listen(int backlog) {
  CheckOpen(fd_, "listen");
  if (::listen(fd_, backlog) < 0) ThrowOsError(errno, "listen");
}

std::optional<AcceptedConnection> SocketTransport::accept() {
  CheckOpen(fd_, "accept");
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  for (;;) {
    int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd >= 0) {
      return AcceptedConnection{std::make_unique<SocketTransport>(fd),
                                SocketAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len)};
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == ECONNABORTED) return std::nullopt;
    ThrowOsError(errno, "accept");
  }
}

SocketAddress SocketTransport::peer_address() const {
  CheckOpen(fd_, "getpeername");
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (getpeername(fd_, reinterpret_cast<sockaddr*>(&ss), &len) < 0) ThrowOsError(errno, "getpeername");
  return SocketAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len);
}

void SocketTransport::set_reuse_addr() {
  CheckOpen(fd_, "setsockopt(SO_REUSEADDR)");
  int one = 1;
  setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));  // best effort, as asyncore
}

void SocketTransport::send_oob(char byte) {
  CheckOpen(fd_, "send(MSG_OOB)");
  if (::send(fd_, &byte, 1, MSG_OOB | MSG_NOSIGNAL) < 0) ThrowOsError(errno, "send(MSG_OOB)");
}

}  // namespace asyncore
