// Reading and writing traces (traces/FORMAT.md, version 1).
//
// ParseTrace validates every line against the vocabulary (verbs, argument
// kinds and counts, channel declared before use, errno names, terminator
// syntax, app= channels and the records they take: channel_apps.h) and
// throws TraceError "FILE:LINE: problem: line" at the first malformed one.
// FormatTrace writes the canonical text; parsing it again gives an equal
// trace (the round trip the fuzzers check).
#ifndef ASYNCHAT_TRACES_TRACE_FORMAT_H_
#define ASYNCHAT_TRACES_TRACE_FORMAT_H_

#include <string>
#include <string_view>
#include <vector>

#include "traces/trace.h"

namespace traces {

Trace ParseTrace(std::string_view text, const std::string& file = "<trace>");
// Reads and parses a file; TraceError names the file if it cannot be read.
Trace ReadTraceFile(const std::string& path);

std::string FormatRecord(const Record& record);
std::string FormatTrace(const Trace& trace);

// Parses one record line ("> c verb args" or "< c verb args"), validated as
// in a trace; `line` is used in messages.
Record ParseRecordLine(std::string_view text, const std::string& file, int line);

// One channel declaration ("channel c in_buffer=4 ..."), as in a trace, and
// its canonical text (no newline).
ChannelConfig ParseChannelLine(std::string_view text, const std::string& file, int line);
std::string FormatChannelLine(const ChannelConfig& channel);

// The one tokenizer of trace and driver-protocol lines: words and "quoted
// strings" separated by spaces (a terminator str:"..." is the word "str:"
// then its bytes). Throws std::invalid_argument naming the problem and its
// column. Callers that know the file and line add them.
std::vector<Arg> TokenizeLine(std::string_view line);

// "\"" + EscapeBytes(bytes) + "\"": a byte string as a line writes it.
std::string QuoteBytes(std::string_view bytes);

}  // namespace traces

#endif  // ASYNCHAT_TRACES_TRACE_FORMAT_H_
