#include "conformance/driver/adapter_factory.h"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "conformance/driver/process_adapter.h"
#include "base/runfiles.h"

namespace conformance {
namespace {

constexpr char kPythonAdapter[] = "conformance/adapters/python/asynchat_adapter.py";

// Debian's interpreter when present (what the adapter is tested with), else
// whichever python3 PATH finds.
std::string Python() { return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3"; }

std::unique_ptr<Adapter> PythonAdapter(const std::string& impl, const AdapterOptions& options) {
  return MakeProcessAdapter({Python(), base::Runfile(kPythonAdapter), "--impl", impl}, options);
}

}  // namespace

std::unique_ptr<Adapter> MakeAdapter(const std::string& spec, const AdapterOptions& options) {
  if (std::unique_ptr<Adapter> registered = MakeRegisteredAdapter(spec, options)) return registered;
  if (spec == "cpython") return PythonAdapter("stdlib", options);
  if (spec == "medusa") return PythonAdapter("medusa", options);
  if (spec.rfind("python:", 0) == 0) {
    std::string file = base::UserPath(spec.substr(7));
    if (spec.size() == 7) throw std::invalid_argument("python:FILE needs a file, e.g. python:./my_asynchat.py");
    if (access(file.c_str(), R_OK) != 0) throw std::invalid_argument("implementation " + spec + ": cannot read " + file);
    return PythonAdapter("file:" + file, options);
  }
  std::string valid;
  for (const std::string& name : RegisteredAdapterNames()) valid += name + ", ";
  throw std::invalid_argument("unknown implementation '" + spec + "' (valid: " + valid + "cpython, medusa, python:FILE)");
}

std::unique_ptr<Adapter> MakeCommandAdapter(const std::string& shell_command, const AdapterOptions& options) {
  // An unset variable in a CI script gives "" (or spaces): never a command.
  if (shell_command.find_first_not_of(" \t\n") == std::string::npos) {
    throw std::invalid_argument("the adapter command is empty");
  }
  return MakeProcessAdapter({"/bin/sh", "-c", shell_command}, options);
}

}  // namespace conformance
