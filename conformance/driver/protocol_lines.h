// The lines of the driver protocol (conformance/PROTOCOL.md, versions 1 and 2), both
// directions, written and parsed in one place so the suite (process_adapter)
// and the C++ adapter side (driver_server) cannot drift apart. Records ('>'
// inputs, '<' outputs) and channel declarations are the trace format's own
// (traces/trace_format.h); this adds the handshake, case, end, quit and the
// answers ok, unsupported, fatal and hello.
//
// Parsers throw traces::TraceError "FILE:LINE: problem: line" for a line that
// is not in the protocol.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_PROTOCOL_LINES_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_PROTOCOL_LINES_H_

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "conformance/driver/adapter.h"
#include "traces/trace.h"

namespace conformance {

// The suite offers the newest version; an adapter answers the newest it
// speaks that is not newer, and the suite uses any from the oldest on.
constexpr int kDriverProtocolVersion = 2;
constexpr int kOldestDriverProtocolVersion = 1;

// Requests (suite -> adapter).
std::string HandshakeLine();                             // asynchat-driver 2
std::string CaseLine(const std::string& case_id);        // case "<id>"
std::string ChannelLine(const traces::ChannelConfig& c);  // channel c in_buffer=4 ...
inline constexpr std::string_view kEndLine = "end";
inline constexpr std::string_view kQuitLine = "quit";

// A capability of the session, not of scenarios (PROTOCOL.md "Pipelining"):
// the adapter reads requests as a stream, so the suite may send several
// cases' lines before reading their answers.
inline constexpr std::string_view kPipeliningCapability = "pipelining";

struct Request {
  enum class Kind { kHandshake, kCase, kChannel, kInput, kEnd, kQuit };
  Kind kind = Kind::kEnd;
  int version = 0;                // kHandshake: the suite's protocol version
  std::string case_id;            // kCase
  traces::ChannelConfig channel;  // kChannel
  traces::Record input;           // kInput
};
Request ParseRequest(std::string_view text, const std::string& file, int line);

// Answers (adapter -> suite).
inline constexpr std::string_view kOkLine = "ok";
std::string UnsupportedLine(std::string_view reason);  // unsupported "<reason>"
std::string FatalLine(std::string_view reason);        // fatal "<reason>"
// hello V "<implementation>" <capability>... [in_buffer=N] [out_buffer=N]
std::string HelloLine(int version, const std::string& implementation, const std::set<std::string>& capabilities,
                      std::optional<std::size_t> in_buffer = std::nullopt,
                      std::optional<std::size_t> out_buffer = std::nullopt);

struct Answer {
  enum class Kind { kOk, kUnsupported, kFatal, kHello, kOutput };
  Kind kind = Kind::kOk;
  std::string reason;      // kUnsupported, kFatal
  // kHello; for another version only protocol_version is read (the rest may
  // differ). `in_buffer=N` / `out_buffer=N` (N >= 1) fill the declared
  // sizes; any other word is a capability, kept even when unknown, so an
  // adapter newer than the suite still runs what both know.
  AdapterInfo hello;
  traces::Record output;   // kOutput
};
Answer ParseAnswer(std::string_view text, const std::string& file, int line);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_PROTOCOL_LINES_H_
