#include "reference/examples/http_request_handler.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace examples {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

// RFC 9110 token characters (method and header names).
bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

bool HasControl(std::string_view s) {
  for (char c : s) {
    if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) return true;
  }
  return false;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

enum class LengthParse { kOk, kInvalid, kTooLarge };

// Content-Length: one or more decimal digits, nothing else. Values above
// `max` (or above what an integer terminator can hold) are kTooLarge however
// many digits they have; the digits are still all checked first.
LengthParse ParseContentLength(std::string_view s, std::uint64_t max, std::uint64_t* out) {
  if (s.empty()) return LengthParse::kInvalid;
  const std::uint64_t limit = std::min<std::uint64_t>(max, std::numeric_limits<std::int64_t>::max());
  std::uint64_t value = 0;
  bool too_large = false;
  for (char c : s) {
    if (c < '0' || c > '9') return LengthParse::kInvalid;
    const std::uint64_t digit = static_cast<std::uint64_t>(c - '0');
    if (!too_large) {
      if (value > (limit - std::min(limit, digit)) / 10 || value * 10 + digit > limit) {
        too_large = true;
      } else {
        value = value * 10 + digit;
      }
    }
  }
  if (too_large) return LengthParse::kTooLarge;
  *out = value;
  return LengthParse::kOk;
}

}  // namespace

HttpRequestHandler::HttpRequestHandler(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map,
                                       HttpLimits limits, LogSink log)
    : asynchat::AsyncChat(std::move(sock), map), limits_(limits), log_(std::move(log)) {
  set_terminator("\r\n\r\n");
}

std::optional<std::string> HttpRequestHandler::header(std::string_view name) const {
  for (const auto& [key, value] : headers_) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return std::nullopt;
}

void HttpRequestHandler::collect_incoming_data(std::string_view data) {
  if (handling_) {
    ignored_bytes_ += data.size();  // after the request: dropped, never buffered
    return;
  }
  if (reading_headers_) {
    if (ibuffer_.size() + data.size() > limits_.max_header_bytes) {
      ibuffer_.clear();
      ignored_bytes_ += data.size();
      Fail(431, "Request Header Fields Too Large",
           "the request line and headers exceed " + std::to_string(limits_.max_header_bytes) + " bytes");
      return;
    }
    ibuffer_.append(data);
  } else {
    body_.append(data);  // at most Content-Length bytes: the integer terminator stops there
  }
}

void HttpRequestHandler::found_terminator() {
  if (handling_) return;  // e.g. the headers already overflowed: a response is queued
  if (reading_headers_) {
    reading_headers_ = false;
    std::string text = std::move(ibuffer_);
    ibuffer_.clear();
    if (!parse_headers(text)) return;
    if (!EqualsIgnoreCase(op_, "POST")) {
      FinishInput();
      handle_request();
      return;
    }
    if (header("Transfer-Encoding")) {
      Fail(501, "Not Implemented", "Transfer-Encoding is not supported; send a Content-Length");
      return;
    }
    std::optional<std::uint64_t> clen;
    for (const auto& [key, value] : headers_) {
      if (!EqualsIgnoreCase(key, "Content-Length")) continue;
      std::uint64_t n = 0;
      switch (ParseContentLength(value, limits_.max_body_bytes, &n)) {
        case LengthParse::kInvalid:
          Fail(400, "Bad Request", "Content-Length must be a non-negative decimal number");
          return;
        case LengthParse::kTooLarge:
          Fail(413, "Payload Too Large",
               "Content-Length exceeds the limit of " + std::to_string(limits_.max_body_bytes) + " bytes");
          return;
        case LengthParse::kOk:
          break;
      }
      if (clen && *clen != n) {
        Fail(400, "Bad Request", "conflicting Content-Length headers");
        return;
      }
      clen = n;
    }
    if (!clen) {
      Fail(411, "Length Required", "a POST request needs a Content-Length header");
      return;
    }
    if (*clen == 0) {
      // An integer terminator of 0 would never call found_terminator().
      FinishInput();
      handle_request();
      return;
    }
    set_terminator(static_cast<std::int64_t>(*clen));
  } else {
    // The POST body is complete.
    FinishInput();
    handle_request();
  }
}

