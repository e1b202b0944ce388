// loadgen: drives a server speaking the documented echo protocol
// ("ECHO <len>\n" + <len> bytes, echoed back) over loopback and reports
// throughput, latency and the server's CPU time per message. See README.md.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/resource.h>
#include <time.h>

#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "reference/asyncore/fd_limit.h"
#include "tools/loadgen/load_options.h"
#include "tools/loadgen/load_report.h"
#include "tools/loadgen/payload_pattern.h"
#include "tools/loadgen/run_control.h"
#include "tools/loadgen/server_process.h"
#include "tools/loadgen/worker.h"

namespace loadgen {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

void OnSignal(int) { g_interrupted = 1; }

CpuTime SelfCpu() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6; };
  return CpuTime{secs(ru.ru_utime), secs(ru.ru_stime)};
}

void SleepMs(int ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, nullptr);
}

socklen_t MakeAddress(const std::string& host, int port, sockaddr_storage* ss) {
  *ss = sockaddr_storage{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(ss);
  if (inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<std::uint16_t>(port));
    return sizeof(sockaddr_in);
  }
  auto* v6 = reinterpret_cast<sockaddr_in6*>(ss);
  inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr);  // checked by ParseLoadOptions
  v6->sin6_family = AF_INET6;
  v6->sin6_port = htons(static_cast<std::uint16_t>(port));
  return sizeof(sockaddr_in6);
}

// Why the run must stop now, or "" to go on.
std::string StopReason(const RunControl& control, ServerProcess* server) {
  if (g_interrupted) return "interrupted";
  if (control.errors.load() > 0) return "errors";
  if (server && server->started_here() && !server->Running()) return "the server " + server->exit_description();
  return "";
}

// Sleeps up to `seconds`, returning early with a reason to stop.
std::string Wait(double seconds, const RunControl& control, ServerProcess* server) {
  const std::uint64_t end = NowNs() + static_cast<std::uint64_t>(seconds * 1e9);
  for (;;) {
    std::string why = StopReason(control, server);
    if (!why.empty()) return why;
    const std::uint64_t now = NowNs();
    if (now >= end) return "";
    SleepMs(static_cast<int>(std::min<std::uint64_t>(5, (end - now) / 1000000 + 1)));
  }
}

