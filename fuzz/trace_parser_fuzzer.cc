// Fuzz target: the trace parser and writer (traces/trace_format.h).
//
// ParseTrace on arbitrary text must either throw TraceError with a message
// "<file>:<line>: ..." naming a line that exists, or return a trace; no other
// exception, crash, leak or undefined behaviour. A trace it returns is
// printed with FormatTrace and parsed again: the second parse must succeed
// and give an equal trace (header, channels, records; source lines aside), and
// printing that must give the same text again (the writer is canonical).
//
// Rejected early: inputs over 64 KiB (the parser is line by line; longer
// texts only repeat what shorter ones reach).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "traces/trace.h"
#include "traces/trace_format.h"

namespace {

[[noreturn]] void Fail(const std::string& what, std::string_view input) {
  std::fprintf(stderr, "trace parser: %s\n--- input ---\n%.*s\n--- end ---\n", what.c_str(),
               static_cast<int>(input.size()), input.data());
  std::abort();
}

bool SameChannel(const traces::ChannelConfig& a, const traces::ChannelConfig& b) {
  return a.id == b.id && a.in_buffer == b.in_buffer && a.out_buffer == b.out_buffer && a.connected == b.connected &&
         a.send_cap == b.send_cap && a.app == b.app;
}

std::string Difference(const traces::Trace& a, const traces::Trace& b) {
  if (a.description != b.description) return "description";
  if (a.origin != b.origin) return "origin \"" + a.origin + "\" became \"" + b.origin + "\"";
  if (a.profile != b.profile) return "profile";
  if (a.notes != b.notes) return "notes";
  if (a.channels.size() != b.channels.size()) return "number of channels";
  for (std::size_t i = 0; i < a.channels.size(); ++i) {
    if (!SameChannel(a.channels[i], b.channels[i])) return "channel " + a.channels[i].id;
  }
  if (a.records.size() != b.records.size()) return "number of records";
  for (std::size_t i = 0; i < a.records.size(); ++i) {
    if (!a.records[i].SameAs(b.records[i])) {
      return "record " + std::to_string(i) + ": " + traces::FormatRecord(a.records[i]) + " became " +
             traces::FormatRecord(b.records[i]);
    }
  }
  return "";
}

// A TraceError's message names the file and a line of the input.
void CheckErrorMessage(const std::string& what, std::string_view input) {
  const std::string prefix = "<fuzz>:";
  if (what.rfind(prefix, 0) != 0) Fail("TraceError does not start with the file name: " + what, input);
  std::size_t i = prefix.size();
  std::size_t line = 0;
  while (i < what.size() && what[i] >= '0' && what[i] <= '9') line = line * 10 + static_cast<std::size_t>(what[i++] - '0');
  if (i == prefix.size() || i >= what.size() || what[i] != ':') Fail("TraceError does not name a line: " + what, input);
  std::size_t lines = 1;
  for (char c : input) lines += c == '\n';
  if (line < 1 || line > lines) Fail("TraceError names line " + std::to_string(line) + " of " + std::to_string(lines), input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 64 * 1024) return -1;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  traces::Trace first;
  try {
    first = traces::ParseTrace(input, "<fuzz>");
  } catch (const traces::TraceError& e) {
    CheckErrorMessage(e.what(), input);
    return 0;
  }
  const std::string text = traces::FormatTrace(first);
  traces::Trace second;
  try {
    second = traces::ParseTrace(text, "<formatted>");
  } catch (const traces::TraceError& e) {
    Fail(std::string("FormatTrace wrote text ParseTrace refuses: ") + e.what() + "\n--- formatted ---\n" + text, input);
  }
  const std::string diff = Difference(first, second);
  if (!diff.empty()) Fail("parse -> format -> parse changed the " + diff + "\n--- formatted ---\n" + text, input);
  if (traces::FormatTrace(second) != text) Fail("FormatTrace is not canonical:\n" + text, input);
  return 0;
}
