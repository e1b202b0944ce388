// The C++ adapter kit: turns a C++ async_chat-like implementation into an
// adapter speaking the driver protocol (conformance/PROTOCOL.md), so the
// conformance suite can judge it (`conformance --impl-cmd ./my_adapter`).
//
// Contract. The adapter writer supplies an Implementation:
//   - name: one line naming the implementation (sent in `hello`);
//   - features: what its channels can do; the kit declares exactly the
//     capabilities these give (plus reactions, recv_errors and send_control,
//     which the kit itself provides), so every case needing anything else is
//     reported unsupported, never run;
//   - make_channel: per `channel` line, a ChatUnderTest (chat_under_test.h)
//     wrapping one instance of the implementation, whose socket calls go to
//     the given ScriptedSocket (scripted_socket.h) and whose callbacks are
//     reported to the given Recorder (recorder.h); both outlive the channel;
//   - exception_kind (optional): names the exception being handled, as the
//     protocol does (ValueError, OSError:EPIPE); DefaultExceptionKind
//     (exception_kind.h) when empty.
// The kit does the rest: the handshake (protocol versions 1 and 2, the
// newest both sides speak; a version-1 session is given no version-2
// capability and no version-2 output), cases and channels, scripting reads
// and sends, producers (`more` records), reactions (run from inside the
// Recorder's found_terminator / connect / handle_close), `raise` for an
// exception escaping a call or an event, `fatal` for a broken line or a case
// no implementation could be given, `unsupported` for an undeclared feature.
//
// In a version-2 session every transcript has `recv` and `handle_close`
// records, and a channel declared `log=` has `log` records (traces/FORMAT.md
// "Version 2", "Logging"): the socket records `recv`; the implementation
// must call Recorder::handle_close() where asyncore would run handle_close
// and, with Features::logging, Recorder::log() where a log_info call is not
// ignored (the Recorder drops them on a channel without `log=`).
#ifndef ASYNCHAT_CONFORMANCE_ADAPTER_KIT_ADAPTER_KIT_H_
#define ASYNCHAT_CONFORMANCE_ADAPTER_KIT_ADAPTER_KIT_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "conformance/adapter_kit/chat_under_test.h"
#include "conformance/adapter_kit/exception_kind.h"
#include "conformance/adapter_kit/recorder.h"
#include "conformance/adapter_kit/scripted_socket.h"
#include "conformance/driver/driver_session.h"

namespace adapter_kit {

// What the implementation's channels can do (each true flag is the
// capability of the same name in PROTOCOL.md, `poll` is chat_poll).
struct Features {
  bool string_terminator = true;
  bool int_terminator = false;
  bool none_terminator = false;
  bool buffer_sizes = false;  // honours ChannelSetup::in_buffer/out_buffer
  bool producers = false;     // push_with_producer
  bool close_when_done = false;
  bool discard_buffers = false;
  bool connect = false;  // ChannelSetup::connected false; Recorder::connect()
  // Protocol 2.
  bool poll = false;  // readable() / writable()
  bool connect_reactions = false;  // calls Recorder::connect() from handle_connect
  bool close_reactions = false;    // calls Recorder::handle_close() and obeys it
  bool bytes_producer = false;     // push_bytes_with_producer
  bool push_objects = false;       // push_object
  bool logging = false;            // honours ChannelSetup::log; calls Recorder::log()
  // The implementation's buffer sizes when they differ from the documented
  // 4096 (with buffer_sizes: its defaults; without: its only sizes),
  // declared in the hello.
  std::optional<std::size_t> in_buffer;
  std::optional<std::size_t> out_buffer;
};

using ChannelFactory =
    std::function<std::unique_ptr<ChatUnderTest>(const ChannelSetup& setup, ScriptedSocket& socket, Recorder& recorder)>;

struct Implementation {
  std::string name;
  Features features;
  ChannelFactory make_channel;
  std::function<std::string()> exception_kind;
};

// The capabilities `features` declares.
std::set<std::string> CapabilitiesOf(const Features& features);

// The implementation as the driver protocol's server serves it (for running
// it in-process, e.g. in a test through conformance::ServeDriverProtocol).
conformance::ServedImplementation Serve(const Implementation& implementation);

// An adapter's whole main: serves the protocol on stdin/stdout until quit
// or end of input. `--help` prints what it serves and its capabilities;
// any other argument is refused (exit status 2).
int RunAdapter(int argc, char** argv, const Implementation& implementation);

}  // namespace adapter_kit

#endif  // ASYNCHAT_CONFORMANCE_ADAPTER_KIT_ADAPTER_KIT_H_
