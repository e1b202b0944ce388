#include "conformance/adapter_kit/adapter_kit.h"

#include <cstring>
#include <iostream>

#include "conformance/adapter_kit/kit_session.h"
#include "conformance/driver/driver_server.h"

namespace adapter_kit {

std::set<std::string> CapabilitiesOf(const Features& f) {
  // What the kit itself provides, whatever the implementation: reactions run
  // from the Recorder, reads and sends are scripted by the ScriptedSocket.
  std::set<std::string> caps = {"reactions", "recv_errors", "send_control"};
  const std::pair<bool, const char*> declared[] = {
      {f.string_terminator, "string_terminator"},
      {f.int_terminator, "int_terminator"},
      {f.none_terminator, "none_terminator"},
      {f.buffer_sizes, "buffer_sizes"},
      {f.producers, "producers"},
      {f.close_when_done, "close_when_done"},
      {f.discard_buffers, "discard_buffers"},
      {f.connect, "connect"},
      {f.poll, "chat_poll"},
      {f.connect_reactions, "connect_reactions"},
      {f.close_reactions, "close_reactions"},
      {f.bytes_producer, "bytes_producer"},
      {f.push_objects, "push_objects"},
      {f.logging, "logging"},
  };
  for (const auto& [on, name] : declared) {
    if (on) caps.insert(name);
  }
  return caps;
}

conformance::ServedImplementation Serve(const Implementation& implementation) {
  auto impl = std::make_shared<const Implementation>(implementation);
  conformance::ServedImplementation served;
  served.name = impl->name;
  served.capabilities = CapabilitiesOf(impl->features);
  served.in_buffer = impl->features.in_buffer;
  served.out_buffer = impl->features.out_buffer;
  served.start_case = [impl](const std::string& case_id) { return StartKitSession(case_id, *impl); };
  return served;
}

int RunAdapter(int argc, char** argv, const Implementation& implementation) {
  const conformance::ServedImplementation served = Serve(implementation);
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      std::cout << "Usage: " << argv[0] << "\n\n"
                << "Serves the asynchat driver protocol (conformance/PROTOCOL.md, versions 1 and 2) on\n"
                << "stdin/stdout for: " << served.name << "\n"
                << "Run it under the conformance suite: conformance --impl-cmd \"" << argv[0] << "\"\n"
                << "Capabilities:";
      for (const std::string& c : served.capabilities) std::cout << ' ' << c;
      if (served.in_buffer) std::cout << " in_buffer=" << *served.in_buffer;
      if (served.out_buffer) std::cout << " out_buffer=" << *served.out_buffer;
      std::cout << "\nDiagnostics go to stderr; stdout carries the protocol only.\n";
      return 0;
    }
    std::cerr << argv[0] << ": unknown argument '" << argv[i] << "' (it takes only --help)\n";
    return 2;
  }
  // Protocol lines are flushed per answer by the server; nothing else
  // flushes in between.
  std::ios::sync_with_stdio(false);
  std::cin.tie(nullptr);
  return conformance::ServeDriverProtocol(std::cin, std::cout, served);
}

}  // namespace adapter_kit
