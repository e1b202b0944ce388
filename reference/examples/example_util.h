// Small helpers shared by the examples: an injectable log sink, the local
// address of a listening dispatcher, Python-style address reprs, and a
// bounded loop driver.
#ifndef ASYNCHAT_REFERENCE_EXAMPLES_EXAMPLE_UTIL_H_
#define ASYNCHAT_REFERENCE_EXAMPLES_EXAMPLE_UTIL_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"

namespace examples {

// Receives one complete log line (without a trailing newline). An empty
// LogSink discards everything.
using LogSink = std::function<void(const std::string& line)>;

// Writes each line and '\n' to `out` and flushes (PyMOTW's logging handler).
LogSink StreamSink(std::ostream& out);
// Appends each line to *lines (for tests).
LogSink VectorSink(std::vector<std::string>* lines);

// getsockname() of the dispatcher's socket: the address actually bound, with
// the port the kernel picked for port 0. Throws std::system_error when the
// dispatcher has no real socket.
asyncore::SocketAddress LocalAddress(const asyncore::Dispatcher& dispatcher);

// Python's repr of a socket address: ('127.0.0.1', 59601) for IPv4,
// ('::1', 8080, 0, 0) for IPv6, 'path' for a Unix socket ('' when unnamed).
std::string PyAddressRepr(const asyncore::SocketAddress& address);

// Runs asyncore::loop passes with count=1 (each waiting at most `timeout`
// seconds) until done() is true, the map is empty, or `max_passes` passes
// have run. Returns done(). Never sleeps beyond the poll timeout.
bool RunUntil(asyncore::SocketMap& map, asyncore::Backend backend, const std::function<bool()>& done,
              int max_passes = 500, double timeout = 0.05);

}  // namespace examples

#endif  // ASYNCHAT_REFERENCE_EXAMPLES_EXAMPLE_UTIL_H_
