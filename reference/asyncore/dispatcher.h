// Dispatcher: asyncore.dispatcher, a thin wrapper around a non-blocking
// Transport that turns readiness into handler calls ([py2-asyncore-ja], dispatcher).
//
// The loop calls handle_read_event / handle_write_event / handle_expt_event;
// they map to the overridable handlers as asyncore does:
//  - read:  listening -> handle_accept(); connecting -> handle_connect() first,
//           then handle_read(); otherwise handle_read();
//  - write: listening -> ignored; connecting -> handle_connect() first, then
//           handle_write();
//  - expt:  pending socket error -> handle_close(); else handle_expt().
// handle_connect() runs before connected() becomes true, as in CPython.
// recv() and send() follow asyncore: a peer that closed (recv of 0 bytes) or
// a disconnect errno (ECONNRESET, EPIPE, ENOTCONN, ESHUTDOWN, ECONNABORTED,
// EBADF) call handle_close() and return 0 / empty; send() turns would-block
// into 0; recv() lets BlockingIOError propagate (async_chat catches it).
// Exceptions escaping a handler reach handle_error(), whose default logs one
// compact line and closes this channel only.
// accept() returns nothing when no connection waits (EWOULDBLOCK, EAGAIN,
// ECONNABORTED, as asyncore) and also when the process is out of descriptors
// or memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): it then pauses accepting for
// kAcceptBackoff seconds, during which the loop does not poll this channel
// for reading (the pending connection waits in the kernel's backlog and is
// accepted after the pause once descriptors are free). CPython raises these
// to handle_error(), which closes the listener by default or, if overridden,
// leaves a level-triggered listener ready on every pass: a busy loop.
//
// Lifetime: a dispatcher registers itself in its SocketMap while it has a
// socket and unregisters on close() or destruction. Create map-owned
// channels (the Python idiom `EchoHandler(sock)`) with make_channel<T>().
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_DISPATCHER_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_DISPATCHER_H_

#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/asyncore/os_error.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/transport.h"

namespace asyncore {

class Dispatcher {
 public:
  // No socket yet (create_socket or set_socket later). map null: the default map.
  explicit Dispatcher(SocketMap* map = nullptr);
  // Wraps a socket, e.g. one returned by accept(); connected unless
  // getpeername() fails with ENOTCONN or EINVAL.
  explicit Dispatcher(std::unique_ptr<Transport> sock, SocketMap* map = nullptr);
  virtual ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // --- socket methods -----------------------------------------------------
  void create_socket(int family = AF_INET, int type = SOCK_STREAM);
  void set_socket(std::unique_ptr<Transport> sock);
  void set_reuse_addr();
  void listen(int backlog);
  void bind(const SocketAddress& address);
  // Non-blocking; handle_connect() follows on the first read or write event
  // (or at once if the connect completed immediately). Other errors throw.
  void connect(const SocketAddress& address);
  std::optional<AcceptedConnection> accept();
  virtual std::size_t send(std::string_view data);
  std::string recv(std::size_t buffer_size);
  std::size_t recv_into(char* buf, std::size_t buffer_size);
  virtual void close();

  // --- predicates for the loop ---------------------------------------------
  virtual bool readable() { return true; }
  virtual bool writable() { return true; }

  // --- handlers (override these) -------------------------------------------
  virtual void handle_read();
  virtual void handle_write();
  virtual void handle_expt();
  virtual void handle_connect();
  virtual void handle_accept();
  virtual void handle_accepted(AcceptedConnection connection);
  virtual void handle_close();
  // Must be called from inside a catch block (it inspects the current exception).
  virtual void handle_error();

  // --- events (called by the loop) -----------------------------------------
  void handle_read_event();
  void handle_write_event();
  void handle_expt_event();
  void handle_connect_event();

  // --- accept back-off (see the top of this file) ---------------------------
  static constexpr double kAcceptBackoff = 0.1;  // seconds
  // Seconds until accepting resumes; 0 when it is not paused. While paused,
  // each call marks the interest changed, so epoll asks again next pass.
  double accept_pause_left();

  // --- interest notifications (this project's extension; see socket_map.h) --
  // Off by default: every pass asks readable()/writable(), as asyncore does.
  // Turning it on promises that their answers change only inside this
  // channel's own handlers or when interest_changed() is called; the epoll
  // loop then asks only after one of those, so idle channels cost a pass
  // nothing. select and poll ask every channel every pass regardless.
  void set_interest_notifications(bool on);
  bool interest_notifications() const { return interest_notifications_; }
  void interest_changed() {
    if (interest_notifications_ && fileno_ >= 0) map_->MarkChanged(fileno_, this);
  }

  // --- state -----------------------------------------------------------------
  bool connected() const { return connected_; }
  bool accepting() const { return accepting_; }
  bool connecting() const { return connecting_; }
  // The peer address (or the bound address of a listening socket).
  const SocketAddress& addr() const { return addr_; }
  int fileno() const { return fileno_; }
  Transport* socket() const { return socket_.get(); }
  SocketMap& socket_map() const { return *map_; }

  void add_channel();
  void del_channel();

  virtual std::string repr() const;
  // Writes "type: message" to stderr unless log_type_ignored(type). (CPython
  // prints to stdout; spec/SPEC.md core.log-info.ignore-types says why the
  // reference does not.)
  virtual void log_info(std::string_view message, std::string_view type = "info");
  // asyncore's ignore_log_types: the types log_info does not write, {"warning"}
  // until set_ignore_log_types replaces them (an empty list: none ignored).
  bool log_type_ignored(std::string_view type) const;
  void set_ignore_log_types(std::vector<std::string> types) { ignore_log_types_ = std::move(types); }

 protected:
  void set_connected(bool v) { connected_ = v; }
  // Runs just before send() calls handle_close() for a disconnect. A
  // subclass whose send() data may still be a caller's bytes (AsyncChat's
  // borrowed pushes) takes them over here, since handle_close() is the
  // application's code and may change them. Does nothing by default.
  virtual void BeforeCloseOnSendDisconnect() {}

 private:
  friend class SocketMap;
  void DetachFromMap(const SocketMap* map);

  SocketMap* map_;
  std::unique_ptr<Transport> socket_;
  int fileno_ = -1;
  bool connected_ = false;
  bool accepting_ = false;
  bool connecting_ = false;
  bool interest_notifications_ = false;
  SocketAddress addr_;
  std::chrono::steady_clock::time_point accept_resume_{};  // epoch: not paused
  bool accept_short_ = false;  // the last accept() failed for lack of resources
  std::optional<std::vector<std::string>> ignore_log_types_;  // unset: the default, {"warning"}
};

// Creates a T (its constructor receives args) owned by its socket map, the
// C++ form of Python's `Handler(sock)` whose only reference is the map.
template <class T, class... Args>
T* make_channel(Args&&... args) {
  auto owned = std::make_unique<T>(std::forward<Args>(args)...);
  T* raw = owned.get();
  raw->socket_map().Adopt(std::move(owned));
  return raw;
}

// A short description of the exception being handled, "Type: what()".
std::string DescribeCurrentException();

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_DISPATCHER_H_
