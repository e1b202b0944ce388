// ScriptedSocket: the socket an implementation under test reads and writes
// instead of a real one, part of the C++ adapter kit (adapter_kit.h).
//
// The implementation calls recv/send/close as it would call POSIX's (return
// values and errno alike); the kit answers them from the case's inputs
// (traces/FORMAT.md) and records what happened:
//   - recv(buf, n): the next scripted read: up to n of its bytes (a rest is
//     kept for the next recv, as a socket keeps it), 0 for `read eof`, or -1
//     with errno set (`read error ENAME`; EAGAIN for `read wouldblock` and
//     when nothing is scripted). Recorded `recv N M` / `recv N error ENAME`.
//   - send(data, n): the next queued `send_budget K` (accepts min(n, K)) or
//     `send_error ENAME` (-1, errno set), else at most the channel's
//     `send_cap`, else all n. Recorded `send "<offered>" M` / `... error ENAME`.
//   - close(): recorded `close` the first time; later calls do nothing.
// A closed socket's recv and send fail with EBADF, as a closed descriptor's do.
#ifndef ASYNCHAT_CONFORMANCE_ADAPTER_KIT_SCRIPTED_SOCKET_H_
#define ASYNCHAT_CONFORMANCE_ADAPTER_KIT_SCRIPTED_SOCKET_H_

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace adapter_kit {

class ScriptedSocket {
 public:
  // Records of channel `channel` go to `out`, which outlives the socket.
  ScriptedSocket(std::string channel, std::vector<traces::Record>* out, std::optional<std::size_t> send_cap);

  long recv(void* buf, std::size_t n);
  long send(const void* data, std::size_t n);
  void close();
  bool closed() const { return closed_; }

  // The kit's side: what the case scripts.
  void ScriptRead(std::string data) { reads_.push_back({std::move(data), 0}); }
  void ScriptEof() { reads_.push_back({"", 0}); }
  void ScriptReadError(int err) { reads_.push_back({"", err}); }
  void ScriptSendBudget(std::size_t max) { sends_.push_back({max, 0}); }
  void ScriptSendError(int err) { sends_.push_back({0, err}); }

 private:
  struct Read {
    std::string data;  // empty: the peer closed
    int error;
  };
  struct Send {
    std::size_t max;
    int error;
  };
  void Record(std::string verb, std::vector<traces::Arg> args);

  std::string channel_;
  std::vector<traces::Record>* out_;
  std::optional<std::size_t> send_cap_;
  std::deque<Read> reads_;
  std::deque<Send> sends_;
  bool closed_ = false;
};

}  // namespace adapter_kit

#endif  // ASYNCHAT_CONFORMANCE_ADAPTER_KIT_SCRIPTED_SOCKET_H_
