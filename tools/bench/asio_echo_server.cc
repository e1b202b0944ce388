// asio_echo_server: the documented echo protocol ("ECHO <len>\n" then <len>
// bytes, echoed back) on standalone Asio, a peer of the reference in the echo
// comparison, written as Asio's own echo examples are, for speed: one
// io_context run by one thread (concurrency hint 1: no locking), a session per
// connection kept alive by the shared_ptr its pending handler holds, and the
// classic read-then-write cycle: async_read_some into the session's input
// buffer, then one async_write gathering every whole message of that read
// straight from the buffer (no copy), then the next read. Reading waits for
// the write, so a client that does not read cannot grow the server.
// Prints "port N"; runs until killed. Bad input closes the connection.
//
// usage: asio_echo_server [--port P] [--buffer-size N] [--quiet]
#include <asio.hpp>
#include <cstdio>
#include <memory>
#include <utility>
#include <vector>

#include "reference/asyncore/fd_limit.h"
#include "tools/bench/echo_input_buffer.h"
#include "tools/bench/echo_server_options.h"

namespace {

using asio::ip::tcp;

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::size_t read_size) : socket_(std::move(socket)), input_(read_size) {}

  void Read() {
    const bench::EchoInputBuffer::Span space = input_.ReadSpace();
    socket_.async_read_some(asio::buffer(space.data, space.size),
                            [self = shared_from_this()](const asio::error_code& error, std::size_t n) {
                              if (!error) self->Echo(n);
                            });  // on an error the last handler goes, and the session with it
  }

 private:
  void Echo(std::size_t n) {
    input_.Commit(n);
    output_.clear();
    const char* payload = nullptr;
    std::size_t length = 0;
    bench::EchoInputBuffer::Result r;
    while ((r = input_.Next(&payload, &length)) == bench::EchoInputBuffer::Result::kMessage) {
      if (length > 0) output_.emplace_back(payload, length);
    }
    if (r == bench::EchoInputBuffer::Result::kBad) return;
    if (output_.empty()) {
      input_.Release();
      Read();
      return;
    }
    asio::async_write(socket_, output_, [self = shared_from_this()](const asio::error_code& error, std::size_t) {
      if (error) return;
      self->input_.Release();
      self->Read();
    });
  }

  tcp::socket socket_;
  bench::EchoInputBuffer input_;
  std::vector<asio::const_buffer> output_;  // the payloads of one read, in order
};

void Accept(tcp::acceptor& acceptor, std::size_t read_size) {
  acceptor.async_accept([&acceptor, read_size](const asio::error_code& error, tcp::socket socket) {
    if (!error) std::make_shared<Session>(std::move(socket), read_size)->Read();
    Accept(acceptor, read_size);
  });
}

}  // namespace

int main(int argc, char** argv) {
  int status = 0;
  const std::optional<bench::EchoServerOptions> options =
      bench::ParseEchoServerOptions("asio_echo_server", argc, argv, &status);
  if (!options) return status;
  asyncore::RaiseFdLimit(10000 + 16);  // as echo_server_multi does

  asio::io_context io(1);
  tcp::acceptor acceptor(io);
  asio::error_code error;
  const tcp::endpoint wanted(asio::ip::make_address_v4("127.0.0.1"), static_cast<unsigned short>(options->port));
  acceptor.open(wanted.protocol(), error);
  if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor.bind(wanted, error);
  if (!error) acceptor.listen(1024, error);
  const unsigned short port = error ? 0 : acceptor.local_endpoint(error).port();
  if (!error) {
    std::printf("listening on 127.0.0.1:%u (standalone Asio %d.%d.%d)\nport %u\n", port, ASIO_VERSION / 100000,
                ASIO_VERSION / 100 % 1000, ASIO_VERSION % 100, port);
    std::fflush(stdout);
    Accept(acceptor, options->buffer_size);
    io.run();
    return 0;
  }
  std::fprintf(stderr, "asio_echo_server: listen on 127.0.0.1:%d: %s\n", options->port, error.message().c_str());
  return 1;
}
