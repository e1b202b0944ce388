// echo_server_multi: the PyMOTW echo protocol served to many connections at
// once, many messages per connection (multi_echo.h). Prints the bound
// address and "port N" (so --port 0 works with tools/loadgen), then serves
// until interrupted, or with --max-connections N until N connections were
// accepted and have all closed.
#include <exception>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/cli_options.h"
#include "reference/examples/example_util.h"
#include "reference/examples/multi_echo.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Multi-connection echo server on AsyncChat: each client sends \"ECHO <len>\\n\" and <len> bytes, the server "
      "sends the <len> bytes back, as often as the client likes (PyMOTW's handler logic, 001)."};
  std::string host = "127.0.0.1";
  int port = 0;
  std::string backend_name = "epoll";
  long max_connections = 0;
  std::size_t buffer_size = 65536;
  std::int64_t max_message = std::int64_t{1} << 20;
  int backlog = examples::multi_echo::MultiEchoServer::kDefaultBacklog;
  bool quiet = false;
  app.add_option("--host", host, "numeric IPv4 or IPv6 address to listen on")->capture_default_str();
  app.add_option("--port", port, "TCP port (0: the kernel picks one; printed as \"port N\")")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  examples::AddBackendOption(app, backend_name);
  examples::AddMaxConnectionsOption(app, max_connections);
  app.add_option("--buffer-size", buffer_size,
                 "ac_in_buffer_size and ac_out_buffer_size (CPython 3.11's default 65536; the documents say 4096)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24))
      ->capture_default_str();
  app.add_option("--max-message", max_message, "largest <len> accepted; a larger one closes that connection")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 30))
      ->capture_default_str();
  app.add_option("--backlog", backlog, "listen() backlog")->check(CLI::Range(1, 65535))->capture_default_str();
  app.add_flag("-q,--quiet", quiet, "do not report refused clients on stderr");
  CLI11_PARSE(app, argc, argv);

  try {
    const asyncore::Backend backend = asyncore::ParseBackend(backend_name);
    asyncore::SocketMap map;
    examples::multi_echo::EchoSettings settings;
    settings.buffer_size = buffer_size;
    settings.max_message = max_message;
    if (!quiet) settings.errors = examples::StreamSink(std::cerr);
    examples::multi_echo::MultiEchoServer server(asyncore::SocketAddress::Inet(host, static_cast<std::uint16_t>(port)),
                                                 &map, settings, static_cast<std::size_t>(max_connections), backlog);
    std::cout << "listening on " << server.address().ToString() << " (" << asyncore::BackendName(backend) << ")\n"
              << "port " << server.address().port() << "\n"
              << std::flush;
    asyncore::loop(asyncore::LoopOptions{30.0, backend, &map, std::nullopt});
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "echo_server_multi: " << e.what() << "\n";
    return 1;
  }
}
