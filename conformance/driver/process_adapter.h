// ProcessAdapter: the suite's side of the driver protocol
// (conformance/PROTOCOL.md). Runs an adapter command as a child process
// (child_process.h), handshakes with it when constructed, and runs each case
// lock-step: `case`, the `channel` lines, each '>' input (collecting the '<'
// outputs answered before `ok`), `end`. The transcript is each input followed
// by its outputs, as harness::ReplayOnReference returns it.
//
// Whatever the adapter does comes back as a CaseOutcome, never as an
// exception:
//   - a scenario needing a capability the hello did not declare is
//     kUnsupported, and nothing is sent;
//   - `unsupported "<reason>"` is kUnsupported with the reason and the line;
//     the case is then closed with `end` and the process kept;
//   - no answer within the case's time limit (the whole case, from `case` to
//     `end`), an exit or crash, a line that is not a protocol answer (an
//     input echoed, garbage), a line longer than max_line_bytes, more than
//     max_case_output_bytes in one case, or `fatal` are kAdapterFailure with
//     the request line, how the process ended and the tail of its stderr.
//     The stderr shown is what the adapter wrote since its case began.
//     The process is killed (its whole process group) and a new one is
//     started, and handshaken, for the next case.
// A failed first handshake (cannot start, no hello, another protocol version)
// leaves info().protocol_version 0, handshake_error() saying why, and makes
// every Run() report kAdapterFailure with it.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_PROCESS_ADAPTER_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_PROCESS_ADAPTER_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "conformance/driver/adapter.h"
#include "conformance/driver/child_process.h"

namespace conformance {

struct ProcessAdapterOptions {
  std::vector<std::string> argv;  // argv[0] is searched in PATH
  std::chrono::milliseconds case_time_limit{5000};  // also bounds the handshake
  std::size_t max_case_output_bytes = std::size_t{16} << 20;
  std::size_t max_line_bytes = std::size_t{4} << 20;
  std::size_t stderr_tail_bytes = std::size_t{8} << 10;
  std::size_t memory_limit_bytes = 0;  // address space (ChildProcess::Limits); 0: none
};

// A ProcessAdapter for `argv` with the other limits at their defaults.
std::unique_ptr<Adapter> MakeProcessAdapter(std::vector<std::string> argv, const AdapterOptions& options);

class ProcessAdapter : public Adapter {
 public:
  explicit ProcessAdapter(ProcessAdapterOptions options);
  // Sends quit and gives the process a moment to exit, then kills it.
  ~ProcessAdapter() override;

  const AdapterInfo& info() const override { return info_; }

  const std::string& handshake_error() const { return handshake_error_; }
  // Processes started so far: 1 + the restarts after failures.
  int processes_started() const { return processes_started_; }

 protected:
  CaseOutcome RunSupported(const std::string& case_id, const traces::Trace& scenario) override;
  // With `pipelining` declared: all the cases' lines at once, then their
  // answers; a case answered with anything but outputs and `ok` is run again
  // lock-step on a fresh process, and so are the ones after it.
  std::vector<CaseOutcome> RunSupportedBatch(const std::string& case_id,
                                             const std::vector<const traces::Trace*>& scenarios) override;

 private:
  struct Step;
  std::string Start();  // starts and handshakes; the error, or "" on success
  // The request lines of a case, each with its input record (null for
  // `case`, `channel` and `end`, which cause no outputs).
  static std::vector<std::pair<std::string, const traces::Record*>> Requests(const std::string& case_id,
                                                                             const traces::Trace& scenario);
  // Sends `request` and reads its answer (Await).
  Step Ask(const std::string& request, bool outputs_allowed, std::vector<traces::Record>* transcript,
           ChildProcess::Clock::time_point deadline);
  // Reads the answer to `request`, already sent: outputs (into `transcript`)
  // then its last line.
  Step Await(const std::string& request, bool outputs_allowed, std::vector<traces::Record>* transcript,
             ChildProcess::Clock::time_point deadline);
  // A write or read that did not go through, as a failed step (Abandon).
  Step IoFailure(ChildProcess::Io io, bool writing, const std::string& request,
                 ChildProcess::Clock::time_point deadline);
  std::string Abandon(const std::string& what);  // kills the process; what + how it ended + stderr
  std::string Command() const;

  ProcessAdapterOptions options_;
  AdapterInfo info_;
  std::string handshake_error_;
  std::unique_ptr<ChildProcess> child_;
  int processes_started_ = 0;
  int answer_lines_ = 0;  // numbers the answer lines in messages
};

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_PROCESS_ADAPTER_H_
