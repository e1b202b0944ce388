// Comparing a trace's expected records with a transcript an implementation
// produced for the same inputs.
//
// strict: every record in order; the first difference is reported with the
// trace line it concerns, both versions and the records before it.
// semantic: per channel, the messages (collected bytes between
// found_terminator calls, plus the unterminated rest), the number of
// found_terminator calls, the concatenated accepted send bytes, the
// `error` and `raise` records (verb and kind, in order), and whether the
// channel closed.
//
// The rule of every profile, and of any looser comparison built on them:
// per channel, the transcripts have the same `error` and `raise` records,
// as many and in the same order of verbs. An exception that escaped an
// event or a call (`raise` the expected transcript lacks), a handle_error
// the expected transcript lacks (`error`), or an expected one of either that
// never happened is a mismatch whatever else agrees; nothing relaxes it.
// Where in the transcript it happened (which input) and its kind are the
// profile's business (strict compares both, semantic the kind).
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

// The every-profile rule above on its own: the first channel whose `error`
// and `raise` records differ in number or order of verbs. The line is that
// of the expected record that is missing or differs, or, for an extra one,
// the expected line of the input that caused it (0 if there is none).
std::optional<Mismatch> CompareFailureRecords(const Trace& expected, const std::vector<Record>& actual);

// What the semantic profile compares, for one channel.
struct ChannelMeaning {
  std::vector<std::string> messages{""};  // the last one is the unterminated rest
  std::size_t found = 0;                  // found_terminator calls
  std::string sent;                       // accepted send bytes, concatenated
  std::vector<std::string> failures;      // "error KIND" / "raise KIND", in order
  bool closed = false;
  int first_line = 0;  // line of the channel's first record (where a semantic mismatch points)

  bool operator==(const ChannelMeaning& o) const {
    return messages == o.messages && found == o.found && sent == o.sent && failures == o.failures &&
           closed == o.closed;
  }
};

// Per channel id, in id order.
std::map<std::string, ChannelMeaning> MeaningOf(const std::vector<Record>& records);

}  // namespace traces

#endif  // ASYNCHAT_TRACES_TRACE_COMPARE_H_
