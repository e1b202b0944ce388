// ReportOutput: how a benchmark tool ends. The table goes to stdout (text or
// markdown) and, when the user asked for it, the same results as JSON to a
// file given on the command line (resolved as bazel run's caller meant it).
#ifndef ASYNCHAT_TOOLS_BENCH_REPORT_OUTPUT_H_
#define ASYNCHAT_TOOLS_BENCH_REPORT_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace bench {

// Prints `table`, then writes `json` to json_path unless it is empty; says
// on stderr, prefixed with `tool`, what was written or that it could not be.
// False if the JSON could not be written.
bool EmitReport(const char* tool, const std::string& table, const nlohmann::json& json,
                const std::string& json_path);

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_REPORT_OUTPUT_H_