void HttpRequestHandler::FinishInput() {
  handling_ = true;
  set_terminator(asynchat::Terminator::None());  // browsers sometimes over-send
}

bool HttpRequestHandler::parse_headers(std::string_view text) {
  std::vector<std::string_view> lines;
  for (std::size_t start = 0;;) {
    std::size_t end = text.find("\r\n", start);
    lines.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 2;
  }
  // Request line: METHOD SP TARGET SP HTTP/x
  std::string_view request_line = lines[0];
  request_line_ = std::string(request_line.substr(0, 200));
  std::size_t sp1 = request_line.find(' ');
  std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : request_line.find(' ', sp1 + 1);
  bool ok = sp2 != std::string_view::npos && request_line.find(' ', sp2 + 1) == std::string_view::npos;
  if (ok) {
    std::string_view method = request_line.substr(0, sp1);
    std::string_view target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = request_line.substr(sp2 + 1);
    ok = IsToken(method) && !target.empty() && !HasControl(target) && version.size() > 5 &&
         version.substr(0, 5) == "HTTP/" && !HasControl(version);
    if (ok) {
      op_ = std::string(method);
      path_ = std::string(target);
      version_ = std::string(version);
    }
  }
  if (!ok) {
    Fail(400, "Bad Request", "malformed request line (expected \"METHOD TARGET HTTP/x.y\")");
    return false;
  }
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    std::size_t colon = line.find(':');
    bool good = !line.empty() && line[0] != ' ' && line[0] != '\t' && colon != std::string_view::npos &&
                IsToken(line.substr(0, colon)) && !HasControl(line.substr(colon + 1));
    if (!good) {
      Fail(400, "Bad Request", "malformed header line " + std::to_string(i));
      return false;
    }
    headers_.emplace_back(std::string(line.substr(0, colon)), std::string(TrimOws(line.substr(colon + 1))));
  }
  return true;
}

void HttpRequestHandler::handle_request() {
  Respond(200, "OK",
          "method: " + op_ + "\npath: " + path_ + "\nbody-length: " + std::to_string(body_.size()) + "\n");
}

void HttpRequestHandler::Fail(int status, std::string_view reason, const std::string& message) {
  FinishInput();
  Respond(status, reason, message + "\n");
}

void HttpRequestHandler::Respond(int status, std::string_view reason, std::string_view body) {
  status_ = status;
  std::string response = "HTTP/1.0 " + std::to_string(status) + " " + std::string(reason) + "\r\n";
  response += "Content-Type: text/plain; charset=utf-8\r\n";
  response += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  response += "Connection: close\r\n\r\n";
  if (!EqualsIgnoreCase(op_, "HEAD")) response.append(body);
  if (log_) log_(addr().ToString() + " \"" + request_line_ + "\" " + std::to_string(status));
  push(response);
  close_when_done();
}

// ---------------------------------------------------------------------------

HttpServer::HttpServer(const asyncore::SocketAddress& address, asyncore::SocketMap* map, HttpLimits limits,
                       LogSink log)
    : asyncore::Dispatcher(map), limits_(limits), log_(std::move(log)) {
  create_socket(address.family(), SOCK_STREAM);
  set_reuse_addr();
  bind(address);
  address_ = LocalAddress(*this);
  listen(5);
}

void HttpServer::handle_accept() {
  std::optional<asyncore::AcceptedConnection> pair = accept();
  if (!pair) return;
  ++accepted_;
  asyncore::make_channel<HttpRequestHandler>(std::move(pair->transport), &socket_map(), limits_, log_);
}

}  // namespace examples
