// Trace: the in-memory form of a trace file (traces/FORMAT.md, versions 1
// and 2).
//
// A trace is a header, channel declarations and an ordered list of records.
// Each record is an input ('>') given to a channel or an output ('<') it
// produced, as a verb and typed arguments (words and byte strings). Records
// keep their source line so every error and mismatch can name it.
#ifndef ASYNCHAT_TRACES_TRACE_H_
#define ASYNCHAT_TRACES_TRACE_H_

#include <cstddef>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace traces {

// The newest format this code reads and writes, and the oldest it still
// reads. A trace records exactly the observables of its own version
// (traces/observables.h): a version-1 trace has no handle_close, log or
// async_chat recv records, and replays as it always did.
constexpr int kFormatVersion = 2;
constexpr int kOldestFormatVersion = 1;

// A malformed trace: what() is "FILE:LINE: problem: line".
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Arg {
  enum class Kind { kWord, kBytes } kind;
  std::string text;  // a word, or the unescaped bytes
  friend bool operator==(const Arg&, const Arg&) = default;
};

struct Record {
  enum class Direction { kInput, kOutput } direction;
  std::string channel;
  std::string verb;
  std::vector<Arg> args;
  int line = 0;  // 1-based source line, 0 if made in memory

  // Equal ignoring the source line.
  bool SameAs(const Record& other) const {
    return direction == other.direction && channel == other.channel && verb == other.verb && args == other.args;
  }
};

struct ChannelConfig {
  std::string id;
  std::optional<std::size_t> in_buffer;
  std::optional<std::size_t> out_buffer;
  bool connected = true;
  std::optional<std::size_t> send_cap;  // sends accept at most this many bytes unless budgeted
  // "" for an async_chat channel; else the documented application it runs
  // (traces/channel_apps.h: asyncore_echo_handler, asyncore_http_client).
  std::string app;
  // Format 2. A listening dispatcher (`listener=accepted` or
  // `listener=accept`: the Python 3 style, where the application overrides
  // handle_accepted(sock, addr), or the Python 2 style, where its
  // handle_accept calls accept() itself); "" otherwise.
  std::string listener;
  // Format 2. The listener whose accept creates this async_chat channel
  // (`accepted_by=ID`); the channel takes no record before that accept.
  std::string accepted_by;
  // Format 2. "" (the default): the channel's log_info calls are not
  // reported. `log=default`: each log_info call that is not ignored is
  // reported as a `log` output, the channel keeping the implementation's own
  // ignore_log_types; `log=all`: the same, the application having emptied
  // ignore_log_types so that nothing is ignored (FORMAT.md "Logging").
  std::string log;
  int line = 0;
};

enum class Profile { kStrict, kSemantic };

struct Trace {
  std::string file;  // where it was read from, for messages
  // The format version: what the file says; in memory 1 unless a writer
  // asks for 2, so existing code keeps producing version-1 traces.
  int version = kOldestFormatVersion;
  std::string description;
  std::string origin;
  // The spec/SPEC.md clause ids it checks (`clauses` header line; the suite
  // checks that they exist), and that line's number.
  std::vector<std::string> clauses;
  int clauses_line = 0;
  Profile profile = Profile::kStrict;
  std::vector<std::string> notes;
  std::vector<ChannelConfig> channels;
  std::vector<Record> records;

  const ChannelConfig* FindChannel(const std::string& id) const;
};

}  // namespace traces

#endif  // ASYNCHAT_TRACES_TRACE_H_
