#include "base/file_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace base {
namespace {

namespace fs = std::filesystem;

// The folder a relative name without one is written in.
fs::path FolderOf(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

// Why nothing can be made in `folder` ("its folder" or "its parent folder"),
// or "".
std::string FolderProblem(const fs::path& folder, const std::string& its) {
  std::error_code ec;
  const fs::file_status st = fs::status(folder, ec);
  if (!fs::exists(st)) return its + " " + folder.string() + " does not exist";
  if (!fs::is_directory(st)) return folder.string() + " is not a folder";
  if (access(folder.c_str(), W_OK | X_OK) != 0) return its + " " + folder.string() + " is not writable";
  return "";
}

}  // namespace

std::string FileWriteProblem(const std::string& path) {
  const fs::path p(path);
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);
  if (fs::is_directory(st)) return "it is a directory";
  if (fs::exists(st)) return access(path.c_str(), W_OK) == 0 ? "" : "it is not writable";
  return FolderProblem(FolderOf(p), "its folder");
}

std::string DirectoryWriteProblem(const std::string& path) {
  const fs::path p(path);
  std::error_code ec;
  const fs::file_status st = fs::status(p, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) return "it is not a directory";
    return access(path.c_str(), W_OK | X_OK) == 0 ? "" : "it is not writable";
  }
  // "out/" names the folder "out": its parent is that of "out".
  const fs::path named = p.has_filename() ? p : p.parent_path();
  return FolderProblem(FolderOf(named), "its parent folder");
}

void WriteFile(const std::string& path, std::string_view contents, MissingFolders missing_folders) {
  fs::path p(path);
  if (missing_folders == MissingFolders::kCreate && p.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(p.parent_path(), ec);
    if (ec) throw std::runtime_error("cannot create directory " + p.parent_path().string() + ": " + ec.message());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    const int e = errno;
    const std::string problem = FileWriteProblem(path);
    throw std::runtime_error("cannot write " + path + ": " + (problem.empty() ? std::strerror(e) : problem));
  }
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
}

}  // namespace base
