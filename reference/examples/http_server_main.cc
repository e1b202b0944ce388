// http_server: serves HttpRequestHandler (the http_request_handler example
// of the asynchat documents, completed) on a port. Every request gets a
// small HTTP/1.0 text/plain response naming its method, path and body
// length; malformed or oversized requests get 400/411/413/431/501. Runs
// until interrupted, or with --max-connections N until N connections were
// accepted and have all closed.
#include <cstdint>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "base/whole_number_option.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/example_util.h"
#include "reference/examples/http_request_handler.h"
#include "reference/examples/cli_options.h"

int main(int argc, char** argv) {
  CLI::App app{
      "HTTP/1.0 server built on the asynchat http_request_handler example ([py3-asynchat]): answers each request with its "
      "method, path and body length."};
  std::string host = "127.0.0.1";
  int port = 8000;
  std::string backend_name = "select";
  examples::HttpLimits limits;
  long max_connections = 0;
  app.add_option("--host", host, "numeric IPv4 or IPv6 address to listen on")
      ->check(examples::NumericHost())
      ->capture_default_str();
  app.add_option("--port", port, "TCP port (0: the kernel picks one)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  examples::AddBackendOption(app, backend_name);
  app.add_option("--max-body", limits.max_body_bytes, "largest accepted Content-Length (bytes); above: 413")
      ->check(base::WholeNumberUpTo(UINT64_MAX, "a byte count"))
      ->capture_default_str();
  app.add_option("--max-header", limits.max_header_bytes,
                 "largest request line + headers (bytes) without the blank line; above: 431")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  examples::AddMaxConnectionsOption(app, max_connections);
  if (std::optional<int> status = examples::ParseCommandLine(app, argc, argv)) return *status;

  try {
    const asyncore::Backend backend = asyncore::ParseBackend(backend_name);
    asyncore::SocketMap map;
    examples::HttpServer server(asyncore::SocketAddress::Inet(host, static_cast<std::uint16_t>(port)), &map, limits,
                                examples::StreamSink(std::cout));
    std::cout << "listening on " << server.address().ToString() << "\n"
              << "port " << server.address().port() << "\n"
              << std::flush;
    while (!map.empty()) {
      asyncore::loop(asyncore::LoopOptions{30.0, backend, &map, 1});
      if (max_connections > 0 && server.accepting() &&
          server.accepted() >= static_cast<std::size_t>(max_connections)) {
        server.close();  // handlers still open keep the loop running
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "http_server: " << e.what() << "\n";
    return 1;
  }
}
