// LiveRecorder: records a live run of AsyncChat channels (real sockets, the
// real dispatcher and select loop) as a trace (FORMAT.md) whose inputs, fed to
// ReplayOnReference, give back exactly the outputs seen live.
//
// What it listens to: each channel's transport, wrapped in an
// asyncore::RecordingTransport (recv results, sends, close, and take_error,
// which marks a connecting channel's first event), and the channel itself as
// its asynchat::ChatObserver (events, collect/found_terminator, handle_error,
// the application's calls, and each producer's more() through a wrapper).
//
// How a run becomes records:
//  - a read event is `> c read ...` with exactly what recv returned (bytes,
//    eof, wouldblock or error ERRNO); a write event is `> c write`;
//  - application calls outside any event are inputs where they happen;
//    calls inside the N-th found_terminator are reactions
//    `> c on found_terminator N ...`; calls inside handle_connect (the
//    channel is not connected yet, so they cause no output) are inputs just
//    before the event that connected it;
//  - every producer (`> c producer p ...`, with the chunks its more()
//    returned) and every reaction is declared before the first event, since
//    replay registers them up front; then the inputs in time order, each
//    followed by the outputs it caused;
//  - a send that accepted less than offered or failed becomes `send_budget N`
//    / `send_error ERRNO` inputs before its event (with budgets for the
//    event's earlier sends, which budgets are consumed in order);
//  - close() that follows the library's own handle_close (EOF, a disconnect
//    errno, close_when_done's sentinel, handle_error) is not an input.
// What format 1 cannot say is a problem, and Finish() fails naming it: an
// application call inside another callback (collect_incoming_data,
// handle_close, ...) or on a channel other than the one whose event is
// running, a connect that failed or completed at once, an expt event, I/O on
// a transport before its channel was attached, a producer whose more() threw.
//
// Channels: Attach() one you create (before its first event); AttachNew()
// finds the AsyncChats a server created on accepted RecordingTransports
// (their constructor's set_terminator is recorded from their state). Only
// AsyncChats are recorded: a listening dispatcher is not a trace channel.
// The recorder must outlive the channels and transports it records (declare
// it first); after Finish() it records nothing more.
#ifndef ASYNCHAT_REFERENCE_HARNESS_LIVE_RECORDER_H_
#define ASYNCHAT_REFERENCE_HARNESS_LIVE_RECORDER_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/recording_transport.h"
#include "reference/asyncore/socket_map.h"
#include "traces/trace.h"
#include "traces/trace_compare.h"

namespace harness {

// A run that cannot be expressed as a trace, or a recording that fails its
// self-check; what() says why.
class RecordingError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct TraceHeader {
  std::string description;
  std::string origin = "recording loopback";
  std::vector<std::string> notes;
};

class LiveRecorder {
 public:
  LiveRecorder();
  ~LiveRecorder();
  LiveRecorder(const LiveRecorder&) = delete;
  LiveRecorder& operator=(const LiveRecorder&) = delete;

  // A transport that reports to this recorder; connections it accepts are
  // wrapped likewise. Its calls are recorded once its channel is attached.
  std::unique_ptr<asyncore::RecordingTransport> Wrap(std::unique_ptr<asyncore::Transport> inner);

  // Records `chat` as channel `id` from now on: its buffer sizes and whether
  // it is connected become the channel's declaration, a terminator already set
  // its first input. `transport` (from Wrap) is the socket it uses or will be
  // given. Throws std::invalid_argument if the chat has an observer already.
  void Attach(asynchat::AsyncChat& chat, std::string id, asyncore::RecordingTransport& transport);

  // Ids for channels found by AttachNew, in order; after them "ch2", "ch3"...
  void set_discovered_ids(std::vector<std::string> ids);
  // Attaches every AsyncChat in `map` whose socket is a RecordingTransport and
  // which has no observer yet (a handler a server just accepted).
  void AttachNew(asyncore::SocketMap& map);
  // Ends the input in progress: what happens next belongs to a new input.
  // The recorder cannot see where an event's effects end (handle_error and
  // handle_close may follow its handler), so it is told: RunPass calls this
  // after each pass; a caller dispatching events by hand calls it before
  // making application calls of its own between events.
  void EndPass();
  // AttachNew, one select pass of asyncore's loop, EndPass.
  void RunPass(asyncore::SocketMap& map, double timeout);

  // The trace as recorded, unchecked (for tests of the check itself).
  traces::Trace Build(const TraceHeader& header) const;
  // Stops recording and returns the trace, after checking that it can be
  // expressed (no problems) and that replaying its inputs with
  // ReplayOnReference gives exactly the recorded outputs (strict). Throws
  // RecordingError otherwise.
  traces::Trace Finish(const TraceHeader& header);

  // What could not be expressed so far, one sentence each.
  const std::vector<std::string>& problems() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The trace's text is parsed back and its inputs replayed on the reference;
// the first difference from its recorded outputs (strict), or nullopt.
std::optional<traces::Mismatch> CheckReplay(const traces::Trace& trace);

}  // namespace harness

#endif  // ASYNCHAT_REFERENCE_HARNESS_LIVE_RECORDER_H_
