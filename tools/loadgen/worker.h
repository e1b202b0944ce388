// Worker: one load generator thread. It owns an epoll instance and a share
// of the connections, opens them (at most kMaxConnecting connects in flight,
// so the server's accept queue is not flooded), keeps one message in flight
// on each from warm-up until the drain, and records, for messages completed
// while the phase is kMeasure, their count, payload bytes and latency.
// Nothing is shared with other workers except the RunControl atomics; the
// main thread reads result() after joining the thread.
#ifndef ASYNCHAT_TOOLS_LOADGEN_WORKER_H_
#define ASYNCHAT_TOOLS_LOADGEN_WORKER_H_

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tools/loadgen/echo_connection.h"
#include "tools/loadgen/latency_histogram.h"
#include "tools/loadgen/message_size.h"
#include "tools/loadgen/payload_pattern.h"
#include "tools/loadgen/run_control.h"

namespace loadgen {

struct WorkerConfig {
  sockaddr_storage address{};
  socklen_t address_length = 0;
  std::uint32_t first_id = 0;  // connection ids first_id .. first_id + connections - 1
  int connections = 0;
  MessageSize size;
  double connect_timeout = 10.0;
  double drain_timeout = 5.0;
  bool busy_poll = false;  // epoll_wait(0) in a loop instead of sleeping in it
};

struct WorkerResult {
  std::uint64_t messages = 0;       // completed during kMeasure
  std::uint64_t payload_bytes = 0;  // their sizes, one direction
  LatencyHistogram latency;         // ns, from Start() to the last echoed byte
  std::uint64_t error_count = 0;
  std::vector<std::string> errors;  // the first few, verbatim
};

class Worker {
 public:
  static constexpr int kMaxConnecting = 64;
  static constexpr std::size_t kMaxErrorsKept = 10;

  Worker(WorkerConfig config, RunControl& control, const PayloadPattern& pattern);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  // The thread body; returns when the drain is over, on abort, or when its
  // connections could not be opened in time.
  void Run();
  const WorkerResult& result() const { return result_; }

 private:
  void Error(std::string message);
  void ConnectMore();
  void Watch(std::size_t index, bool write);
  void Handle(std::size_t index, std::uint32_t events, std::uint64_t now, Phase phase);
  void StartIdle(std::uint64_t now);
  std::size_t Busy() const;

  WorkerConfig config_;
  RunControl& control_;
  const PayloadPattern& pattern_;
  int epfd_ = -1;
  std::vector<EchoConnection> conns_;
  std::vector<signed char> watching_write_;  // -1: not registered, 0: read, 1: read+write
  std::size_t next_to_connect_ = 0;
  int connecting_ = 0;
  int connected_ = 0;
  bool started_ = false;  // messages were started (warm-up began)
  std::vector<char> scratch_;
  WorkerResult result_;
};

// CLOCK_MONOTONIC in nanoseconds.
std::uint64_t NowNs();

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_WORKER_H_
