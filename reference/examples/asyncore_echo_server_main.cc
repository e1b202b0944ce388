// asyncore_echo_server: the echo server example of [py2-asyncore-ja]. Listens on
// --host/--port (numeric host; port 0 lets the kernel pick) or on a Unix
// socket (--unix PATH), prints the bound address and port, and echoes every
// connection. Runs until interrupted, or with --max-connections N until N
// connections were accepted and have all closed.
#include <unistd.h>

#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/asyncore_echo.h"
#include "reference/examples/example_util.h"
#include "reference/examples/cli_options.h"

int main(int argc, char** argv) {
  CLI::App app{"asyncore echo server ([py2-asyncore-ja]): echoes back whatever each client sends."};
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string unix_path;
  std::string backend_name = "select";
  long max_connections = 0;
  app.add_option("--host", host, "numeric IPv4 or IPv6 address to listen on")
      ->check(examples::NumericHost())
      ->capture_default_str();
  app.add_option("--port", port, "TCP port (0: the kernel picks one)")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("--unix", unix_path, "listen on this Unix-domain socket path instead (it must not exist)");
  examples::AddBackendOption(app, backend_name);
  examples::AddMaxConnectionsOption(app, max_connections);
  if (std::optional<int> status = examples::ParseCommandLine(app, argc, argv)) return *status;

  try {
    const asyncore::Backend backend = asyncore::ParseBackend(backend_name);
    const asyncore::SocketAddress address = unix_path.empty()
                                                ? asyncore::SocketAddress::Inet(host, static_cast<std::uint16_t>(port))
                                                : asyncore::SocketAddress::Unix(unix_path);
    asyncore::SocketMap map;
    examples::asyncore_echo::EchoServer server(address, &map, examples::StreamSink(std::cout));
    std::cout << "listening on " << server.address().ToString() << "\n";
    if (unix_path.empty()) std::cout << "port " << server.address().port() << "\n";
    std::cout << std::flush;

    while (!map.empty()) {
      asyncore::loop(asyncore::LoopOptions{30.0, backend, &map, 1});
      if (max_connections > 0 && server.accepting() &&
          server.accepted() >= static_cast<std::size_t>(max_connections)) {
        server.close();  // handlers still open keep the loop running
      }
    }
    if (!unix_path.empty()) ::unlink(unix_path.c_str());
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "asyncore_echo_server: " << e.what() << "\n";
    return 1;
  }
}
