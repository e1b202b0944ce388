// Command-line options shared by the example binaries (CLI11).
#ifndef ASYNCHAT_REFERENCE_EXAMPLES_CLI_OPTIONS_H_
#define ASYNCHAT_REFERENCE_EXAMPLES_CLI_OPTIONS_H_

#include <arpa/inet.h>
#include <netinet/in.h>

#include <CLI/CLI.hpp>

#include <optional>
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

// --host's check: a numeric IPv4 or IPv6 address, as asyncore::SocketAddress
// takes it (no name lookup), so that a bad one is a usage error (status 2)
// instead of a failure after start-up.
inline CLI::Validator NumericHost() {
  return CLI::Validator(
      [](std::string& host) -> std::string {
        in_addr v4;
        in6_addr v6;
        if (inet_pton(AF_INET, host.c_str(), &v4) == 1 || inet_pton(AF_INET6, host.c_str(), &v6) == 1) return "";
        return "not a numeric IPv4 or IPv6 address: \"" + host + "\"";
      },
      "IP", "NumericHost");
}

// Parses the command line. nullopt: run. Otherwise main returns the value:
// 0 after --help, 2 after a usage error (CLI11's message and "Run with
// --help", on stderr), the project's status for bad usage; CLI11's own codes
// (109 for an unexpected argument, 105 for a failed check...) are not used.
inline std::optional<int> ParseCommandLine(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

}  // namespace examples

#endif  // ASYNCHAT_REFERENCE_EXAMPLES_CLI_OPTIONS_H_
