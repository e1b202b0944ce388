// The main() of every <target>_replay_test (fuzz_target.bzl): feeds each
// input file through the target's LLVMFuzzerTestOneInput, with whatever
// compiler and sanitizers the build uses, so that ordinary `bazel test`
// replays every seed corpus and every saved regression input.
//
//   replay [--min_inputs=N] PATH... [--optional PATH]...
//
// A PATH is a file or a directory (read recursively, in sorted order). A
// PATH after --optional may be missing (an empty regressions directory has
// no runfiles). Fails if fewer than N inputs were found (a corpus that
// silently vanished from the test's data would otherwise pass). A finding
// crashes the process like it does under libFuzzer; the file being run is
// printed first so the log names it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

bool Collect(const fs::path& path, std::vector<fs::path>* out) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    out->push_back(path);
    return true;
  }
  if (!fs::is_directory(path, ec)) return false;
  for (const auto& entry : fs::recursive_directory_iterator(path, fs::directory_options::follow_directory_symlink)) {
    if (entry.is_regular_file()) out->push_back(entry.path());
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  std::size_t min_inputs = 0;
  std::vector<fs::path> files;
  bool optional = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--min_inputs=", 0) == 0) {
      min_inputs = std::stoul(arg.substr(13));
    } else if (arg == "--optional") {
      optional = true;
    } else {
      std::vector<fs::path> found;
      if (!Collect(arg, &found) && !optional) {
        std::fprintf(stderr, "replay: %s: no such file or directory\n", arg.c_str());
        return 2;
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
      std::fprintf(stderr, "replay: %zu inputs from %s\n", found.size(), arg.c_str());
      optional = false;
    }
  }
  std::size_t rejected = 0;
  for (const fs::path& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "replay: cannot read %s\n", f.c_str());
      return 2;
    }
    std::fprintf(stderr, "replay: running %s (%zu bytes)\n", f.c_str(), bytes.size());
    // libFuzzer never passes a null pointer, even for an empty input.
    const std::uint8_t empty = 0;
    const std::uint8_t* data = bytes.empty() ? &empty : reinterpret_cast<const std::uint8_t*>(bytes.data());
    if (LLVMFuzzerTestOneInput(data, bytes.size()) == -1) ++rejected;
  }
  std::fprintf(stderr, "replay: %zu inputs ran (%zu rejected by the target as out of scope)\n", files.size(), rejected);
  if (files.size() < min_inputs) {
    std::fprintf(stderr, "replay: expected at least %zu inputs, found %zu\n", min_inputs, files.size());
    return 1;
  }
  return 0;
}
