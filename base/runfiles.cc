#include "base/runfiles.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace base {
namespace {

std::string& Argv0() {
  static std::string argv0;
  return argv0;
}

// The runfiles directories to try, best first.
std::vector<std::string> Roots() {
  std::vector<std::string> roots;
  for (const char* var : {"RUNFILES_DIR", "TEST_SRCDIR"}) {
    if (const char* v = std::getenv(var); v != nullptr && *v != '\0') roots.push_back(v);
  }
  if (!Argv0().empty()) roots.push_back(Argv0() + ".runfiles");
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) roots.push_back(exe.string() + ".runfiles");
  return roots;
}

}  // namespace

void SetRunfilesArgv0(const std::string& argv0) { Argv0() = argv0; }

std::optional<std::string> FindRunfile(const std::string& path) {
  for (const std::string& root : Roots()) {
    std::filesystem::path candidate = std::filesystem::path(root) / kWorkspaceName / path;
    std::error_code ec;
    if (std::filesystem::exists(candidate, ec)) return std::filesystem::absolute(candidate, ec).string();
  }
  return std::nullopt;
}

std::string Runfile(const std::string& path) {
  if (std::optional<std::string> found = FindRunfile(path)) return *found;
  std::string looked;
  for (const std::string& root : Roots()) looked += (looked.empty() ? "" : ", ") + root + "/" + kWorkspaceName;
  throw std::runtime_error("cannot find " + path + " in the runfiles (looked in: " +
                           (looked.empty() ? std::string("nowhere") : looked) +
                           "); a binary that uses it must declare it as data and run through Bazel or from bazel-bin");
}

std::string UserPath(const std::string& path) {
  const char* wd = std::getenv("BUILD_WORKING_DIRECTORY");
  if (path.empty() || path == "-" || path[0] == '/' || wd == nullptr) return path;
  return std::string(wd) + "/" + path;
}

}  // namespace base
