// Turns the command line's implementation choice into an Adapter:
//   reference            the C++ reference, in process (default)
//   reference-process    the C++ reference through its adapter binary
//   model                the model, in process
//   cpython              CPython's stdlib asynchat through the Python adapter
//   medusa               supervisor's vendored medusa asynchat_25
//   python:FILE          the asynchat API loaded from FILE
// or, with --impl-cmd, any command speaking conformance/PROTOCOL.md.
// Throws std::invalid_argument naming the spec for an unknown one.
#ifndef ASYNCHAT_CONFORMANCE_ADAPTER_FACTORY_H_
#define ASYNCHAT_CONFORMANCE_ADAPTER_FACTORY_H_

#include <chrono>
#include <memory>
#include <string>

#include "conformance/adapter.h"

namespace conformance {

struct AdapterOptions {
  std::chrono::milliseconds case_time_limit{5000};
};

std::unique_ptr<Adapter> MakeAdapter(const std::string& impl_spec, const AdapterOptions& options = {});
std::unique_ptr<Adapter> MakeCommandAdapter(const std::string& shell_command, const AdapterOptions& options = {});

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_ADAPTER_FACTORY_H_
