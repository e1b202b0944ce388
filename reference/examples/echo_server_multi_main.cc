// echo_server_multi: the PyMOTW echo protocol served to many connections at
// once, many messages per connection (multi_echo.h). Prints the bound
// address and "port N" (so --port 0 works with tools/loadgen), then serves
// until interrupted, or with --max-connections N until N connections were
// accepted and have all closed.
// For soak tests: SIGUSR1 prints a "stats" line (channels in the socket map
// apart from the signal channel below, whether the listener is among them,
// connections accepted, heap bytes in use and VmRSS after malloc_trim);
// SIGTERM and SIGINT end the loop, print it and exit 0. The three signals
// are blocked and read from a signalfd that is a channel of the loop
// (asyncore::FileDispatcher), so a pass waits without a timeout and still
// wakes for a signal: a timed wait arms a kernel timer whenever it sleeps,
// which cost about a tenth of the server's CPU per message with one
// connection. The soft RLIMIT_NOFILE is raised
// to the hard limit (one descriptor per connection), with a line on stderr
// when that is below --max-connections (or 10,000). --random-chunks SEED
// cuts every read and send of accepted connections to a random size
// (asyncore::ChunkingTransport): arbitrary read chunking and partial sends.
#include <malloc.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <system_error>

#include <CLI/CLI.hpp>

#include "base/whole_number_option.h"
#include "reference/asyncore/chunking_transport.h"
#include "reference/asyncore/fd_limit.h"
#include "reference/asyncore/file_dispatcher.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/cli_options.h"
#include "reference/examples/example_util.h"
#include "reference/examples/multi_echo.h"

namespace {

constexpr std::uint64_t kConnectionsPlannedFor = 10000;  // without --max-connections

// SIGTERM, SIGINT and SIGUSR1 as input: blocks them and reads them from a
// signalfd; the main loop looks at the flags after each pass.
class SignalChannel : public asyncore::FileDispatcher {
 public:
  static sigset_t Signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    return set;
  }

  explicit SignalChannel(asyncore::SocketMap* map) : SignalChannel(BlockedSignalsFd(), map) {}

  bool writable() override { return false; }
  void handle_read() override {
    signalfd_siginfo info[8];
    const std::size_t n = recv_into(reinterpret_cast<char*>(info), sizeof info);
    for (std::size_t i = 0; i < n / sizeof info[0]; ++i) {
      if (info[i].ssi_signo == SIGUSR1) {
        stats = true;
      } else {
        stop = true;
      }
    }
  }

  bool stop = false;
  bool stats = false;

 private:
  // FileDispatcher dup()s the descriptor: the signalfd itself is closed.
  SignalChannel(int fd, asyncore::SocketMap* map) try : FileDispatcher(fd, map) {
    ::close(fd);
    set_interest_notifications(true);  // readable() and writable() never change
  } catch (...) {
    ::close(fd);
  }

  static int BlockedSignalsFd() {
    const sigset_t set = Signals();
    if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) throw std::system_error(errno, std::generic_category(), "sigprocmask");
    const int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), "signalfd");
    return fd;
  }
};

// VmRSS of this process in KiB, 0 if unknown.
long RssKib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

