// http_client: the asyncore HTTP client example of [py2-asyncore-ja]. Sends
// "GET <path> HTTP/1.0\r\n\r\n" to a numeric host and port and writes the
// raw response (status line, headers, body) to stdout. Exits 0 when a
// response was read and the server closed the connection, 1 on an error
// (refused connection, timeout, nothing read).
#include <chrono>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/http_client.h"
#include "reference/examples/cli_options.h"

int main(int argc, char** argv) {
  CLI::App app{"asyncore HTTP client ([py2-asyncore-ja]): GET a path over HTTP/1.0 and print the raw response."};
  std::string host = "127.0.0.1";
  int port = 80;
  std::string path = "/";
  std::string backend_name = "select";
  double timeout = 30.0;
  app.add_option("host,--host", host, "numeric IPv4 or IPv6 address (no name lookup)")
      ->check(examples::NumericHost())
      ->capture_default_str();
  app.add_option("port,--port", port, "TCP port")->check(CLI::Range(1, 65535))->capture_default_str();
  app.add_option("path,--path", path, "request path")->capture_default_str();
  examples::AddBackendOption(app, backend_name);
  app.add_option("--timeout", timeout, "give up after this many seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  if (std::optional<int> status = examples::ParseCommandLine(app, argc, argv)) return *status;

  try {
    const asyncore::Backend backend = asyncore::ParseBackend(backend_name);
    asyncore::SocketMap map;
    examples::HTTPClient client(asyncore::SocketAddress::Inet(host, static_cast<std::uint16_t>(port)), path, &map,
                                [](std::string_view data) {
                                  std::cout.write(data.data(), static_cast<std::streamsize>(data.size()));
                                  std::cout.flush();
                                });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
    while (!map.empty() && std::chrono::steady_clock::now() < deadline) {
      asyncore::loop(asyncore::LoopOptions{0.1, backend, &map, 1});
    }
    if (!map.empty()) {
      std::cerr << "http_client: timed out after " << timeout << " s\n";
      return 1;
    }
    if (!client.error().empty()) {
      std::cerr << "http_client: " << client.error() << "\n";
      return 1;
    }
    if (client.bytes_received() == 0) {
      std::cerr << "http_client: the server closed the connection without a response\n";
      return 1;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "http_client: " << e.what() << "\n";
    return 1;
  }
}
