#include "reference/asyncore/dispatcher.h"

#include <cxxabi.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <typeinfo>

#include "reference/asyncore/socket_transport.h"

namespace asyncore {

Dispatcher::Dispatcher(SocketMap* map) : map_(map ? map : &SocketMap::Default()) {}

Dispatcher::Dispatcher(std::unique_ptr<Transport> sock, SocketMap* map) : Dispatcher(map) {
  if (!sock) return;
  set_socket(std::move(sock));
  connected_ = true;
  try {
    addr_ = socket_->peer_address();
  } catch (const std::system_error& e) {
    int err = ErrnoOf(e);
    if (err == ENOTCONN || err == EINVAL) {
      connected_ = false;
    } else {
      del_channel();
      throw;
    }
  }
}

Dispatcher::~Dispatcher() {
  del_channel();
  if (socket_) socket_->close();
}

void Dispatcher::DetachFromMap(const SocketMap* map) {
  if (map_ == map) {
    fileno_ = -1;
    map_ = &SocketMap::Default();
  }
}

void Dispatcher::add_channel() {
  if (fileno_ >= 0) map_->Add(fileno_, this);
}

void Dispatcher::del_channel() {
  if (fileno_ >= 0) map_->Remove(fileno_, this);
  fileno_ = -1;
}

void Dispatcher::set_interest_notifications(bool on) {
  interest_notifications_ = on;
  if (fileno_ >= 0) map_->SetNotifies(fileno_, this, on);
}

void Dispatcher::create_socket(int family, int type) {
  set_socket(std::make_unique<SocketTransport>(family, type));
}

void Dispatcher::set_socket(std::unique_ptr<Transport> sock) {
  del_channel();
  if (socket_) socket_->close();
  socket_ = std::move(sock);
  fileno_ = socket_ ? socket_->fileno() : -1;
  add_channel();
}

void Dispatcher::set_reuse_addr() {
  if (!socket_) ThrowOsError(EBADF, "set_reuse_addr: no socket");
  socket_->set_reuse_addr();
}

void Dispatcher::listen(int backlog) {
  if (!socket_) ThrowOsError(EBADF, "listen: no socket");
  accepting_ = true;
  interest_changed();
  socket_->listen(backlog);
}

void Dispatcher::bind(const SocketAddress& address) {
  if (!socket_) ThrowOsError(EBADF, "bind: no socket");
  addr_ = address;
  socket_->bind(address);
}

void Dispatcher::connect(const SocketAddress& address) {
  if (!socket_) ThrowOsError(EBADF, "connect: no socket");
  connected_ = false;
  connecting_ = true;
  interest_changed();
  int err = socket_->connect_ex(address);
  if (err == EINPROGRESS || err == EALREADY || err == EWOULDBLOCK) {
    addr_ = address;
    return;
  }
  if (err == 0 || err == EISCONN) {
    addr_ = address;
    handle_connect_event();
    return;
  }
  ThrowOsError(err, "connect " + address.ToString());
}

namespace {

// accept() failures that say "not now" rather than "this listener is broken".
bool IsResourceShortage(int err) { return err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM; }

}  // namespace

std::optional<AcceptedConnection> Dispatcher::accept() {
  if (!socket_) ThrowOsError(EBADF, "accept: no socket");
  try {
    std::optional<AcceptedConnection> connection = socket_->accept();
    if (connection) accept_short_ = false;
    return connection;
  } catch (const std::system_error& e) {
    if (!IsResourceShortage(ErrnoOf(e))) throw;
    // Once per shortage, not once per retry: a server out of descriptors
    // for minutes would otherwise log ten lines a second.
    if (!accept_short_) {
      char pause[32];
      std::snprintf(pause, sizeof(pause), "%g", kAcceptBackoff);
      log_info(std::string(e.what()) + " on " + repr() + "; not accepting for " + pause +
                   " s at a time until resources free up",
               "error");
    }
    accept_short_ = true;
    accept_resume_ = std::chrono::steady_clock::now() +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(kAcceptBackoff));
    return std::nullopt;
  }
}

double Dispatcher::accept_pause_left() {
  if (accept_resume_ == std::chrono::steady_clock::time_point{}) return 0;
  const auto now = std::chrono::steady_clock::now();
  if (now >= accept_resume_) {
    accept_resume_ = {};
    return 0;
  }
  // A poller that asks only on change must ask again when the pause ends.
  interest_changed();
  return std::chrono::duration<double>(accept_resume_ - now).count();
}

