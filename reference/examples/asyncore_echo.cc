#include "reference/examples/asyncore_echo.h"

#include <optional>
#include <string>
#include <utility>

namespace examples::asyncore_echo {

void EchoHandler::handle_read() {
  std::string data = recv(kRecvSize);
  if (!data.empty()) {
    echoed_ += data.size();
    send(data);
  }
}

EchoServer::EchoServer(const asyncore::SocketAddress& address, asyncore::SocketMap* map, LogSink log)
    : asyncore::Dispatcher(map), log_(std::move(log)) {
  create_socket(address.family(), SOCK_STREAM);
  set_reuse_addr();
  bind(address);
  address_ = LocalAddress(*this);
  listen(5);
}

void EchoServer::handle_accept() {
  std::optional<asyncore::AcceptedConnection> pair = accept();
  if (!pair) return;
  ++accepted_;
  if (log_) log_("Incoming connection from " + PyAddressRepr(pair->address));
  asyncore::make_channel<EchoHandler>(std::move(pair->transport), &socket_map());
}

}  // namespace examples::asyncore_echo
