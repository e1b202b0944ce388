#include "reference/asyncore/file_transport.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "reference/asyncore/os_error.h"

namespace asyncore {

FileTransport::FileTransport(int fd) : fd_(fcntl(fd, F_DUPFD_CLOEXEC, 0)) {
  if (fd_ < 0) ThrowOsError(errno, "file_wrapper: dup(" + std::to_string(fd) + ")");
  int flags = fcntl(fd_, F_GETFL);
  if (flags >= 0) fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
}

FileTransport::~FileTransport() { close(); }

std::size_t FileTransport::recv(char* buf, std::size_t n) {
  if (fd_ < 0) ThrowOsError(EBADF, "read");
  for (;;) {
    ssize_t r = ::read(fd_, buf, n);
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR) ThrowOsError(errno, "read");
  }
}

std::size_t FileTransport::send(std::string_view data) {
  if (fd_ < 0) ThrowOsError(EBADF, "write");
  for (;;) {
    ssize_t r = ::write(fd_, data.data(), data.size());
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno != EINTR) ThrowOsError(errno, "write");
  }
}

void FileTransport::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace asyncore
