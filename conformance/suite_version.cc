#include "conformance/suite_version.h"

#include "conformance/driver/protocol_lines.h"
#include "traces/trace.h"

namespace conformance {

std::string VersionLine(const std::string& more) {
  return std::string(kSuiteName) + " " + kSuiteVersion + " (driver protocol " +
         std::to_string(kDriverProtocolVersion) + ", trace format " + std::to_string(traces::kFormatVersion) +
         (more.empty() ? "" : "; " + more) + ")";
}

}  // namespace conformance
