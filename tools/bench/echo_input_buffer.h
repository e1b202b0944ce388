// EchoInputBuffer: one connection's unparsed input for the documented echo
// protocol ("ECHO <len>\n" then <len> bytes, echoed back), shared by the
// library peers of the echo comparison (libuv_echo_server, asio_echo_server)
// so that each differs from the others only in how its library reads and
// writes, never in how it frames.
//
// Contract:
// - ReadSpace() is where the next read goes: at least one byte, at most
//   `read_size` bytes (or the rest of a message larger than that, so a long
//   message is collected in place). It may move or reallocate unreleased
//   bytes, so every payload Next() returned must be released first.
// - Commit(n) accepts n bytes read into ReadSpace().
// - Next() returns the next whole message's payload, which stays valid and
//   unmoved until Release(); kIncomplete when more input is needed; kBad when
//   the command is not "ECHO <digits>\n" within 64 bytes or asks for more than
//   1 MiB (the connection should be closed, as the floor does).
// - Release() gives back every payload returned so far.
#ifndef ASYNCHAT_TOOLS_BENCH_ECHO_INPUT_BUFFER_H_
#define ASYNCHAT_TOOLS_BENCH_ECHO_INPUT_BUFFER_H_

#include <cstddef>
#include <memory>

namespace bench {

class EchoInputBuffer {
 public:
  static constexpr std::size_t kMaxCommand = 64;
  static constexpr std::size_t kMaxMessage = std::size_t{1} << 20;

  enum class Result { kMessage, kIncomplete, kBad };

  struct Span {
    char* data;
    std::size_t size;
  };

  // read_size below kMaxCommand is raised to it (a command must fit).
  explicit EchoInputBuffer(std::size_t read_size);

  Span ReadSpace();
  void Commit(std::size_t n) { end_ += n; }
  Result Next(const char** payload, std::size_t* length);
  void Release();

 private:
  std::unique_ptr<char[]> data_;  // not zeroed: untouched pages stay free
  std::size_t size_ = 0;
  std::size_t read_size_ = 0;
  std::size_t released_ = 0;  // bytes before this may be reused
  std::size_t parsed_ = 0;    // bytes before this belong to returned messages
  std::size_t end_ = 0;       // bytes before this were read
  std::size_t needed_ = 0;    // bytes from parsed_ that the pending message needs (0: unknown)
};

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_ECHO_INPUT_BUFFER_H_
