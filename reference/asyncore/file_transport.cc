#include "reference/asyncore/file_transport.h"

#include <fcntl.h>
#include <signal.h>
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

namespace {

// Blocks SIGPIPE in this thread for its lifetime. write(2) has no
// MSG_NOSIGNAL; a write that fails with EPIPE raises SIGPIPE, which stays
// pending while blocked and is taken back here unless it was already
// pending before (someone else's), so the process never receives it.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    // Only a SIGPIPE the caller already blocked can be pending from before
    // (an unblocked one would have been delivered), so only then ask.
    if (sigismember(&old_, SIGPIPE) == 1) {
      sigset_t pending;
      sigemptyset(&pending);
      sigpending(&pending);
      was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    }
  }
  ~SigpipeBlocked() { pthread_sigmask(SIG_SETMASK, &old_, nullptr); }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

  // After a write failed with EPIPE: discards the SIGPIPE it raised.
  void Consume() {
    if (was_pending_) return;
    timespec zero{};
    while (sigtimedwait(&pipe_, nullptr, &zero) < 0 && errno == EINTR) {
    }
  }

 private:
  sigset_t pipe_;
  sigset_t old_;
  bool was_pending_ = false;
};

}  // namespace

std::size_t FileTransport::send(std::string_view data) {
  if (fd_ < 0) ThrowOsError(EBADF, "write");
  SigpipeBlocked no_sigpipe;
  for (;;) {
    ssize_t r = ::write(fd_, data.data(), data.size());
    if (r >= 0) return static_cast<std::size_t>(r);
    if (errno == EINTR) continue;
    const int err = errno;
    if (err == EPIPE) no_sigpipe.Consume();
    ThrowOsError(err, "write");
  }
}

void FileTransport::close() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace asyncore
