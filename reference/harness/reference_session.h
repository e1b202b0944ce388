// ReferenceSession: the C++ reference run incrementally, one input at a time,
// as the driver protocol needs (an adapter answers each input before it sees
// the next). Each channel is a real asynchat::AsyncChat over an
// asyncore::ScriptedTransport, or for an app= channel the documented asyncore
// application (asyncore_apps.h) over one, driven through the same event
// dispatch as the select loop; ReplayOnReference (reference_replay.h) is this
// session fed a whole trace.
//
// Feed() returns exactly the outputs the input caused, in order: every
// observable of the newest trace format, an async_chat's recv and
// handle_close records included (traces::ObservableAt leaves out what an
// older trace does not record). Events sent to a channel that has closed are
// dropped, as a loop would drop them, and so is a poll. `on connect` and `on
// handle_close` reactions run inside the chat's handle_connect / handle_close
// overrides (the latter then calls async_chat's handle_close unless
// keep_open is among them); what escapes the loop's handle_error call is
// reported as `raise <Kind>`.
// Destroying the session discards channels still open without reporting their
// close (that is not a close the trace saw).
//
// Inputs must be valid records (as ParseTrace / ParseRecordLine return them).
// A scenario no implementation could be given throws TraceError naming
// FILE:LINE (the session's `file` and the record's line): an input for an
// undeclared channel, a channel declared twice, a read larger than the
// channel's in_buffer (an app channel's recv(8192)), a producer used before
// it is declared, push_typed str, int or none (C++ has no such object push()
// could be handed), a record an app channel cannot take (channel_apps.h), an
// output record, or `on handle_close` reactions that re-enter handle_close
// without end (more than 64 levels deep).
#ifndef ASYNCHAT_REFERENCE_HARNESS_REFERENCE_SESSION_H_
#define ASYNCHAT_REFERENCE_HARNESS_REFERENCE_SESSION_H_

#include <memory>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace harness {

class ReferenceSession {
 public:
  // `file` names the scenario in error messages.
  explicit ReferenceSession(std::string file = "<session>");
  ~ReferenceSession();
  ReferenceSession(const ReferenceSession&) = delete;
  ReferenceSession& operator=(const ReferenceSession&) = delete;

  // Creates the channel (connecting it first if `connected` is false).
  // Creating a channel causes no output.
  void AddChannel(const traces::ChannelConfig& config);

  // Performs one '>' input and returns the '<' outputs it caused.
  std::vector<traces::Record> Feed(const traces::Record& input);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Why the reference cannot be given this scenario, or "" if it can: a
// push_typed str, int or none input (C++ push() takes bytes only, so the
// TypeError such a push raises in Python is a compile-time error in C++,
// with nothing to run).
// Callers report such a scenario as unsupported, never as a pass.
std::string ReferenceCannotReplay(const traces::Trace& scenario);

// The exception being handled, as an output kind: ValueError,
// NotImplementedError, AttributeError (input before any set_terminator),
// OSError:ECONNRESET, BlockingIOError, or the C++ type.
// Rethrows a TraceError (a broken trace is not the implementation's error).
std::string CurrentExceptionKind();

}  // namespace harness

#endif  // ASYNCHAT_REFERENCE_HARNESS_REFERENCE_SESSION_H_
