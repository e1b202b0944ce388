// EchoServerOptions: the command line every C++ server of the echo comparison
// takes, the contract tools/loadgen's --server-cmd expects: the server binds
// 127.0.0.1:<port> (0: the kernel picks), prints "port N" on stdout once it
// listens, and serves until SIGTERM.
//
//   NAME [--port P] [--buffer-size N] [--quiet]
//
// --buffer-size is the most a server reads at once (the comparison gives every
// server that can choose it the same, 69632). --quiet is accepted for the
// same command line as the reference's; these servers report nothing per
// connection anyway. Bad input is named with the option and its value.
#ifndef ASYNCHAT_TOOLS_BENCH_ECHO_SERVER_OPTIONS_H_
#define ASYNCHAT_TOOLS_BENCH_ECHO_SERVER_OPTIONS_H_

#include <cstddef>
#include <optional>

namespace bench {

struct EchoServerOptions {
  int port = 0;
  std::size_t buffer_size = 65536;
  bool quiet = false;
};

// The options, or nullopt with *exit_status set: 0 after --help, 2 after a
// message on stderr naming the bad argument.
std::optional<EchoServerOptions> ParseEchoServerOptions(const char* program, int argc, char** argv, int* exit_status);

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_ECHO_SERVER_OPTIONS_H_
