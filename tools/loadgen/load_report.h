// LoadReport: the outcome of one load run and its two renderings, a few
// lines of text for people and a JSON object for scripts (tools/bench/compare
// reads it). Rates are per second of the measured window; MB is 10^6 bytes
// of payload in one direction; CPU figures are those of the server process
// over the same window, divided by the messages completed in it.
#ifndef ASYNCHAT_TOOLS_LOADGEN_LOAD_REPORT_H_
#define ASYNCHAT_TOOLS_LOADGEN_LOAD_REPORT_H_

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tools/loadgen/latency_histogram.h"
#include "tools/loadgen/load_options.h"
#include "tools/loadgen/server_process.h"

namespace loadgen {

struct LoadReport {
  LoadOptions options;
  int port = 0;
  pid_t server_pid = 0;             // 0: none given, no server CPU
  double measured_seconds = 0;      // wall time of the measured window
  std::uint64_t messages = 0;
  std::uint64_t payload_bytes = 0;  // one direction
  LatencyHistogram latency;         // ns
  std::optional<CpuTime> server_cpu;     // over the measured window
  CpuTime loadgen_cpu;                   // this process, same window
  std::string fd_limit_note;             // what RaiseFdLimit did, if anything
  std::uint64_t error_count = 0;
  std::vector<std::string> errors;       // the first few

  double messages_per_second() const;
  double megabytes_per_second() const;
  // Server CPU microseconds per message; nullopt without a server pid or messages.
  std::optional<double> server_us_per_message() const;
};

std::string FormatText(const LoadReport& report);
nlohmann::json ToJson(const LoadReport& report);

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_LOAD_REPORT_H_
