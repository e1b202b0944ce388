// Building scenarios (traces::Trace inputs) in memory: the records the
// property generators emit, spelled once so every property writes the same
// vocabulary as traces/FORMAT.md.
//
// Contract: every record made here is an input ('>') that ParseTrace would
// accept as written (FormatTrace of a scenario built from these parses back to
// an equal scenario); terminators are the three kinds set_terminator takes.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_SCENARIO_BUILDER_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_SCENARIO_BUILDER_H_

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace conformance::properties {

// The channel every single-channel property scenario uses.
inline constexpr char kChannel[] = "c";

// A terminator as set_terminator takes it.
struct TerminatorSpec {
  enum class Kind { kNone, kCount, kString };
  Kind kind = Kind::kNone;
  long long count = 0;  // kCount
  std::string text;     // kString

  static TerminatorSpec None() { return {}; }
  static TerminatorSpec Count(long long n) { return {Kind::kCount, n, {}}; }
  static TerminatorSpec String(std::string s) { return {Kind::kString, 0, std::move(s)}; }

  friend bool operator==(const TerminatorSpec&, const TerminatorSpec&) = default;
};

// As a trace writes it: none, int:N, str:"...". Also how RapidCheck shows it.
std::string ToString(const TerminatorSpec& t);
std::ostream& operator<<(std::ostream& os, const TerminatorSpec& t);

// set_terminator's arguments in memory (str: is a word followed by bytes).
std::vector<traces::Arg> TerminatorArgs(const TerminatorSpec& t);
// The inverse, for records read back from a trace; nullopt if malformed.
std::optional<TerminatorSpec> TerminatorFromArgs(const std::vector<traces::Arg>& args, std::size_t first = 0);

traces::Arg Word(std::string text);
traces::Arg Bytes(std::string data);

traces::Record Input(std::string verb, std::vector<traces::Arg> args = {}, const std::string& channel = kChannel);
traces::Record SetTerminatorInput(const TerminatorSpec& t, const std::string& channel = kChannel);
traces::Record ReadInput(std::string data, const std::string& channel = kChannel);
// `on found_terminator N <verb> <args>`.
traces::Record ReactionInput(std::size_t call, std::string verb, std::vector<traces::Arg> args = {},
                             const std::string& channel = kChannel);

// A scenario with one channel `c` (buffer sizes given when set).
traces::Trace SingleChannelScenario(std::optional<std::size_t> in_buffer, std::optional<std::size_t> out_buffer);

// True for a '> c read "bytes"' record.
bool IsByteRead(const traces::Record& r);
// True if no read comes before the first direct set_terminator (or there is
// no read): the application sets a terminator before reading, as every
// documented example does.
bool SetsTerminatorBeforeReading(const traces::Trace& t);

// Number of '> read "bytes"' records (the size a chunking shrink reduces).
int CountByteReads(const traces::Trace& t);

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_SCENARIO_BUILDER_H_
