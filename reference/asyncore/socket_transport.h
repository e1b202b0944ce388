// SocketTransport: a real non-blocking, close-on-exec stream socket (IPv4,
// IPv6 or Unix). send() uses MSG_NOSIGNAL, so a peer that went away yields
// EPIPE rather than SIGPIPE.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_SOCKET_TRANSPORT_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_SOCKET_TRANSPORT_H_

#include "reference/asyncore/transport.h"

namespace asyncore {

class SocketTransport : public Transport {
 public:
  // Creates a socket; throws std::system_error naming family and type.
  SocketTransport(int family, int type);
  // Adopts an open descriptor and makes it non-blocking.
  explicit SocketTransport(int fd);
  ~SocketTransport() override;
  SocketTransport(const SocketTransport&) = delete;
  SocketTransport& operator=(const SocketTransport&) = delete;

  int fileno() const override { return fd_; }
  std::size_t recv(char* buf, std::size_t n) override;
  std::size_t send(std::string_view data) override;
  void close() override;
  int take_error() override;

  int connect_ex(const SocketAddress& address) override;
  void bind(const SocketAddress& address) override;
  void listen(int backlog) override;
  std::optional<AcceptedConnection> accept() override;
  SocketAddress peer_address() const override;
  void set_reuse_addr() override;

  // Sends one byte of out-of-band (urgent) data; for tests of handle_expt.
  void send_oob(char byte);

 private:
  int fd_;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_SOCKET_TRANSPORT_H_
