// LoadOptions: everything the load generator is told on its command line,
// and their parsing (CLI11). ParseLoadOptions() promises the values it
// returns are within their documented ranges, so the rest of the program
// never re-checks them; on --help it prints the help and returns exit code
// 0, on a bad option it prints the problem and the usage to stderr and
// returns 2.
#ifndef ASYNCHAT_TOOLS_LOADGEN_LOAD_OPTIONS_H_
#define ASYNCHAT_TOOLS_LOADGEN_LOAD_OPTIONS_H_

#include <sys/types.h>

#include <optional>
#include <string>

#include "tools/loadgen/message_size.h"

namespace loadgen {

inline constexpr int kExitOk = 0;
inline constexpr int kExitErrors = 1;  // mismatches, lost connections, server failures
inline constexpr int kExitUsage = 2;

struct LoadOptions {
  std::string host = "127.0.0.1";  // numeric loopback address only
  int port = 0;                    // 0 with --server-cmd: read "port N" from the server's stdout
  int connections = 1;             // 1..10000
  MessageSize size;                // default 64 bytes
  double duration = 5.0;           // measured seconds
  double warmup = 1.0;             // seconds before measuring
  int threads = 1;
  pid_t server_pid = 0;            // --server-pid
  std::string server_cmd;          // --server-cmd (run as `sh -c "exec CMD"`)
  std::string json_path;           // --json FILE ("-": stdout)
  std::string label;               // free text recorded in the report
  double connect_timeout = 10.0;
  double drain_timeout = 5.0;      // for the last echoes after the measurement
  double server_start_timeout = 10.0;
  bool quiet = false;              // no text report on stdout
  bool busy_poll = false;          // workers spin on epoll_wait(0) instead of sleeping in it
};

// Returns nullopt when the program should go on with *out filled in;
// otherwise the exit code (0 after --help, kExitUsage after a bad option).
std::optional<int> ParseLoadOptions(int argc, char** argv, LoadOptions* out);

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_LOAD_OPTIONS_H_
