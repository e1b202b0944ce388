// SocketAddress: an IPv4, IPv6 or Unix-domain stream address, the C++ form of
// the (host, port) tuples and path strings asyncore passes to bind/connect.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_SOCKET_ADDRESS_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_SOCKET_ADDRESS_H_

#include <sys/socket.h>

#include <cstdint>
#include <string>

namespace asyncore {

class SocketAddress {
 public:
  SocketAddress() = default;
  // Numeric host ("127.0.0.1", "::1"); throws std::invalid_argument naming
  // the host if it is neither an IPv4 nor an IPv6 literal.
  static SocketAddress Inet(const std::string& host, std::uint16_t port);
  // Throws std::invalid_argument if the path does not fit sun_path.
  static SocketAddress Unix(const std::string& path);
  static SocketAddress FromSockaddr(const sockaddr* sa, socklen_t len);

  int family() const { return storage_.ss_family; }
  const sockaddr* sockaddr_ptr() const { return reinterpret_cast<const sockaddr*>(&storage_); }
  socklen_t length() const { return length_; }
  bool empty() const { return length_ == 0; }

  std::string host() const;     // "" for Unix addresses
  std::uint16_t port() const;   // 0 for Unix addresses
  std::string path() const;     // "" for Inet addresses
  // "127.0.0.1:8080", "[::1]:8080", "unix:/tmp/s", or "(none)".
  std::string ToString() const;

 private:
  sockaddr_storage storage_{};
  socklen_t length_ = 0;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_SOCKET_ADDRESS_H_
