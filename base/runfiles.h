// Finding files a binary declares as Bazel `data` (the adapter binaries and
// scripts the factory runs) at run time, in the binary's runfiles tree:
// $RUNFILES_DIR, then $TEST_SRCDIR (tests), then <argv0>.runfiles and
// /proc/self/exe.runfiles (a binary run directly or through `bazel run`),
// each followed by the workspace name and the path.
#ifndef ASYNCHAT_BASE_RUNFILES_H_
#define ASYNCHAT_BASE_RUNFILES_H_

#include <optional>
#include <string>

namespace base {

// The WORKSPACE's workspace(name = ...), the runfiles tree's top directory.
inline constexpr char kWorkspaceName[] = "asynchat_conformance";

// Lets <argv0>.runfiles be searched; call from main() (optional: without it
// /proc/self/exe is used).
void SetRunfilesArgv0(const std::string& argv0);

// The absolute path of a workspace-relative runfile
// ("reference/harness/reference_adapter"), or nullopt if no runfiles tree
// has it.
std::optional<std::string> FindRunfile(const std::string& path);

// As FindRunfile; throws std::runtime_error naming the file and the places
// looked in, saying to declare it as data.
std::string Runfile(const std::string& path);

// A path the user typed on the command line. Under `bazel run` the working
// directory is the runfiles tree, so a relative path is resolved against the
// directory the command was run from ($BUILD_WORKING_DIRECTORY); absolute
// paths, "-" (standard input or output) and runs outside Bazel are unchanged.
std::string UserPath(const std::string& path);

}  // namespace base

#endif  // ASYNCHAT_BASE_RUNFILES_H_
