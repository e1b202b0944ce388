#include "conformance/driver/driver_server.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "conformance/driver/capabilities.h"
#include "conformance/driver/protocol_lines.h"
#include "traces/observables.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

constexpr char kFile[] = "request";

// What goes wrong with a line: answered `fatal` (kFatal) or `unsupported`.
struct Refusal {
  bool fatal;
  std::string reason;
};

std::string MissingFor(const traces::Trace& one_line, const std::set<std::string>& have) {
  std::string missing = MissingCapabilities(one_line, have);
  return missing.empty() ? "" : "needs capability " + missing + ", which this adapter does not declare";
}

class Server {
 public:
  Server(std::ostream& out, const ServedImplementation& impl) : out_(out), impl_(impl) {}

  // Answers one request line; false once the session is over.
  bool Handle(const std::string& text, int line) {
    try {
      Request r = ParseRequest(text, kFile, line);
      if (!handshaken_ && r.kind != Request::Kind::kHandshake && r.kind != Request::Kind::kQuit) {
        throw Refusal{true, "expected the handshake '" + HandshakeLine() + "' first"};
      }
      switch (r.kind) {
        case Request::Kind::kHandshake: {
          // The newest version we speak that the suite speaks too
          // (PROTOCOL.md "Versions"); a version-1 suite gets version-1
          // capabilities and transcripts.
          handshaken_ = true;
          version_ = std::max(kOldestDriverProtocolVersion, std::min(r.version, kDriverProtocolVersion));
          std::set<std::string> capabilities;
          for (const std::string& c : impl_.capabilities) {
            if (CapabilityVersion(c) <= version_) capabilities.insert(c);
          }
          capabilities_ = capabilities;
          out_ << HelloLine(version_, impl_.name, capabilities, impl_.in_buffer, impl_.out_buffer) << '\n';
          break;
        }
        case Request::Kind::kCase:
          session_.reset();  // the old case's objects go before the new case's exist
          channels_.clear();
          session_ = impl_.start_case(r.case_id);
          out_ << kOkLine << '\n';
          break;
        case Request::Kind::kChannel:
          AddChannel(r.channel);
          break;
        case Request::Kind::kInput:
          Feed(r.input);
          break;
        case Request::Kind::kEnd:
          if (!session_) throw Refusal{true, "end outside a case"};
          session_.reset();
          channels_.clear();
          out_ << kOkLine << '\n';
          break;
        case Request::Kind::kQuit:
          out_ << kOkLine << '\n';
          out_.flush();
          return false;
      }
    } catch (const Refusal& refusal) {
      // Named like a TraceError, so every fatal answer says where it was.
      if (refusal.fatal) out_ << FatalLine(std::string(kFile) + ":" + std::to_string(line) + ": " + refusal.reason + ": " + text) << '\n';
      else out_ << UnsupportedLine(refusal.reason) << '\n';
    } catch (const traces::TraceError& e) {
      out_ << FatalLine(e.what()) << '\n';
    } catch (const std::exception& e) {
      // The implementation's own errors are outputs; anything escaping to
      // here is a bug of the adapter, which must not take the suite down.
      out_ << FatalLine(std::string("internal error: ") + e.what()) << '\n';
    }
    out_.flush();
    return true;
  }

 private:
  void AddChannel(const traces::ChannelConfig& c) {
    if (!session_) throw Refusal{true, "channel outside a case (send case first)"};
    if (channels_.count(c.id)) throw Refusal{true, "channel " + c.id + " declared twice"};
    traces::Trace one;
    one.channels = {c};
    if (std::string m = MissingFor(one, capabilities_); !m.empty()) throw Refusal{false, m};
    session_->AddChannel(c);
    channels_[c.id] = c;
    out_ << kOkLine << '\n';
  }

  void Feed(const traces::Record& input) {
    if (!session_) throw Refusal{true, "input outside a case (send case first)"};
    if (!channels_.count(input.channel)) throw Refusal{true, "channel " + input.channel + " used before it is declared"};
    traces::Trace one;
    for (const auto& [id, c] : channels_) one.channels.push_back(c);
    one.records = {input};
    if (std::string m = MissingFor(one, capabilities_); !m.empty()) throw Refusal{false, m};
    // Outputs are written only once the whole input ran, so a fatal error
    // never follows half an answer; a version-1 session is given only what
    // a version-1 transcript records.
    std::string answer;
    for (const traces::Record& r : traces::ObservableAt(session_->Feed(input), version_, one)) {
      answer += traces::FormatRecord(r) + '\n';
    }
    out_ << answer << kOkLine << '\n';
  }

  std::ostream& out_;
  const ServedImplementation& impl_;
  bool handshaken_ = false;
  int version_ = kDriverProtocolVersion;
  std::set<std::string> capabilities_;
  std::unique_ptr<DriverSession> session_;
  std::map<std::string, traces::ChannelConfig> channels_;
};

}  // namespace

int ServeDriverProtocol(std::istream& in, std::ostream& out, const ServedImplementation& impl) {
  Server server(out, impl);
  std::string text;
  for (int line = 1; std::getline(in, text); ++line) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (!server.Handle(text, line)) break;
  }
  return 0;
}

}  // namespace conformance
