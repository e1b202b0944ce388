#include "reference/examples/http_client.h"

#include <utility>

namespace examples {

HTTPClient::HTTPClient(const asyncore::SocketAddress& address, std::string path, asyncore::SocketMap* map,
                       OutputSink output)
    : asyncore::Dispatcher(map), output_(std::move(output)) {
  create_socket(address.family(), SOCK_STREAM);
  Start(address, std::move(path));
}

HTTPClient::HTTPClient(std::unique_ptr<asyncore::Transport> sock, const asyncore::SocketAddress& address,
                       std::string path, asyncore::SocketMap* map, OutputSink output)
    : asyncore::Dispatcher(map), output_(std::move(output)) {
  set_socket(std::move(sock));
  Start(address, std::move(path));
}

void HTTPClient::Start(const asyncore::SocketAddress& address, std::string path) {
  // The buffer is filled before connect(): a connect that completes at once
  // runs handle_connect() and may see the first write event right away.
  buffer_ = Request(path);
  connect(address);
}

void HTTPClient::handle_read() {
  std::string data = recv(kRecvSize);
  bytes_received_ += data.size();
  if (!data.empty() && output_) output_(data);
}

void HTTPClient::handle_write() {
  std::string_view rest(buffer_);
  rest.remove_prefix(sent_);
  sent_ += send(rest);
}

void HTTPClient::handle_error() {
  error_ = asyncore::DescribeCurrentException();
  handle_close();
}

}  // namespace examples
