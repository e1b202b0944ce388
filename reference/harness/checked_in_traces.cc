#include "reference/harness/checked_in_traces.h"

#include <algorithm>
#include <filesystem>

#include "reference/harness/reference_session.h"
#include "traces/trace_format.h"

namespace harness {

std::vector<traces::Trace> CheckedInTraces(const std::function<bool(const traces::Trace&)>& keep) {
  std::vector<std::string> files;
  for (const char* root : {"traces", "conformance/implementations"}) {
    if (!std::filesystem::is_directory(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.path().extension() == ".trace") files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  std::vector<traces::Trace> out;
  for (const std::string& f : files) {
    traces::Trace t = traces::ReadTraceFile(f);
    if (!keep || keep(t)) out.push_back(std::move(t));
  }
  return out;
}

std::vector<traces::Trace> TracesTheReferenceCanReplay() {
  return CheckedInTraces([](const traces::Trace& t) { return ReferenceCannotReplay(t).empty(); });
}

}  // namespace harness
