// Loopback plumbing for the asyncore tests: the three socket families the
// tests run over, a short-lived directory for Unix socket paths, and small
// blocking helpers that set up connections outside the loop under test.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_TESTING_LOOPBACK_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_TESTING_LOOPBACK_H_

#include <string>
#include <utility>

#include "reference/asyncore/socket_address.h"

namespace asyncore::testkit {

enum class Family { kIPv4, kIPv6, kUnix };

const char* FamilyName(Family family);
int AddressFamily(Family family);  // AF_INET, AF_INET6 or AF_UNIX

// Some containers have no IPv6 at all; the tests skip rather than fail there.
bool Ipv6LoopbackAvailable();

// A fresh directory, removed with its contents on destruction. Kept short
// (under TEST_TMPDIR when that fits, else /tmp) because sun_path holds only
// 107 bytes and Bazel's TEST_TMPDIR can be longer than that.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // A path in the directory that nothing uses yet.
  std::string NewPath(const std::string& stem);

 private:
  std::string path_;
  int next_ = 0;
};

// Where a test server listens: port 0 on 127.0.0.1 / ::1 (the kernel picks
// a free port), or a new path in dir.
SocketAddress ListenAddress(Family family, TempDir& dir);

// getsockname(fd): the address actually bound, with the real port.
SocketAddress LocalAddress(int fd);

// An owned descriptor, closed on destruction unless released.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;

  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

// Two ends of an established stream connection over family, made with
// blocking calls so that no part of it depends on the code under test.
std::pair<UniqueFd, UniqueFd> ConnectedPair(Family family, TempDir& dir);

int GetIntSockOpt(int fd, int level, int option);

// SO_LINGER {on, 0}: a later close() resets the connection (TCP RST)
// instead of shutting it down in order.
void SetLingerReset(int fd);

// Bytes waiting in fd's receive queue (FIONREAD).
int BytesAvailable(int fd);

// Writes all of data with blocking-style retries; throws on error.
void WriteAll(int fd, const std::string& data);

}  // namespace asyncore::testkit

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_TESTING_LOOPBACK_H_
