#include "reference/asyncore/transport.h"

#include <cerrno>

#include "reference/asyncore/os_error.h"

namespace asyncore {

int Transport::connect_ex(const SocketAddress&) { ThrowOsError(ENOTSOCK, "connect"); }
void Transport::bind(const SocketAddress&) { ThrowOsError(ENOTSOCK, "bind"); }
void Transport::listen(int) { ThrowOsError(ENOTSOCK, "listen"); }
std::optional<AcceptedConnection> Transport::accept() { ThrowOsError(ENOTSOCK, "accept"); }
SocketAddress Transport::peer_address() const { ThrowOsError(ENOTSOCK, "getpeername"); }
void Transport::set_reuse_addr() { ThrowOsError(ENOTSOCK, "setsockopt(SO_REUSEADDR)"); }

}  // namespace asyncore
