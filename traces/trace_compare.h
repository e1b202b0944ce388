// Comparing a trace's expected records with a transcript an implementation
// produced for the same inputs.
//
// strict: every record in order; the first difference is reported with the
// trace line it concerns, both versions and the records before it.
// semantic: per channel, the messages (collected bytes between
// found_terminator calls, plus the unterminated rest), the number of
// found_terminator calls, the concatenated accepted send bytes, and whether
// the channel closed.
#ifndef ASYNCHAT_TRACES_TRACE_COMPARE_H_
#define ASYNCHAT_TRACES_TRACE_COMPARE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace traces {

struct Mismatch {
  int line = 0;          // trace line of the first differing (or missing) expected record; 0 if past the end
  std::string message;   // human-readable, multi-line, names the line
};

std::optional<Mismatch> CompareTranscript(const Trace& expected, const std::vector<Record>& actual, Profile profile);

// What the semantic profile compares, for one channel.
struct ChannelMeaning {
  std::vector<std::string> messages{""};  // the last one is the unterminated rest
  std::size_t found = 0;                  // found_terminator calls
  std::string sent;                       // accepted send bytes, concatenated
  bool closed = false;
  int first_line = 0;  // line of the channel's first record (where a semantic mismatch points)

  bool operator==(const ChannelMeaning& o) const {
    return messages == o.messages && found == o.found && sent == o.sent && closed == o.closed;
  }
};

// Per channel id, in id order.
std::map<std::string, ChannelMeaning> MeaningOf(const std::vector<Record>& records);

}  // namespace traces

#endif  // ASYNCHAT_TRACES_TRACE_COMPARE_H_
