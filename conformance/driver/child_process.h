// ChildProcess: a command run with its stdin, stdout and stderr piped to this
// process, for talking to an adapter that may misbehave in any way.
//
// - The child runs in its own process group, so it and everything it started
//   (a shell's children) are killed together with SIGKILL.
// - Every wait has a deadline. stdout and stderr are read in the same poll
//   loop as stdin is written, so a child filling one pipe while we wait on
//   another never deadlocks us; stderr is kept as a bounded tail.
// - stdout is bounded too: a line longer than max_line_bytes, or more bytes
//   than the output budget, is reported instead of buffered.
// - Its address space can be capped (RLIMIT_AS, set as it starts and
//   inherited by what it starts), so a runaway implementation fails its
//   case with MemoryError or bad_alloc instead of taking the machine down.
// - SIGPIPE is ignored in this process (writing to a child that closed its
//   stdin fails with EPIPE, reported as kClosed, instead of killing the
//   suite) and restored to its default in the child.
// The destructor kills and reaps the child if it is still there.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_CHILD_PROCESS_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace conformance {

class ChildProcess {
 public:
  using Clock = std::chrono::steady_clock;

  struct Limits {
    std::size_t max_line_bytes = std::size_t{4} << 20;
    std::size_t stderr_tail_bytes = std::size_t{8} << 10;
    std::size_t memory_bytes = 0;  // address-space cap; 0: none
  };

  enum class Io {
    kOk,
    kTimeout,      // the deadline passed
    kClosed,       // Write: the child closed its stdin; ReadLine: its stdout ended
    kLineTooLong,  // ReadLine: more than max_line_bytes without a newline
    kOutputLimit,  // more stdout than the budget allowed
  };

  // Starts argv (argv[0] is searched in PATH). Throws std::system_error if
  // the command cannot be started (e.g. not found), std::invalid_argument for
  // an empty argv.
  ChildProcess(const std::vector<std::string>& argv, Limits limits);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Writes all of `data` to the child's stdin.
  Io Write(std::string_view data, Clock::time_point deadline);
  // The next stdout line, without its '\n'.
  Io ReadLine(std::string& line, Clock::time_point deadline);
  // Allows `bytes` more bytes of stdout from now on (unlimited at start).
  void SetOutputBudget(std::size_t bytes);

  // Closes stdin, waits for the child to exit by itself until `deadline`
  // (reading and discarding what it still writes), then kills what is left of
  // its process group and reaps it. Returns how it ended (ExitDescription).
  std::string Finish(Clock::time_point deadline);
  // Kills the process group now and reaps the child. Returns "was killed by
  // the suite (SIGKILL)", or how it ended if it had already ended by itself
  // (even just before the kill).
  std::string Kill();
  bool finished() const { return pid_ < 0; }

  // Starts a new stretch of stderr (e.g. a case): reads what the child wrote
  // so far (without waiting) and forgets it, so that StderrTail and
  // stderr_bytes tell only what comes after.
  void MarkStderr();
  // The last stderr bytes since the last MarkStderr (at most
  // stderr_tail_bytes) and how many there were.
  std::string StderrTail() const;
  std::size_t stderr_bytes() const { return stderr_total_; }

 private:
  enum class Want { kWrite, kLine, kExit };
  Io Pump(Want want, std::string_view* to_write, Clock::time_point deadline);
  bool Exited();  // without reaping
  std::string Reap(bool killed);
  void KeepStderr(const char* data, std::size_t n);
  void CloseFd(int& fd);

  Limits limits_;
  pid_t pid_ = -1;
  int wait_status_ = 0;  // of the reaped child
  int pidfd_ = -1;  // readable once the child exited; -1 where unsupported
  int stdin_ = -1, stdout_ = -1, stderr_ = -1;
  std::string out_buf_;
  std::size_t out_head_ = 0;  // consumed prefix of out_buf_
  std::size_t out_budget_ = std::numeric_limits<std::size_t>::max();
  std::string err_tail_;
  std::size_t stderr_total_ = 0;
};

// "exited with status 3", "was killed by signal 11 (Segmentation fault)"
// for a waitpid status.
std::string ExitDescription(int wait_status);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_CHILD_PROCESS_H_