std::size_t Dispatcher::send(std::string_view data) {
  if (!socket_) ThrowOsError(EBADF, "send: no socket");
  try {
    return socket_->send(data);
  } catch (const BlockingIOError&) {
    return 0;
  } catch (const std::system_error& e) {
    if (!IsDisconnect(ErrnoOf(e))) throw;
    BeforeCloseOnSendDisconnect();
    handle_close();
    return 0;
  }
}

std::size_t Dispatcher::recv_into(char* buf, std::size_t buffer_size) {
  if (!socket_) ThrowOsError(EBADF, "recv: no socket");
  std::size_t n;
  try {
    n = socket_->recv(buf, buffer_size);
  } catch (const BlockingIOError&) {
    throw;
  } catch (const std::system_error& e) {
    if (!IsDisconnect(ErrnoOf(e))) throw;
    handle_close();
    return 0;
  }
  // A closed connection is signalled by a read event and recv() returning 0.
  if (n == 0) handle_close();
  return n;
}

std::string Dispatcher::recv(std::size_t buffer_size) {
  std::string data(buffer_size, '\0');
  data.resize(recv_into(data.data(), buffer_size));
  return data;
}

void Dispatcher::close() {
  connected_ = false;
  accepting_ = false;
  connecting_ = false;
  del_channel();
  if (socket_) socket_->close();
}

void Dispatcher::handle_read_event() {
  if (accepting_) {
    // Listening sockets are never connected; they spawn connected ones.
    handle_accept();
  } else if (!connected_) {
    if (connecting_) handle_connect_event();
    handle_read();
  } else {
    handle_read();
  }
}

void Dispatcher::handle_connect_event() {
  int err = socket_ ? socket_->take_error() : EBADF;
  if (err != 0) ThrowOsError(err, "connect " + addr_.ToString());
  handle_connect();
  connected_ = true;
  connecting_ = false;
}

void Dispatcher::handle_write_event() {
  if (accepting_) return;  // listening sockets should not get write events
  if (!connected_ && connecting_) handle_connect_event();
  handle_write();
}

void Dispatcher::handle_expt_event() {
  int err = socket_ ? socket_->take_error() : EBADF;
  if (err != 0) {
    handle_close();
  } else {
    handle_expt();
  }
}

void Dispatcher::handle_read() { log_info("unhandled read event", "warning"); }
void Dispatcher::handle_write() { log_info("unhandled write event", "warning"); }
void Dispatcher::handle_expt() { log_info("unhandled incoming priority event", "warning"); }
void Dispatcher::handle_connect() { log_info("unhandled connect event", "warning"); }

void Dispatcher::handle_accept() {
  std::optional<AcceptedConnection> pair = accept();
  if (pair) handle_accepted(std::move(*pair));
}

void Dispatcher::handle_accepted(AcceptedConnection connection) {
  connection.transport->close();
  log_info("unhandled accepted event", "warning");
}

void Dispatcher::handle_close() {
  log_info("unhandled close event", "warning");
  close();
}

void Dispatcher::handle_error() {
  log_info("uncaptured exception, closing channel " + repr() + " (" + DescribeCurrentException() + ")", "error");
  handle_close();
}

std::string Dispatcher::repr() const {
  int status = 0;
  char* name = abi::__cxa_demangle(typeid(*this).name(), nullptr, nullptr, &status);
  std::string out = "<";
  out += status == 0 && name ? name : typeid(*this).name();
  std::free(name);
  if (accepting_ && !addr_.empty()) out += " listening";
  else if (connected_) out += " connected";
  if (!addr_.empty()) out += " " + addr_.ToString();
  char ptr[32];
  std::snprintf(ptr, sizeof(ptr), " at %p>", static_cast<const void*>(this));
  return out + ptr;
}

bool Dispatcher::log_type_ignored(std::string_view type) const {
  if (!ignore_log_types_) return type == "warning";
  for (const std::string& t : *ignore_log_types_) {
    if (t == type) return true;
  }
  return false;
}

void Dispatcher::log_info(std::string_view message, std::string_view type) {
  if (log_type_ignored(type)) return;
  std::fprintf(stderr, "%.*s: %.*s\n", static_cast<int>(type.size()), type.data(), static_cast<int>(message.size()),
               message.data());
}

std::string DescribeCurrentException() {
  std::exception_ptr current = std::current_exception();
  if (!current) return "no exception";
  try {
    std::rethrow_exception(current);
  } catch (const std::exception& e) {
    int status = 0;
    char* name = abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status);
    std::string out = status == 0 && name ? name : typeid(e).name();
    std::free(name);
    return out + ": " + e.what();
  } catch (...) {
    return "unknown exception";
  }
}

}  // namespace asyncore
