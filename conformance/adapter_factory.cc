#include "conformance/adapter_factory.h"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

#include "conformance/in_process_adapter.h"
#include "conformance/process_adapter.h"
#include "conformance/runfiles.h"

namespace conformance {
namespace {

constexpr char kValidSpecs[] = "reference, reference-process, model, cpython, medusa, python:FILE";
constexpr char kReferenceAdapter[] = "conformance/adapters/reference_adapter";
constexpr char kPythonAdapter[] = "conformance/adapters/python/asynchat_adapter.py";

std::unique_ptr<Adapter> Process(std::vector<std::string> argv, const AdapterOptions& options) {
  ProcessAdapterOptions o;
  o.argv = std::move(argv);
  o.case_time_limit = options.case_time_limit;
  return std::make_unique<ProcessAdapter>(std::move(o));
}

// Debian's interpreter when present (what the adapter is tested with), else
// whichever python3 PATH finds.
std::string Python() { return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3"; }

std::unique_ptr<Adapter> PythonAdapter(const std::string& impl, const AdapterOptions& options) {
  return Process({Python(), Runfile(kPythonAdapter), "--impl", impl}, options);
}

}  // namespace

std::unique_ptr<Adapter> MakeAdapter(const std::string& spec, const AdapterOptions& options) {
  if (spec == "reference") return MakeReferenceAdapter();
  if (spec == "model") return MakeModelAdapter();
  if (spec == "reference-process") return Process({Runfile(kReferenceAdapter)}, options);
  if (spec == "cpython") return PythonAdapter("stdlib", options);
  if (spec == "medusa") return PythonAdapter("medusa", options);
  if (spec.rfind("python:", 0) == 0) {
    std::string file = UserPath(spec.substr(7));
    if (spec.size() == 7) throw std::invalid_argument("python:FILE needs a file, e.g. python:./my_asynchat.py");
    if (access(file.c_str(), R_OK) != 0) throw std::invalid_argument("implementation " + spec + ": cannot read " + file);
    return PythonAdapter("file:" + file, options);
  }
  throw std::invalid_argument("unknown implementation '" + spec + "' (valid: " + kValidSpecs + ")");
}

std::unique_ptr<Adapter> MakeCommandAdapter(const std::string& shell_command, const AdapterOptions& options) {
  if (shell_command.empty()) throw std::invalid_argument("the adapter command is empty");
  return Process({"/bin/sh", "-c", shell_command}, options);
}

}  // namespace conformance
