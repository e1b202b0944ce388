// Fuzz target: the http_request_handler example (reference/examples/
// http_request_handler.h), a real HttpRequestHandler over a ScriptedTransport:
// request line, headers, Content-Length, bodies, and every error response.
//
// The input (http_input.h) is the request stream from the front, split into
// recv() results whose sizes come from the tail, plus a send cap and a choice
// of small limits (so 431 and 413 are reachable). The stream is run twice:
// with that chunking and send cap, and in 4096-byte reads with unlimited
// sends. Checked:
//  - both runs send the same bytes (the response does not depend on how the
//    request was split or how much each send() took);
//  - a response is well formed: "HTTP/1.0 <status> <reason>", a known status
//    (200 400 411 413 431 501), Content-Length equal to the body sent (no
//    body for HEAD), the channel closed once it is sent;
//  - a 200 reports the body length the handler read; a POST's body is at most
//    its Content-Length;
//  - no response only while the request is incomplete: no "\r\n\r\n" yet, or a
//    POST whose body has not all arrived;
//  - headers longer than the limit get 431; buffered input stays within the
//    limits.
//
// Rejected early: inputs over 16 KiB (the limits are what matters, and the
// small ones are 256 and 512 bytes).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz/http_input.h"
#include "traces/bytes_escape.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/http_request_handler.h"

namespace {

using asyncore::ScriptedTransport;

std::string g_stream;  // for failure reports

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "http_request_handler: %s\n--- request stream ---\n\"%s\"\n", what.c_str(),
               traces::EscapeBytes(g_stream).c_str());
  std::abort();
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return Lower(x) == Lower(y); });
}

struct Outcome {
  std::string sent;
  bool closed = false;
  int status = 0;
  std::string op;
  std::size_t body = 0;
  std::optional<std::string> content_length;
};

Outcome Run(const std::vector<std::string>& reads, std::size_t send_cap, const examples::HttpLimits& limits) {
  asyncore::SocketMap map;
  auto t = std::make_unique<ScriptedTransport>();
  ScriptedTransport* sock = t.get();
  if (send_cap) sock->set_default_send_cap(send_cap);
  examples::HttpRequestHandler handler(std::move(t), &map, limits);
  for (const std::string& r : reads) {
    if (sock->closed()) break;
    sock->AddRecv(r);
    asyncore::dispatch_read(handler);
    if (handler.buffered_bytes() > limits.max_header_bytes + limits.max_body_bytes) {
      Fail("buffered " + std::to_string(handler.buffered_bytes()) + " bytes, beyond the limits");
    }
  }
  // Write events while the handler wants to write: each sends at least one
  // byte, so the response bounds their number.
  for (std::size_t n = 0; !sock->closed() && handler.writable(); ++n) {
    if (n > 1'000'000) Fail("the response never finished sending");
    asyncore::dispatch_write(handler);
  }
  return Outcome{sock->sent(), sock->closed(), handler.status(), handler.op(), handler.body().size(),
                 handler.header("Content-Length")};
}

// Checks a response's shape; returns its status.
int CheckResponse(const std::string& r, const std::string& op) {
  const std::size_t head_end = r.find("\r\n\r\n");
  if (r.rfind("HTTP/1.0 ", 0) != 0 || head_end == std::string::npos || r.size() < 12) Fail("malformed response");
  const int status = std::atoi(r.substr(9, 3).c_str());
  if (status != 200 && status != 400 && status != 411 && status != 413 && status != 431 && status != 501) {
    Fail("unexpected status " + std::to_string(status));
  }
  const std::string head = r.substr(0, head_end + 2);
  const std::size_t cl = head.find("\r\nContent-Length: ");
  if (cl == std::string::npos) Fail("response without Content-Length");
  const std::size_t declared = std::strtoull(head.c_str() + cl + 18, nullptr, 10);
  const std::size_t body = r.size() - head_end - 4;
  if (EqualsIgnoreCase(op, "HEAD") ? body != 0 : body != declared) {
    Fail("response body of " + std::to_string(body) + " bytes, Content-Length " + std::to_string(declared));
  }
  return status;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return -1;
  const fuzz::HttpInput in = fuzz::DecodeHttpInput(std::string_view(reinterpret_cast<const char*>(data), size));
  g_stream.clear();
  for (const std::string& r : in.reads) g_stream += r;
  examples::HttpLimits limits;
  if (in.small_limits) {
    limits.max_header_bytes = 256;
    limits.max_body_bytes = 512;
  }
  const Outcome a = Run(in.reads, in.send_cap, limits);
  std::vector<std::string> whole;
  for (std::size_t i = 0; i < g_stream.size(); i += 4096) whole.push_back(g_stream.substr(i, 4096));
  const Outcome b = Run(whole, 0, limits);
  if (a.sent != b.sent || a.closed != b.closed || a.status != b.status) {
    Fail("the response depends on the chunking: \"" + traces::EscapeBytes(a.sent) + "\" vs \"" +
         traces::EscapeBytes(b.sent) + "\"");
  }

  const std::size_t end = g_stream.find("\r\n\r\n");
  const std::size_t header_bytes = end == std::string::npos ? g_stream.size() : end;
  // Without the blank line, up to 3 bytes ("\r\n\r") may still be held back
  // as a possible terminator: within that margin either answer is right.
  const std::size_t margin = end == std::string::npos ? 3 : 0;
  if (header_bytes > limits.max_header_bytes + margin) {
    if (a.status != 431) Fail("headers over the limit without a 431 (status " + std::to_string(a.status) + ")");
  } else if (header_bytes <= limits.max_header_bytes && a.status == 431) {
    Fail("431 for headers within the limit");
  }

  if (a.status == 0) {
    if (!a.sent.empty() || a.closed) Fail("bytes sent or channel closed without a response");
    if (end != std::string::npos) {
      // Only a POST still reading its body may be without a response.
      if (!EqualsIgnoreCase(a.op, "POST") || !a.content_length) Fail("complete headers but no response");
      const std::size_t want = std::strtoull(a.content_length->c_str(), nullptr, 10);
      if (a.body >= want) Fail("the whole body arrived but no response");
    }
    return 0;
  }
  if (!a.closed) Fail("the response was sent but the channel stayed open");
  if (CheckResponse(a.sent, a.op) != a.status) Fail("status() differs from the status line");
  if (a.status == 200) {
    if (!EqualsIgnoreCase(a.op, "HEAD") &&
        a.sent.find("\nbody-length: " + std::to_string(a.body) + "\n") == std::string::npos) {
      Fail("200 without the body length read (" + std::to_string(a.body) + ")");
    }
    if (EqualsIgnoreCase(a.op, "POST") &&
        (!a.content_length || a.body != std::strtoull(a.content_length->c_str(), nullptr, 10))) {
      Fail("POST answered 200 with a body that is not its Content-Length");
    }
  }
  return 0;
}
