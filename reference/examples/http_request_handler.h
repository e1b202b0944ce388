// The http_request_handler example of the asynchat documents
// ([py3-asynchat] (spec/SPEC.md), "asynchat Example"; also [py2-asynchat-ja]
// and [py2-asynchat-ja-rst]), completed into a small HTTP/1.0 server.
//
// As documented: the terminator starts as "\r\n\r\n" with reading_headers
// set; at the blank line the headers are parsed; a POST sets an integer
// terminator from Content-Length to read the body; once all input is in,
// the terminator becomes None ("browsers sometimes over-send") and
// handle_request() runs. Any other method is handled as soon as its headers
// are in (a Content-Length on it is ignored, and so are the bytes it
// announces). Method names compare case-insensitively (the document's
// op.upper() == "POST").
//
// handle_request() pushes a small HTTP/1.0 response, then close_when_done():
//   HTTP/1.0 200 OK / Content-Type: text/plain / Content-Length / Connection: close
//   body: "method: <M>\npath: <P>\nbody-length: <N>\n" (HEAD: headers only).
//
// Decisions where the document is silent, each answered with a clear error
// response (same format, body = one line of explanation) and close, and with
// memory bounded by the limits plus one read (ac_in_buffer_size):
//  - Content-Length: 0 on a POST: handled at once with an empty body (an
//    integer terminator of 0 would never call found_terminator()).
//  - POST without Content-Length: 411 Length Required.
//  - Content-Length not a plain decimal number (negative, "+5", "abc", "",
//    "5 5"), or repeated with different values: 400 Bad Request.
//  - Content-Length above limits.max_body_bytes (default 1 MiB, including
//    numbers too big for any integer type): 413 Payload Too Large.
//  - Transfer-Encoding on a POST (chunked bodies are not supported):
//    501 Not Implemented.
//  - More than limits.max_header_bytes (default 64 KiB) of request line and
//    headers without the terminating "\r\n\r\n": 431 Request Header Fields
//    Too Large, without waiting for the rest.
//  - Malformed request line (not "METHOD TARGET HTTP/x") or header line (no
//    colon, empty or spaced name, obsolete line folding): 400.
// After the response is queued, further input is read and dropped (never
// buffered) until the channel closes.
#ifndef ASYNCHAT_REFERENCE_EXAMPLES_HTTP_REQUEST_HANDLER_H_
#define ASYNCHAT_REFERENCE_EXAMPLES_HTTP_REQUEST_HANDLER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/transport.h"
#include "reference/examples/example_util.h"

namespace examples {

struct HttpLimits {
  std::size_t max_header_bytes = 64 * 1024;  // request line + headers, without "\r\n\r\n"
  std::uint64_t max_body_bytes = 1024 * 1024;
};

class HttpRequestHandler : public asynchat::AsyncChat {
 public:
  // log receives one line per response: <peer> "<request line>" <status>.
  HttpRequestHandler(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map, HttpLimits limits = {},
                     LogSink log = {});

  void collect_incoming_data(std::string_view data) override;
  void found_terminator() override;

  // --- what was parsed (for tests and subclasses) --------------------------
  const std::string& op() const { return op_; }
  const std::string& path() const { return path_; }
  const std::string& version() const { return version_; }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
  // The first header of that name (case-insensitive), if any.
  std::optional<std::string> header(std::string_view name) const;
  const std::string& body() const { return body_; }
  // The status of the response queued, 0 while none is.
  int status() const { return status_; }
  // Bytes received after the request was complete and dropped.
  std::uint64_t ignored_bytes() const { return ignored_bytes_; }
  // Bytes currently buffered for the request being read (headers or body).
  std::size_t buffered_bytes() const { return ibuffer_.size() + body_.size(); }

 protected:
  // Called once the whole request is in; the default answers 200 with the
  // method, path and body length. Must queue a response with Respond().
  virtual void handle_request();
  // Queues an HTTP/1.0 response with a text/plain body, then close_when_done().
  void Respond(int status, std::string_view reason, std::string_view body);

 private:
  // Parses request line and headers; on failure sends 400 and returns false.
  bool parse_headers(std::string_view text);
  // Request complete (or refused): stop collecting input.
  void FinishInput();
  void Fail(int status, std::string_view reason, const std::string& message);

  HttpLimits limits_;
  LogSink log_;
  std::string ibuffer_;
  bool reading_headers_ = true;
  bool handling_ = false;  // the request is complete or refused; input is dropped
  std::string op_;
  std::string path_;
  std::string version_;
  std::string request_line_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::string body_;
  int status_ = 0;
  std::uint64_t ignored_bytes_ = 0;
};

// Listens and creates a map-owned HttpRequestHandler for every connection.
class HttpServer : public asyncore::Dispatcher {
 public:
  HttpServer(const asyncore::SocketAddress& address, asyncore::SocketMap* map, HttpLimits limits = {},
             LogSink log = {});
  const asyncore::SocketAddress& address() const { return address_; }
  std::size_t accepted() const { return accepted_; }
  void handle_accept() override;
  void handle_close() override { close(); }

 private:
  HttpLimits limits_;
  LogSink log_;
  asyncore::SocketAddress address_;
  std::size_t accepted_ = 0;
};

}  // namespace examples

#endif  // ASYNCHAT_REFERENCE_EXAMPLES_HTTP_REQUEST_HANDLER_H_
