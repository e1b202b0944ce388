// Transport: the socket-like object under a Dispatcher.
//
// Implementations: SocketTransport (a real non-blocking socket), FileTransport
// (file_wrapper: any descriptor, dup'ed) and ScriptedTransport (recv and send
// results come from a script, for deterministic replay). The Dispatcher and
// AsyncChat run unchanged over any of them.
//
// Errors are thrown as in os_error.h: would-block as BlockingIOError,
// everything else as std::system_error carrying errno. EINTR is retried
// inside, as Python does since PEP 475. A transport never raises SIGPIPE.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_TRANSPORT_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_TRANSPORT_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>
#include <utility>

#include "reference/asyncore/socket_address.h"

namespace asyncore {

class Transport;

struct AcceptedConnection {
  std::unique_ptr<Transport> transport;
  SocketAddress address;
};

class Transport {
 public:
  virtual ~Transport() = default;

  // The key in the socket map. Real transports return their descriptor;
  // scripted ones a synthetic id that no poller ever sees (pollable() false).
  virtual int fileno() const = 0;
  virtual bool pollable() const { return true; }

  // Bytes read into buf (at most n); 0 means the peer closed.
  virtual std::size_t recv(char* buf, std::size_t n) = 0;
  // Bytes accepted (may be fewer than data.size()).
  virtual std::size_t send(std::string_view data) = 0;
  virtual void close() = 0;
  // The pending socket error (SO_ERROR), cleared by reading it; 0 if none.
  virtual int take_error() = 0;

  // Socket operations; transports that are not sockets throw ENOTSOCK.
  // connect_ex returns the errno of a non-blocking connect (0, EINPROGRESS, ...).
  virtual int connect_ex(const SocketAddress& address);
  virtual void bind(const SocketAddress& address);
  virtual void listen(int backlog);
  // nullopt when no connection is waiting (would-block, ECONNABORTED).
  virtual std::optional<AcceptedConnection> accept();
  // Throws std::system_error(ENOTCONN) when not connected.
  virtual SocketAddress peer_address() const;
  virtual void set_reuse_addr();
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_TRANSPORT_H_
