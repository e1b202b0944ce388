// The adapter side of the driver protocol (conformance/PROTOCOL.md) for
// implementations in C++: reads request lines from `in`, runs them on a
// ServedImplementation and answers on `out`, flushing after each answer.
//
//   - the handshake is answered with the newest protocol version both sides
//     speak, the capabilities of that version and the declared buffer sizes;
//   - a line that is not a request, or one out of order (anything before the
//     handshake, a channel or input outside a case, a channel declared twice,
//     an input for an undeclared channel), and a traces::TraceError from the
//     session (a scenario no implementation could be given) are answered
//     `fatal "<what is wrong>"`; serving goes on (the suite restarts the
//     adapter anyway, and a test can send several bad lines);
//   - a channel or input needing a capability the implementation does not
//     declare is answered `unsupported "<reason>"` without running it;
//   - `quit` is answered `ok` (every request gets an answer) and ends serving,
//     as does the end of `in`.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_DRIVER_SERVER_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_DRIVER_SERVER_H_

#include <istream>
#include <ostream>

#include "conformance/driver/driver_session.h"

namespace conformance {

// Serves until quit or the end of `in`; returns the exit status for the
// adapter process (0).
int ServeDriverProtocol(std::istream& in, std::ostream& out, const ServedImplementation& impl);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_DRIVER_SERVER_H_
