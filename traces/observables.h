// Which records belong to which version of the trace format
// (traces/FORMAT.md "Version 2").
//
// A trace records exactly the observables of its own version. Version 2
// adds handle_close, log and accepted outputs, recv outputs of async_chat
// channels, and the inputs that script them (poll of an async_chat, `on
// connect`, `on handle_close`, listeners and `accept`, push of other
// objects, push_with_producer of a plain bytes object). An implementation
// that reports version-2 outputs is compared with a version-1 trace after
// ObservableAt(..., 1) leaves them out; a version-1 trace's records are
// never changed.
#ifndef ASYNCHAT_TRACES_OBSERVABLES_H_
#define ASYNCHAT_TRACES_OBSERVABLES_H_

#include <string>
#include <vector>

#include "traces/trace.h"

namespace traces {

// FORMAT.md "Logging": the message of the `log` record for the line the
// default handle_error logs. Its own text names the channel's repr (an
// address) and a compact traceback (file paths, line numbers), which no two
// implementations share; the record keeps what they do share: one log_info
// call of type error, made by handle_error before the channel closes.
inline constexpr char kHandleErrorLogMessage[] = "uncaptured exception";

// The oldest format version that has `r`, a record of a channel declared
// as `channel` (1 or 2).
int VersionNeeded(const Record& r, const ChannelConfig& channel);

// The oldest format version that has this channel declaration.
int VersionNeeded(const ChannelConfig& channel);

// `records` without the outputs a version-`version` trace does not record.
// Inputs are kept (a scenario's inputs are valid in its own version);
// records of channels `scenario` does not declare are kept too.
std::vector<Record> ObservableAt(const std::vector<Record>& records, int version, const Trace& scenario);
// The same, reusing `records` (a transcript a runner built and returns: no
// copy of every record when nothing is left out).
std::vector<Record> ObservableAt(std::vector<Record>&& records, int version, const Trace& scenario);

// The verbs and forms of version 2, for messages ("handle_close output").
std::string Version2Name(const Record& r, const ChannelConfig& channel);

}  // namespace traces

#endif  // ASYNCHAT_TRACES_OBSERVABLES_H_
