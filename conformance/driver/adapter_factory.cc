#include "conformance/driver/adapter_factory.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
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

bool IsExecutableFile(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(path.c_str(), X_OK) == 0;
}

std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value ? value : fallback;
}

// pyenv's own rule: $PYENV_ROOT, else ~/.pyenv. The home directory comes
// from the password database, not $HOME, which test runners point elsewhere.
std::string PyenvRoot() {
  if (const char* root = std::getenv("PYENV_ROOT")) return root;
  const passwd* pw = getpwuid(getuid());
  return pw && pw->pw_dir ? std::string(pw->pw_dir) + "/.pyenv" : "";
}

// The newest PYENV_ROOT/versions/2.7.N/bin/python2.7, or "".
std::string NewestPyenvPython27(const std::string& root) {
  std::string best;
  long best_patch = -1;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(root + "/versions", ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("2.7.", 0) != 0 || name.size() == 4 || name.find_first_not_of("0123456789", 4) != std::string::npos) {
      continue;
    }
    std::string binary = entry.path().string() + "/bin/python2.7";
    long patch = std::stol(name.substr(4));
    if (patch > best_patch && IsExecutableFile(binary)) best = binary, best_patch = patch;
  }
  return best;
}

// Python 2.7 for --impl cpython2.7, in this order: $ASYNCHAT_PYTHON27 (which
// must then be an executable file); python2.7 on PATH, except in a pyenv
// shims directory (a shim runs only the version pyenv has selected); the
// newest pyenv version 2.7.N. None of them: std::invalid_argument naming
// each place looked in.
std::string Python27() {
  if (const char* chosen = std::getenv("ASYNCHAT_PYTHON27")) {
    if (!IsExecutableFile(chosen)) {
      throw std::invalid_argument(std::string("implementation cpython2.7: ASYNCHAT_PYTHON27=") + chosen +
                                  " is not an executable file");
    }
    return chosen;
  }
  std::string path = EnvOr("PATH", "");
  for (size_t start = 0; start <= path.size();) {
    size_t end = path.find(':', start);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(start, end - start);
    start = end + 1;
    if (dir.empty() || std::filesystem::path(dir).filename() == "shims") continue;
    if (IsExecutableFile(dir + "/python2.7")) return dir + "/python2.7";
  }
  std::string root = PyenvRoot();
  if (!root.empty()) {
    std::string found = NewestPyenvPython27(root);
    if (!found.empty()) return found;
  }
  throw std::invalid_argument(
      "implementation cpython2.7: no python2.7 found: ASYNCHAT_PYTHON27 is unset, PATH has none (pyenv shims "
      "left out), nor has " + (root.empty() ? std::string("pyenv (no home directory)")
                                             : root + "/versions/2.7.*/bin/python2.7") +
      "; install Python 2.7 (pyenv install 2.7.18) or set ASYNCHAT_PYTHON27 to its interpreter");
}

std::unique_ptr<Adapter> PythonAdapter(const std::string& impl, const AdapterOptions& options,
                                       const std::string& interpreter = Python()) {
  return MakeProcessAdapter({interpreter, base::Runfile(kPythonAdapter), "--impl", impl}, options);
}

}  // namespace

std::string PythonInterpreter(const std::string& python) {
  if (python.empty()) throw std::invalid_argument("--python: the interpreter is empty");
  if (python.find('/') == std::string::npos) {
    const std::string path = EnvOr("PATH", "");
    for (size_t start = 0; start <= path.size();) {
      size_t end = path.find(':', start);
      if (end == std::string::npos) end = path.size();
      const std::string dir = path.substr(start, end - start);
      start = end + 1;
      if (!dir.empty() && IsExecutableFile(dir + "/" + python)) return dir + "/" + python;
    }
    throw std::invalid_argument("--python " + python + ": no executable " + python + " on PATH");
  }
  const std::string file = base::UserPath(python);
  struct stat st;
  if (stat(file.c_str(), &st) != 0) throw std::invalid_argument("--python " + python + ": no such file");
  if (!S_ISREG(st.st_mode)) throw std::invalid_argument("--python " + python + ": not a file");
  if (access(file.c_str(), X_OK) != 0) throw std::invalid_argument("--python " + python + ": not executable");
  return file;
}

std::unique_ptr<Adapter> MakeAdapter(const std::string& spec, const AdapterOptions& options,
                                     const std::string& python) {
  if (std::unique_ptr<Adapter> registered = MakeRegisteredAdapter(spec, options)) return registered;
  if (spec == "cpython") return PythonAdapter("stdlib", options);
  if (spec == "medusa") return PythonAdapter("medusa", options);
  if (spec == "cpython2.7") return PythonAdapter("stdlib", options, Python27());
  if (spec.rfind("python:", 0) == 0) {
    std::string file = base::UserPath(spec.substr(7));
    if (spec.size() == 7) throw std::invalid_argument("python:FILE needs a file, e.g. python:./my_asynchat.py");
    if (access(file.c_str(), R_OK) != 0) throw std::invalid_argument("implementation " + spec + ": cannot read " + file);
    return PythonAdapter("file:" + file, options, python.empty() ? Python() : PythonInterpreter(python));
  }
  std::string valid;
  for (const std::string& name : RegisteredAdapterNames()) valid += name + ", ";
  throw std::invalid_argument("unknown implementation '" + spec + "' (valid: " + valid + "cpython, cpython2.7, medusa, python:FILE)");
}

std::unique_ptr<Adapter> MakeCommandAdapter(const std::string& shell_command, const AdapterOptions& options) {
  // An unset variable in a CI script gives "" (or spaces): never a command.
  if (shell_command.find_first_not_of(" \t\n") == std::string::npos) {
    throw std::invalid_argument("the adapter command is empty");
  }
  return MakeProcessAdapter({"/bin/sh", "-c", shell_command}, options);
}

}  // namespace conformance
