// libuv_echo_server: the documented echo protocol ("ECHO <len>\n" then <len>
// bytes, echoed back) on libuv, a peer of the reference in the echo
// comparison, written as a libuv user would for speed: one uv_loop, one
// thread, uv_read_start with an alloc callback that hands out the free tail of
// the connection's own input buffer (no allocation per read), and each echo
// sent with uv_try_write straight from that buffer; only the bytes the socket
// does not take are copied into a uv_write request. Reading stops while more
// than a few reads' worth of output is queued (a client that does not read
// cannot grow the server without bound) and resumes when it drains.
// Prints "port N"; runs until killed. Bad input closes the connection.
//
// usage: libuv_echo_server [--port P] [--buffer-size N] [--quiet]
#include <uv.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "reference/asyncore/fd_limit.h"
#include "tools/bench/echo_input_buffer.h"
#include "tools/bench/echo_server_options.h"

namespace {

std::size_t g_buffer_size = 65536;

struct Connection {
  explicit Connection(std::size_t read_size) : input(read_size) {}
  uv_tcp_t tcp;  // tcp.data points back here
  bench::EchoInputBuffer input;
  bool reading = false;
};

// The bytes uv_try_write did not take, owned until libuv has written them.
struct QueuedWrite {
  uv_write_t req;  // req.data: the Connection
  std::unique_ptr<char[]> bytes;
};

void OnAlloc(uv_handle_t* handle, std::size_t /*suggested*/, uv_buf_t* buf);
void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf);

void Close(Connection* c) {
  if (uv_is_closing(reinterpret_cast<uv_handle_t*>(&c->tcp))) return;
  uv_close(reinterpret_cast<uv_handle_t*>(&c->tcp),
           [](uv_handle_t* h) { delete static_cast<Connection*>(h->data); });
}

bool OutputBacklogged(Connection* c) { return c->tcp.write_queue_size > 4 * g_buffer_size; }

void StartReading(Connection* c) {
  if (c->reading) return;
  c->reading = uv_read_start(reinterpret_cast<uv_stream_t*>(&c->tcp), OnAlloc, OnRead) == 0;
  if (!c->reading) Close(c);
}

void OnWritten(uv_write_t* req, int status) {
  std::unique_ptr<QueuedWrite> w(reinterpret_cast<QueuedWrite*>(req));
  Connection* c = static_cast<Connection*>(req->data);
  if (status < 0) {
    Close(c);  // a no-op when the connection is closing already (UV_ECANCELED)
    return;
  }
  if (!c->reading && !OutputBacklogged(c) && !uv_is_closing(reinterpret_cast<uv_handle_t*>(&c->tcp))) StartReading(c);
}

// Writes what it can now; queues a copy of the rest (libuv keeps the order:
// uv_try_write refuses while anything is queued). False on a write error.
bool Send(Connection* c, const char* data, std::size_t n) {
  uv_stream_t* stream = reinterpret_cast<uv_stream_t*>(&c->tcp);
  uv_buf_t buf = uv_buf_init(const_cast<char*>(data), static_cast<unsigned>(n));
  int sent = uv_try_write(stream, &buf, 1);
  if (sent == UV_EAGAIN) {
    sent = 0;
  } else if (sent < 0) {
    return false;
  }
  if (static_cast<std::size_t>(sent) == n) return true;
  auto w = std::make_unique<QueuedWrite>();
  const std::size_t rest = n - static_cast<std::size_t>(sent);
  w->bytes.reset(new char[rest]);
  std::memcpy(w->bytes.get(), data + sent, rest);
  w->req.data = c;
  buf = uv_buf_init(w->bytes.get(), static_cast<unsigned>(rest));
  if (uv_write(&w->req, stream, &buf, 1, OnWritten) != 0) return false;
  w.release();  // OnWritten owns it now
  return true;
}

void OnAlloc(uv_handle_t* handle, std::size_t /*suggested*/, uv_buf_t* buf) {
  bench::EchoInputBuffer::Span space = static_cast<Connection*>(handle->data)->input.ReadSpace();
  *buf = uv_buf_init(space.data, static_cast<unsigned>(space.size));
}

void OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* /*buf*/) {
  Connection* c = static_cast<Connection*>(stream->data);
  if (nread == 0) return;  // EAGAIN
  if (nread < 0) {         // EOF or an error
    Close(c);
    return;
  }
  c->input.Commit(static_cast<std::size_t>(nread));
  const char* payload = nullptr;
  std::size_t length = 0;
  bench::EchoInputBuffer::Result r;
  while ((r = c->input.Next(&payload, &length)) == bench::EchoInputBuffer::Result::kMessage) {
    if (!Send(c, payload, length)) {
      Close(c);
      return;
    }
  }
  c->input.Release();
  if (r == bench::EchoInputBuffer::Result::kBad) {
    Close(c);
    return;
  }
  if (OutputBacklogged(c)) {
    uv_read_stop(stream);
    c->reading = false;
  }
}

void OnConnection(uv_stream_t* server, int status) {
  if (status < 0) return;
  auto c = std::make_unique<Connection>(g_buffer_size);
  uv_tcp_init(server->loop, &c->tcp);
  c->tcp.data = c.get();
  if (uv_accept(server, reinterpret_cast<uv_stream_t*>(&c->tcp)) != 0) {
    Close(c.release());
    return;
  }
  StartReading(c.release());
}

}  // namespace

int main(int argc, char** argv) {
  int status = 0;
  const std::optional<bench::EchoServerOptions> options =
      bench::ParseEchoServerOptions("libuv_echo_server", argc, argv, &status);
  if (!options) return status;
  g_buffer_size = options->buffer_size;
  asyncore::RaiseFdLimit(10000 + 16);  // as echo_server_multi does

  uv_loop_t* loop = uv_default_loop();
  uv_tcp_t listener;
  uv_tcp_init(loop, &listener);
  sockaddr_in addr{};
  uv_ip4_addr("127.0.0.1", options->port, &addr);
  int err = uv_tcp_bind(&listener, reinterpret_cast<const sockaddr*>(&addr), 0);
  if (err == 0) err = uv_listen(reinterpret_cast<uv_stream_t*>(&listener), 1024, OnConnection);
  int len = sizeof(addr);
  if (err == 0) err = uv_tcp_getsockname(&listener, reinterpret_cast<sockaddr*>(&addr), &len);
  if (err != 0) {
    std::fprintf(stderr, "libuv_echo_server: listen on 127.0.0.1:%d: %s\n", options->port, uv_strerror(err));
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d (libuv %s)\nport %d\n", ntohs(addr.sin_port), uv_version_string(),
              ntohs(addr.sin_port));
  std::fflush(stdout);
  return uv_run(loop, UV_RUN_DEFAULT);
}
