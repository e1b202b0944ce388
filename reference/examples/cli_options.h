// Command-line options shared by the example binaries (CLI11).
#ifndef ASYNCHAT_REFERENCE_EXAMPLES_CLI_OPTIONS_H_
#define ASYNCHAT_REFERENCE_EXAMPLES_CLI_OPTIONS_H_

#include <CLI/CLI.hpp>

#include <string>

namespace examples {

// --backend select|poll|epoll; parse the value with asyncore::ParseBackend.
inline CLI::Option* AddBackendOption(CLI::App& app, std::string& backend_name) {
  return app.add_option("--backend", backend_name, "readiness backend of the loop")
      ->check(CLI::IsMember({"select", "poll", "epoll"}))
      ->capture_default_str();
}

// --max-connections N for the servers, so tests can make them exit by themselves.
template <class Int>
CLI::Option* AddMaxConnectionsOption(CLI::App& app, Int& max_connections) {
  return app
      .add_option("--max-connections", max_connections,
                  "stop accepting after this many connections and exit once they closed (0: run forever)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
}

}  // namespace examples

#endif  // ASYNCHAT_REFERENCE_EXAMPLES_CLI_OPTIONS_H_
