#include "tools/bench/report_output.h"

#include <cstdio>
#include <fstream>
#include <iostream>

#include "base/runfiles.h"

namespace bench {

bool EmitReport(const char* tool, const std::string& table, const nlohmann::json& json,
                const std::string& json_path) {
  std::cout << table << std::flush;
  if (json_path.empty()) return true;
  std::ofstream out(base::UserPath(json_path));
  out << json.dump(2) << "\n";
  if (!out) {
    std::fprintf(stderr, "%s: cannot write %s\n", tool, json_path.c_str());
    return false;
  }
  std::fprintf(stderr, "%s: wrote %s\n", tool, json_path.c_str());
  return true;
}

}  // namespace bench
