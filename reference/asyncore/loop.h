// loop(): asyncore's polling loop ([py2-asyncore-ja], loop([timeout[, use_poll[, map[, count]]]])).
//
// Runs passes until the map is empty or `count` passes are done. Each pass
// asks every channel readable()/writable() (listening channels are never
// polled for writing), waits up to `timeout` seconds, then dispatches:
//  - select backend (the default): read events, then write events, then
//    exceptional conditions, each through the channel's handler, with any
//    exception routed to handle_error();
//  - poll and epoll backends: per channel, readable -> read event, writable ->
//    write event, priority data -> expt event, hang-up/error/invalid ->
//    handle_close(); a disconnect errno closes, any other error reaches
//    handle_error().
// A channel closed during the pass receives no further calls in it, even if
// its descriptor is reused by a new channel in the same pass. ExitNow leaves
// the loop at once. Map-owned channels that closed are destroyed after each
// pass. epoll is this project's addition; it keeps registrations between
// passes and re-registers only what changed.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_LOOP_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_LOOP_H_

#include <optional>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/poller.h"
#include "reference/asyncore/socket_map.h"

namespace asyncore {

struct LoopOptions {
  // Seconds per pass; negative waits without limit. NaN is refused
  // (std::invalid_argument; CPython's select raises ValueError); a wait
  // longer than about 31 years (kLongestWait) is cut to that.
  double timeout = 30.0;
  Backend backend = Backend::kSelect;
  SocketMap* map = nullptr;  // null: SocketMap::Default()
  std::optional<long> count;  // passes; nullopt: until the map is empty
};

void loop(const LoopOptions& options);
// The documented signature: use_poll picks poll over select.
void loop(double timeout = 30.0, bool use_poll = false, SocketMap* map = nullptr,
          std::optional<long> count = std::nullopt);

// One pass with the given backend (asyncore.poll / poll2). Throws
// std::invalid_argument for a NaN timeout.
void poll_once(SocketMap& map, double timeout, Backend backend);

// Closes every channel in the map and empties it. Errors from close() other
// than EBADF propagate unless ignore_all.
void close_all(SocketMap* map = nullptr, bool ignore_all = false);

// Parses "select", "poll" or "epoll"; throws std::invalid_argument naming the value.
Backend ParseBackend(const std::string& name);
const char* BackendName(Backend backend);

// Event dispatch shared by the pollers, in asyncore's terms. `flags` are
// poll(2) bits (POLLIN, POLLOUT, POLLPRI, POLLHUP, POLLERR, POLLNVAL).
void readwrite(Dispatcher& obj, int flags);
void dispatch_read(Dispatcher& obj);
void dispatch_write(Dispatcher& obj);
void dispatch_expt(Dispatcher& obj);

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_LOOP_H_
