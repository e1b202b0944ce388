#include "reference/examples/example_util.h"

#include <sys/socket.h>

#include <cerrno>
#include <system_error>

namespace examples {

LogSink StreamSink(std::ostream& out) {
  return [&out](const std::string& line) { out << line << '\n' << std::flush; };
}

LogSink VectorSink(std::vector<std::string>* lines) {
  return [lines](const std::string& line) { lines->push_back(line); };
}

asyncore::SocketAddress LocalAddress(const asyncore::Dispatcher& dispatcher) {
  sockaddr_storage ss{};
  socklen_t len = sizeof(ss);
  if (dispatcher.fileno() < 0 || getsockname(dispatcher.fileno(), reinterpret_cast<sockaddr*>(&ss), &len) < 0) {
    int err = dispatcher.fileno() < 0 ? EBADF : errno;
    throw std::system_error(err, std::generic_category(), "getsockname");
  }
  return asyncore::SocketAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&ss), len);
}

std::string PyAddressRepr(const asyncore::SocketAddress& address) {
  switch (address.family()) {
    case AF_INET:
      return "('" + address.host() + "', " + std::to_string(address.port()) + ")";
    case AF_INET6:
      return "('" + address.host() + "', " + std::to_string(address.port()) + ", 0, 0)";
    case AF_UNIX:
      return "'" + address.path() + "'";
    default:
      return "None";
  }
}

bool RunUntil(asyncore::SocketMap& map, asyncore::Backend backend, const std::function<bool()>& done, int max_passes,
              double timeout) {
  for (int pass = 0; pass < max_passes && !done() && !map.empty(); ++pass) {
    asyncore::loop(asyncore::LoopOptions{timeout, backend, &map, 1});
  }
  return done();
}

}  // namespace examples
