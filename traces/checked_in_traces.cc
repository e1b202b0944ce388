#include "traces/checked_in_traces.h"

#include <algorithm>
#include <filesystem>

#include "traces/reference_session.h"
#include "traces/trace_format.h"

namespace traces {

std::vector<Trace> CheckedInTraces(const std::function<bool(const Trace&)>& keep) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator("traces")) {
    if (entry.path().extension() == ".trace") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  std::vector<Trace> out;
  for (const std::string& f : files) {
    Trace t = ReadTraceFile(f);
    if (!keep || keep(t)) out.push_back(std::move(t));
  }
  return out;
}

std::vector<Trace> TracesTheReferenceCanReplay() {
  return CheckedInTraces([](const Trace& t) { return ReferenceCannotReplay(t).empty(); });
}

}  // namespace traces
