// echo_pymotw: PyMOTW's asynchat_echo_main.py. Runs EchoServer and EchoClient
// in one asyncore loop on 127.0.0.1 (port 0: the kernel picks one) and logs
// every step as the documented run does. Exits 0 once the client received a
// full copy of the message, 1 otherwise.
#include <chrono>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/example_util.h"
#include "reference/examples/pymotw_echo.h"
#include "reference/examples/cli_options.h"

int main(int argc, char** argv) {
  CLI::App app{
      "PyMOTW asynchat echo example ([pymotw-asynchat]): EchoServer, EchoHandler and EchoClient exchange the 166-byte "
      "Lorem ipsum message over 127.0.0.1 in one asyncore loop, logging every step."};
  std::string backend_name = "select";
  double timeout = 10.0;
  examples::AddBackendOption(app, backend_name);
  app.add_option("--timeout", timeout, "give up after this many seconds")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  if (std::optional<int> status = examples::ParseCommandLine(app, argc, argv)) return *status;

  try {
    const asyncore::Backend backend = asyncore::ParseBackend(backend_name);
    asyncore::SocketMap map;
    examples::LogSink log = examples::StreamSink(std::cout);

    // address = ('127.0.0.1', 0): let the kernel give us a port.
    examples::pymotw::EchoServer server(asyncore::SocketAddress::Inet("127.0.0.1", 0), &map, log);
    examples::pymotw::EchoClient client(std::string(examples::pymotw::kLoremMessage), &map, log);
    client.Connect(server.address());

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout);
    while (!map.empty() && std::chrono::steady_clock::now() < deadline) {
      asyncore::loop(asyncore::LoopOptions{0.1, backend, &map, 1});
    }
    if (!map.empty()) {
      std::cerr << "echo_pymotw: timed out after " << timeout << " s with " << map.size() << " channel(s) open\n";
      return 1;
    }
    return client.received_copy() ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << "echo_pymotw: " << e.what() << "\n";
    return 1;
  }
}
