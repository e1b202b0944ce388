// reference_adapter: the C++ reference (or the model) as a driver-protocol
// adapter process, speaking conformance/PROTOCOL.md on stdin/stdout, so the
// suite's process path is tested against a known implementation and any
// trace can be replayed through the protocol.
//
//   reference_adapter [--impl reference|model]
//
// Exit status: 0 after quit or end of input, 2 on bad usage.
#include <CLI/CLI.hpp>

#include <iostream>

#include "conformance/driver/driver_server.h"
#include "conformance/model/model_implementation.h"
#include "reference/harness/reference_implementation.h"

int main(int argc, char** argv) {
  CLI::App app{
      "Serves the asynchat driver protocol (conformance/PROTOCOL.md) on stdin/stdout for the C++ reference or the "
      "model. Diagnostics go to stderr; stdout carries the protocol only."};
  std::string impl = "reference";
  app.add_option("--impl", impl, "implementation to serve")
      ->check(CLI::IsMember({"reference", "model"}))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);  // --help prints and returns 0
    return rc == 0 ? 0 : 2;
  }

  // Protocol lines are flushed per answer by the server; untie and unsync so
  // nothing else flushes in between.
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);
  const conformance::ServedImplementation served =
      impl == "model" ? conformance::ModelImplementation() : harness::ReferenceImplementation();
  return conformance::ServeDriverProtocol(std::cin, std::cout, served);
}
