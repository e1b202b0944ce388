#include "reference/harness/reference_replay.h"

#include "traces/observables.h"

namespace harness {

std::vector<traces::Record> ReplayOnReference(const traces::Trace& trace) {
  ReferenceSession session(trace.file);
  // Every channel exists before the first input, wherever the trace declares it.
  for (const traces::ChannelConfig& c : trace.channels) session.AddChannel(c);
  std::vector<traces::Record> out;
  for (const traces::Record& r : trace.records) {
    if (r.direction != traces::Record::Direction::kInput) continue;
    out.push_back(r);
    std::vector<traces::Record> caused = session.Feed(r);
    out.insert(out.end(), std::make_move_iterator(caused.begin()), std::make_move_iterator(caused.end()));
  }
  // The session reports every observable; a version-1 trace records fewer.
  return traces::ObservableAt(out, trace.version, trace);
}

}  // namespace harness
