// Writing a whole file or failing clearly: the one way the commands write a
// report, a trace or a counterexample, and the checks a command makes on the
// paths it was given before it runs anything.
//
// WriteFile creates no directory unless its caller says so: a report path
// whose folder is missing is the user's mistake (a typo), not a folder to
// make. Only a directory the user named for output (--counterexamples DIR)
// may have folders made under it. On any failure std::runtime_error names the
// path and the reason, and nothing is reported as written.
#ifndef ASYNCHAT_BASE_FILE_WRITER_H_
#define ASYNCHAT_BASE_FILE_WRITER_H_

#include <string>
#include <string_view>

namespace base {

enum class MissingFolders {
  kFail,    // the file's folder must exist
  kCreate,  // create the file's missing folders (under a directory the user named)
};

void WriteFile(const std::string& path, std::string_view contents,
               MissingFolders missing_folders = MissingFolders::kFail);

// Why a file could not be written at `path`, or "" if it could: "its folder
// D does not exist", "its folder D is not writable", "D is not a folder",
// "it is a directory", "it is not writable". Nothing is created.
std::string FileWriteProblem(const std::string& path);

// As FileWriteProblem for a directory that is written into and may be
// created (only itself: "its parent folder D does not exist"): "" if `path`
// is a writable directory or could be made as one.
std::string DirectoryWriteProblem(const std::string& path);

}  // namespace base

#endif  // ASYNCHAT_BASE_FILE_WRITER_H_
