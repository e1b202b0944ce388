#include "tools/loadgen/load_options.h"

#include <arpa/inet.h>

#include <CLI/CLI.hpp>
#include <iostream>

namespace loadgen {
namespace {

constexpr const char* kDescription =
    "Load generator for the documented echo protocol: each connection sends \"ECHO <len>\\n\" and <len> "
    "bytes, waits for the <len> bytes to come back, checks every byte, and sends the next message. Reports "
    "messages/s, payload MB/s, latency percentiles and the server process's CPU time per message. Exit status: "
    "0 ok, 1 errors (a mismatched byte, a lost connection, a server that failed), 2 bad options.";

bool IsLoopback(const std::string& host) {
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

}  // namespace

std::optional<int> ParseLoadOptions(int argc, char** argv, LoadOptions* out) {
  LoadOptions o;
  std::string size_text = "64";
  CLI::App app{kDescription, "loadgen"};
  app.add_option("--host", o.host, "numeric loopback address of the server (127.0.0.0/8 or ::1)")
      ->capture_default_str();
  app.add_option("--port", o.port, "server port; with --server-cmd, 0 reads a \"port N\" line from its stdout")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  app.add_option("-c,--connections", o.connections, "concurrent connections, one message in flight each")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  app.add_option("-s,--size", size_text,
                 "message size in bytes (64, 4K, 64K) or a range drawn per message (64-64K); 1 B to 1 MiB")
      ->capture_default_str();
  app.add_option("-d,--duration", o.duration,
                 "seconds measured (longer, by at most --drain-timeout, until the first message completes)")
      ->check(CLI::Range(0.01, 86400.0))
      ->capture_default_str();
  app.add_option("-w,--warmup", o.warmup, "seconds of load before measuring")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  app.add_option("-t,--threads", o.threads, "load generator threads (each with its own epoll)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  CLI::Option* pid_opt =
      app.add_option("--server-pid", o.server_pid, "pid of the running server, for its CPU time (/proc/PID/stat)")
          ->check(CLI::PositiveNumber);
  CLI::Option* cmd_opt = app.add_option("--server-cmd", o.server_cmd,
                                        "start the server with `sh -c \"exec CMD\"`, measure it, and stop it "
                                        "(SIGTERM) at the end");
  pid_opt->excludes(cmd_opt);
  app.add_option("--json", o.json_path, "also write the report as JSON to FILE (- for stdout)");
  app.add_option("--label", o.label, "a name for this run, copied into the report");
  app.add_option("--connect-timeout", o.connect_timeout, "seconds allowed to open all connections")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.add_option("--drain-timeout", o.drain_timeout,
                 "seconds allowed for the echoes still outstanding when the measurement ends")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.add_option("--server-start-timeout", o.server_start_timeout,
                 "seconds allowed for a --server-cmd server to accept connections")
      ->check(CLI::Range(0.1, 3600.0))
      ->capture_default_str();
  app.add_flag("--busy-poll", o.busy_poll,
               "workers spin on epoll_wait with a zero timeout instead of sleeping in it: no wake-up latency on "
               "the load generator's side, at the price of a whole core per thread (its CPU share then reads 100%)");
  app.add_flag("-q,--quiet", o.quiet, "no text report on stdout (errors still go to stderr)");

  try {
    app.parse(argc, argv);
    std::string error;
    std::optional<MessageSize> size = ParseMessageSize(size_text, &error);
    if (!size) throw CLI::ValidationError("--size", error);
    o.size = *size;
    if (!IsLoopback(o.host)) {
      throw CLI::ValidationError("--host", "\"" + o.host + "\" is not a numeric loopback address (127.x.x.x or ::1)");
    }
    if (o.port == 0 && o.server_cmd.empty()) {
      throw CLI::ValidationError("--port", "a port is required unless --server-cmd prints \"port N\"");
    }
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "loadgen: " << e.what() << "\n\n" << app.help() << std::flush;
    return kExitUsage;
  }
  *out = std::move(o);
  return std::nullopt;
}

}  // namespace loadgen
