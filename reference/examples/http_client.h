// The asyncore HTTP client example of [py2-asyncore-ja] (spec/SPEC.md)
// ("asyncoreの例：簡単なHTTPクライアント"), in C++.
//
// A Dispatcher that connects, keeps "GET <path> HTTP/1.0\r\n\r\n" in a
// buffer, sends from it in handle_write() while writable() says the buffer
// is non-empty, hands everything handle_read() recv(8192)s to an output sink
// (Python prints it), and closes on handle_close() (the server closing the
// connection ends the response under HTTP/1.0).
//
// Differences from the document: the host must be a numeric address (no
// name resolution) and the port is a parameter instead of 80; the data read
// are written as they are, with no newline added after each piece; an error
// (e.g. connection refused) is recorded in error() instead of only being
// logged, and closes the channel as asyncore's handle_error does.
#ifndef ASYNCHAT_REFERENCE_EXAMPLES_HTTP_CLIENT_H_
#define ASYNCHAT_REFERENCE_EXAMPLES_HTTP_CLIENT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/transport.h"

namespace examples {

class HTTPClient : public asyncore::Dispatcher {
 public:
  static constexpr std::size_t kRecvSize = 8192;
  // Receives each piece of the response as it is read.
  using OutputSink = std::function<void(std::string_view data)>;

  // Creates a socket and connects to `address`, requesting `path`.
  HTTPClient(const asyncore::SocketAddress& address, std::string path, asyncore::SocketMap* map, OutputSink output);
  // The same over a given transport (tests: a scripted one).
  HTTPClient(std::unique_ptr<asyncore::Transport> sock, const asyncore::SocketAddress& address, std::string path,
             asyncore::SocketMap* map, OutputSink output);

  static std::string Request(std::string_view path) { return "GET " + std::string(path) + " HTTP/1.0\r\n\r\n"; }

  void handle_connect() override {}
  void handle_close() override { close(); }
  void handle_read() override;
  bool writable() override { return buffer_.size() > sent_; }
  void handle_write() override;
  // Records the error (see error()) and closes.
  void handle_error() override;

  // Bytes of the request not yet sent.
  std::size_t unsent() const { return buffer_.size() - sent_; }
  std::size_t bytes_received() const { return bytes_received_; }
  // Empty unless handle_error() ran; then a description of the exception.
  const std::string& error() const { return error_; }

 private:
  void Start(const asyncore::SocketAddress& address, std::string path);

  OutputSink output_;
  std::string buffer_;
  std::size_t sent_ = 0;  // buffer_[:sent_] was sent (Python: buffer = buffer[sent:])
  std::size_t bytes_received_ = 0;
  std::string error_;
};

}  // namespace examples

#endif  // ASYNCHAT_REFERENCE_EXAMPLES_HTTP_CLIENT_H_
