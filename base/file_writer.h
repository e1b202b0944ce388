// Writing a whole file or failing clearly: the one way the commands write a
// report, a trace or a counterexample. Missing parent directories are
// created; on any failure std::runtime_error names the path and the reason,
// and nothing is reported as written.
#ifndef ASYNCHAT_BASE_FILE_WRITER_H_
#define ASYNCHAT_BASE_FILE_WRITER_H_

#include <string>
#include <string_view>

namespace base {

void WriteFile(const std::string& path, std::string_view contents);

}  // namespace base

#endif  // ASYNCHAT_BASE_FILE_WRITER_H_