// heap = bytes malloc has handed out and not got back (a leak shows here
// whatever the allocator caches); rss after malloc_trim returns what it can.
// sanitized=1 under AddressSanitizer, whose allocator keeps freed memory in
// quarantine (and LeakSanitizer checks leaks at exit instead).
void PrintStats(const asyncore::SocketMap& map, const examples::multi_echo::MultiEchoServer& server) {
  malloc_trim(0);
  const struct mallinfo2 heap = mallinfo2();
#ifdef __SANITIZE_ADDRESS__
  const int sanitized = 1;
#else
  const int sanitized = 0;
#endif
  std::cout << "stats channels=" << map.size() - 1 << " listening=" << (server.fileno() >= 0 ? 1 : 0)
            << " accepted=" << server.accepted() << " heap=" << heap.uordblks + heap.hblkhd << " rss_kib=" << RssKib()
            << " sanitized=" << sanitized << "\n"
            << std::flush;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "Multi-connection echo server on AsyncChat: each client sends \"ECHO <len>\\n\" and <len> bytes, the server "
      "sends the <len> bytes back, as often as the client likes (PyMOTW's handler logic, [pymotw-asynchat])."};
  std::string host = "127.0.0.1";
  int port = 0;
  std::string backend_name = "epoll";
  long max_connections = 0;
  std::size_t buffer_size = 65536;
  std::int64_t max_message = std::int64_t{1} << 20;
  int backlog = examples::multi_echo::MultiEchoServer::kDefaultBacklog;
  bool quiet = false;
  app.add_option("--host", host, "numeric IPv4 or IPv6 address to listen on")
      ->check(examples::NumericHost())
      ->capture_default_str();
  app.add_option("--port", port, "TCP port (0: the kernel picks one; printed as \"port N\")")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  examples::AddBackendOption(app, backend_name);
  examples::AddMaxConnectionsOption(app, max_connections);
  app.add_option("--buffer-size", buffer_size,
                 "ac_in_buffer_size and ac_out_buffer_size (CPython 3.11's default 65536; the documents say 4096)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24))
      ->capture_default_str();
  app.add_option("--max-message", max_message, "largest <len> accepted; a larger one closes that connection")
      ->check(CLI::Range(std::int64_t{0}, std::int64_t{1} << 30))
      ->capture_default_str();
  app.add_option("--backlog", backlog, "listen() backlog")->check(CLI::Range(1, 65535))->capture_default_str();
  app.add_flag("-q,--quiet", quiet, "do not report refused clients on stderr");
  std::uint64_t random_chunks = 0;
  app.add_option("--random-chunks", random_chunks,
                 "seed: cut every read and send of accepted connections to a random size, 1 B to 64 KiB (0: off)")
      ->check(base::WholeNumberUpTo(UINT64_MAX, "a seed"))
      ->capture_default_str();
  if (std::optional<int> status = examples::ParseCommandLine(app, argc, argv)) return *status;

  try {
    const asyncore::Backend backend = asyncore::ParseBackend(backend_name);
    asyncore::SocketMap map;
    examples::multi_echo::EchoSettings settings;
    settings.buffer_size = buffer_size;
    settings.max_message = max_message;
    if (!quiet) settings.errors = examples::StreamSink(std::cerr);
    if (random_chunks != 0) {
      auto next_seed = std::make_shared<std::uint64_t>(random_chunks);
      settings.wrap_transport = [next_seed](std::unique_ptr<asyncore::Transport> t) -> std::unique_ptr<asyncore::Transport> {
        return std::make_unique<asyncore::ChunkingTransport>(std::move(t), (*next_seed)++);
      };
    }
    // One descriptor per connection; 10,000 connections need more than the usual 1,024.
    const asyncore::FdLimit limit = asyncore::RaiseFdLimit(
        (max_connections > 0 ? static_cast<std::uint64_t>(max_connections) : kConnectionsPlannedFor) + 16);
    if (!limit.enough) std::cerr << "echo_server_multi: " << limit.message << "\n";
    // Every echoed message is a fresh allocation, handed to the output queue
    // and freed once sent; by default glibc gives the top of the heap back to
    // the kernel whenever 128 KiB are free there and faults it in again for
    // the next message (a fifth of the server's CPU with 64 KiB messages).
    // Keep up to 16 MiB; the stats line's malloc_trim() still returns it.
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
    mallopt(M_TOP_PAD, 1 << 20);
    examples::multi_echo::MultiEchoServer server(asyncore::SocketAddress::Inet(host, static_cast<std::uint16_t>(port)),
                                                 &map, settings, static_cast<std::size_t>(max_connections), backlog);
    std::cout << "listening on " << server.address().ToString() << " (" << asyncore::BackendName(backend) << ")\n"
              << "port " << server.address().port() << "\n"
              << std::flush;
    SignalChannel signals(&map);
    // One pass at a time, to look at the flags; the loop ends when only the
    // signal channel is left.
    while (map.size() > 1 && !signals.stop) {
      asyncore::loop(asyncore::LoopOptions{-1.0, backend, &map, 1});
      if (signals.stats) {
        signals.stats = false;
        PrintStats(map, server);
      }
    }
    if (signals.stop) PrintStats(map, server);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "echo_server_multi: " << e.what() << "\n";
    return 1;
  }
}