int Run(const LoadOptions& options) {
  LoadReport report;
  report.options = options;
  std::vector<std::string> fatal;  // errors found by the main thread

  // Descriptors: ours, and (if we start it) the server's, which inherits the limit.
  const std::uint64_t needed = static_cast<std::uint64_t>(options.connections) + 64;
  const asyncore::FdLimit limit = asyncore::RaiseFdLimit(needed);
  report.fd_limit_note = limit.message;
  if (!limit.message.empty()) std::cerr << "loadgen: " << limit.message << "\n";
  if (!limit.enough) return kExitErrors;

  std::optional<ServerProcess> server;
  try {
    if (!options.server_cmd.empty()) {
      server.emplace(ServerProcess::Launch(options.server_cmd));
    } else if (options.server_pid > 0) {
      server.emplace(ServerProcess::Attach(options.server_pid));
    }
  } catch (const std::exception& e) {
    std::cerr << "loadgen: " << e.what() << "\n";
    return kExitErrors;
  }
  report.server_pid = server ? server->pid() : 0;

  int port = options.port;
  if (server && server->started_here()) {
    if (port == 0) {
      std::optional<int> printed = server->WaitForPortLine(options.server_start_timeout);
      if (!printed) {
        std::cerr << "loadgen: the server printed no \"port N\" line within " << options.server_start_timeout
                  << " s" << (server->Running() ? "" : " (it " + server->exit_description() + ")") << "\n";
        return kExitErrors;
      }
      port = *printed;
    } else if (!server->WaitForListening(options.host, port, options.server_start_timeout)) {
      std::cerr << "loadgen: the server did not accept connections on " << options.host << ":" << port << " within "
                << options.server_start_timeout << " s"
                << (server->Running() ? "" : " (it " + server->exit_description() + ")") << "\n";
      return kExitErrors;
    }
  }
  report.port = port;

  sockaddr_storage address{};
  const socklen_t address_length = MakeAddress(options.host, port, &address);
  PayloadPattern pattern(options.size.max);
  RunControl control;
  std::vector<std::unique_ptr<Worker>> workers;
  const int threads = std::min(options.threads, options.connections);
  std::uint32_t next_id = 0;
  for (int t = 0; t < threads; ++t) {
    WorkerConfig config;
    config.address = address;
    config.address_length = address_length;
    config.first_id = next_id;
    config.connections = options.connections / threads + (t < options.connections % threads ? 1 : 0);
    config.size = options.size;
    config.connect_timeout = options.connect_timeout;
    config.drain_timeout = options.drain_timeout;
    config.busy_poll = options.busy_poll;
    next_id += static_cast<std::uint32_t>(config.connections);
    workers.push_back(std::make_unique<Worker>(config, control, pattern));
  }
  std::vector<std::thread> running;
  for (auto& w : workers) running.emplace_back([&w] { w->Run(); });

  ServerProcess* srv = server ? &*server : nullptr;
  std::string why;
  // Connect.
  while (why.empty() && control.connected.load() < options.connections && control.finished.load() < threads) {
    why = Wait(0.005, control, srv);
  }
  // Warm up, then measure.
  if (why.empty()) {
    control.phase.store(Phase::kWarmup);
    why = Wait(options.warmup, control, srv);
  }
  std::optional<CpuTime> cpu0;
  CpuTime self0;
  std::uint64_t t0 = 0, t1 = 0;
  if (why.empty()) {
    cpu0 = srv ? srv->Cpu() : std::nullopt;
    self0 = SelfCpu();
    t0 = NowNs();
    control.phase.store(Phase::kMeasure);
    why = Wait(options.duration, control, srv);
    // No message yet (a slow server on a busy machine): measure on until
    // the first one, for at most --drain-timeout, so a short run reports a
    // rate instead of an error; measured_seconds says how long it took.
    const std::uint64_t give_up = NowNs() + static_cast<std::uint64_t>(options.drain_timeout * 1e9);
    while (why.empty() && !control.measured_any.load() && NowNs() < give_up) why = Wait(0.005, control, srv);
    t1 = NowNs();
    std::optional<CpuTime> cpu1 = srv ? srv->Cpu() : std::nullopt;
    const CpuTime self1 = SelfCpu();
    control.phase.store(Phase::kDrain);
    report.measured_seconds = static_cast<double>(t1 - t0) * 1e-9;
    if (cpu0 && cpu1) report.server_cpu = CpuTime{cpu1->user - cpu0->user, cpu1->system - cpu0->system};
    if (srv && (!cpu0 || !cpu1)) fatal.push_back("the server process " + std::to_string(srv->pid()) + " went away");
    report.loadgen_cpu = CpuTime{self1.user - self0.user, self1.system - self0.system};
  }
  if (!why.empty() && why != "errors") {
    control.phase.store(Phase::kAbort);
    fatal.push_back("stopped: " + why);
  } else if (!why.empty()) {
    control.phase.store(Phase::kAbort);
  }
  for (std::thread& t : running) t.join();
  if (server && server->started_here()) {
    if (!server->Running()) {
      fatal.push_back("the server " + server->exit_description() + " during the run");
    } else {
      server->Stop();
    }
  }

  for (auto& w : workers) {
    const WorkerResult& r = w->result();
    report.messages += r.messages;
    report.payload_bytes += r.payload_bytes;
    report.latency.Merge(r.latency);
    report.error_count += r.error_count;
    for (const std::string& e : r.errors) {
      if (report.errors.size() < Worker::kMaxErrorsKept) report.errors.push_back(e);
    }
  }
  for (const std::string& e : fatal) {
    ++report.error_count;
    report.errors.insert(report.errors.begin(), e);
  }
  if (report.error_count == 0 && report.messages == 0) {
    ++report.error_count;
    report.errors.push_back("no message completed during the measurement");
  }

  if (!options.quiet) std::cout << FormatText(report) << std::flush;
  if (!options.json_path.empty()) {
    const std::string text = ToJson(report).dump(2) + "\n";
    if (options.json_path == "-") {
      std::cout << text << std::flush;
    } else {
      std::ofstream out(options.json_path);
      out << text;
      if (!out) {
        std::cerr << "loadgen: cannot write " << options.json_path << "\n";
        return kExitErrors;
      }
    }
  }
  if (report.error_count > 0) {
    std::cerr << "loadgen: " << report.error_count << " error" << (report.error_count == 1 ? "" : "s") << ":\n";
    for (const std::string& e : report.errors) std::cerr << "  " << e << "\n";
    return kExitErrors;
  }
  return kExitOk;
}

}  // namespace
}  // namespace loadgen

int main(int argc, char** argv) {
  loadgen::LoadOptions options;
  if (std::optional<int> rc = loadgen::ParseLoadOptions(argc, argv, &options)) return *rc;
  struct sigaction sa{};
  sa.sa_handler = loadgen::OnSignal;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return loadgen::Run(options);
}
