// FileTransport: asyncore's file_wrapper. Wraps any descriptor (pipe, tty,
// socket) after dup()ing it, so the caller's descriptor is closed
// independently; recv/send are read/write. take_error() is always 0 (a file
// has no SO_ERROR). Socket-only operations throw ENOTSOCK.
// A write to a pipe whose reader is gone fails with EPIPE and never raises
// SIGPIPE (which kills by default), like SocketTransport's MSG_NOSIGNAL.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_FILE_TRANSPORT_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_FILE_TRANSPORT_H_

#include "reference/asyncore/transport.h"

namespace asyncore {

class FileTransport : public Transport {
 public:
  // dup()s fd and makes the copy non-blocking; throws std::system_error
  // naming the descriptor if it is not open.
  explicit FileTransport(int fd);
  ~FileTransport() override;
  FileTransport(const FileTransport&) = delete;
  FileTransport& operator=(const FileTransport&) = delete;

  int fileno() const override { return fd_; }
  std::size_t recv(char* buf, std::size_t n) override;
  std::size_t send(std::string_view data) override;
  void close() override;
  int take_error() override { return 0; }

 private:
  int fd_;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_FILE_TRANSPORT_H_
