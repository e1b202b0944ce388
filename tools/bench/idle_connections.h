// IdleConnections: n connected loopback TCP connections whose far ends are
// held by a child process that never reads, writes or closes them, so the
// near ends stay quiet (no data, no EOF, no error) for as long as this object
// lives, and the far ends do not count against this process's descriptor
// limit (10,000 connections need 10,000 descriptors here, not 20,000).
//
// Create it before this process opens anything the child should not inherit:
// the child keeps only its far ends and closes every other descriptor.
#ifndef ASYNCHAT_TOOLS_BENCH_IDLE_CONNECTIONS_H_
#define ASYNCHAT_TOOLS_BENCH_IDLE_CONNECTIONS_H_

#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <vector>

namespace bench {

class IdleConnections {
 public:
  // Opens n connections to a listener on 127.0.0.1. progress(k) is called
  // now and then with the number accepted so far. Throws std::runtime_error
  // naming the failing step and its errno (e.g. EMFILE with the count reached).
  explicit IdleConnections(std::size_t n, const std::function<void(std::size_t)>& progress = {});
  // Ends the child (which closes the far ends) and reaps it; closes any near
  // ends not taken.
  ~IdleConnections();
  IdleConnections(const IdleConnections&) = delete;
  IdleConnections& operator=(const IdleConnections&) = delete;

  // The near ends (blocking, close-on-exec); the caller owns them afterwards.
  std::vector<int> Take();

 private:
  void Stop();

  pid_t child_ = -1;
  int control_ = -1;  // the child exits when this closes
  std::vector<int> near_;
};

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_IDLE_CONNECTIONS_H_
