// Fuzz target: the driver-protocol record parser, traces::ParseRecordLine
// (traces/trace_format.h), which reads every '>' line a conformance adapter is
// sent and every '<' line it answers (conformance/PROTOCOL.md).
//
// On arbitrary text it must either throw TraceError naming the file and line
// given, or return a record; no other exception, crash, leak or undefined
// behaviour. A record it returns is printed with FormatRecord and parsed
// again: it must parse to the same record, and print to the same line (the
// writer is canonical).
//
// Rejected early: inputs over 16 KiB and inputs containing '\n' (a protocol
// line never does: the transport splits at newlines before this parser runs).
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
  std::fprintf(stderr, "record parser: %s\n--- input ---\n%.*s\n--- end ---\n", what.c_str(),
               static_cast<int>(input.size()), input.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return -1;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (input.find('\n') != std::string_view::npos) return -1;
  traces::Record first;
  try {
    first = traces::ParseRecordLine(input, "<driver>", 7);
  } catch (const traces::TraceError& e) {
    if (std::string(e.what()).rfind("<driver>:7: ", 0) != 0) Fail(std::string("TraceError without file:line: ") + e.what(), input);
    return 0;
  }
  if (first.line != 7) Fail("the record does not keep its line number", input);
  const std::string line = traces::FormatRecord(first);
  traces::Record second;
  try {
    second = traces::ParseRecordLine(line, "<formatted>", 1);
  } catch (const traces::TraceError& e) {
    Fail(std::string("FormatRecord wrote a line ParseRecordLine refuses: ") + e.what(), input);
  }
  if (!first.SameAs(second)) Fail("parse -> format -> parse changed the record: " + line + " / " + traces::FormatRecord(second), input);
  if (traces::FormatRecord(second) != line) Fail("FormatRecord is not canonical: " + line, input);
  return 0;
}
