#include "traces/reference_replay.h"

namespace traces {

std::vector<Record> ReplayOnReference(const Trace& trace) {
  ReferenceSession session(trace.file);
  // Every channel exists before the first input, wherever the trace declares it.
  for (const ChannelConfig& c : trace.channels) session.AddChannel(c);
  std::vector<Record> out;
  for (const Record& r : trace.records) {
    if (r.direction != Record::Direction::kInput) continue;
    out.push_back(r);
    std::vector<Record> caused = session.Feed(r);
    out.insert(out.end(), std::make_move_iterator(caused.begin()), std::make_move_iterator(caused.end()));
  }
  return out;
}

}  // namespace traces
