// EchoConnection: one client connection of the load generator, speaking the
// documented echo protocol with one message in flight: Start() sends
// "ECHO <len>\n" and <len> payload bytes (as far as the socket takes them;
// OnWritable() sends the rest), OnReadable() reads the echo and checks every
// byte against the payload sent. It owns its non-blocking socket and knows
// nothing of epoll: the caller asks wants_write() and routes events.
//
// Anything other than an exact echo is an error, with a message saying
// which connection, which message and which byte: a differing byte, bytes
// arriving while no message is outstanding, the server closing the
// connection, or a socket error. After an error the connection is closed
// and every call returns kError.
#ifndef ASYNCHAT_TOOLS_LOADGEN_ECHO_CONNECTION_H_
#define ASYNCHAT_TOOLS_LOADGEN_ECHO_CONNECTION_H_

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "tools/loadgen/message_size.h"
#include "tools/loadgen/payload_pattern.h"

namespace loadgen {

class EchoConnection {
 public:
  enum class Status { kOk, kCompleted, kError };

  EchoConnection(std::uint32_t id, const PayloadPattern& pattern, MessageSize size, std::uint64_t seed);
  ~EchoConnection();
  EchoConnection(EchoConnection&& other) noexcept;
  EchoConnection(const EchoConnection&) = delete;
  EchoConnection& operator=(const EchoConnection&) = delete;
  EchoConnection& operator=(EchoConnection&&) = delete;

  // Creates a non-blocking socket and starts connecting. kOk: connected or
  // in progress (connected() tells which); kError otherwise.
  Status Connect(const sockaddr* address, socklen_t length);
  // For a connect in progress that became writable: kOk once connected.
  Status FinishConnect();
  // Starts the next message at `now_ns` (a message must not be outstanding).
  Status Start(std::uint64_t now_ns);
  Status OnWritable();
  // Reads once (at most what the message still lacks, and at most
  // scratch_size bytes); kCompleted when the whole echo is in and correct.
  // Also the handler of hang-ups and socket errors: the read reports them.
  Status OnReadable(char* scratch, std::size_t scratch_size);
  void Close();

  int fd() const { return fd_; }
  std::uint32_t id() const { return id_; }
  bool connected() const { return connected_; }
  bool busy() const { return busy_; }
  bool wants_write() const { return busy_ && sent_ < header_len_ + size_; }
  std::size_t size() const { return size_; }
  std::uint64_t started_ns() const { return started_ns_; }
  std::uint64_t messages() const { return seq_; }  // messages started so far
  const std::string& error() const { return error_; }

 private:
  Status Fail(std::string why);
  Status Send();

  std::uint32_t id_;
  const PayloadPattern* pattern_;
  MessageSize sizes_;
  std::uint64_t rng_;
  int fd_ = -1;
  bool connected_ = false;
  bool busy_ = false;
  std::uint64_t seq_ = 0;
  std::size_t size_ = 0;
  std::size_t offset_ = 0;  // of the payload in the pattern
  char header_[32];
  std::size_t header_len_ = 0;
  std::size_t sent_ = 0;      // header + payload bytes sent
  std::size_t received_ = 0;  // payload bytes echoed
  std::uint64_t started_ns_ = 0;
  std::string error_;
};

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_ECHO_CONNECTION_H_
