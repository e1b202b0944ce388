// ServerProcess: the server under load, either started by the load
// generator (`sh -c "exec CMD"`, so the pid is the server's own) or an
// existing process given by pid, and its CPU time as the kernel accounts
// it in /proc/<pid>/stat (utime + stime, all threads; clock-tick
// resolution, usually 10 ms).
//
// A started server gets stdout redirected to a temporary file, which
// WaitForPortLine() reads for a "port N" line (servers given --port 0 print
// the port they got); its stderr is inherited. Stop() sends SIGTERM, then
// SIGKILL after a grace period, and reaps it; the destructor does the same
// for a server still running. An attached server is never signalled.
#ifndef ASYNCHAT_TOOLS_LOADGEN_SERVER_PROCESS_H_
#define ASYNCHAT_TOOLS_LOADGEN_SERVER_PROCESS_H_

#include <sys/types.h>

#include <optional>
#include <string>

namespace loadgen {

struct CpuTime {
  double user = 0;    // seconds
  double system = 0;  // seconds
  double total() const { return user + system; }
};

class ServerProcess {
 public:
  // Throws std::runtime_error if the process cannot be started.
  static ServerProcess Launch(const std::string& command);
  // Throws std::runtime_error if /proc/<pid>/stat cannot be read.
  static ServerProcess Attach(pid_t pid);

  ServerProcess(ServerProcess&& other) noexcept;
  ServerProcess& operator=(ServerProcess&&) = delete;
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  ~ServerProcess();

  pid_t pid() const { return pid_; }
  bool started_here() const { return started_here_; }

  // The N of the first "port N" line the server printed, waiting up to
  // `timeout` seconds. nullopt on time-out or when the server exited (see
  // exit_description()).
  std::optional<int> WaitForPortLine(double timeout);
  // Waits up to `timeout` seconds until a TCP connection to host:port is
  // accepted (connect succeeds), then closes it. False on time-out or exit.
  bool WaitForListening(const std::string& host, int port, double timeout);

  // /proc/<pid>/stat; nullopt once the process is gone.
  std::optional<CpuTime> Cpu() const;
  // False once a started server has exited (reaps it).
  bool Running();
  // "exited with status 1", "killed by signal 9", or "" while running.
  const std::string& exit_description() const { return exit_description_; }
  // Started servers only: SIGTERM, SIGKILL after `grace` seconds; reaps.
  void Stop(double grace = 3.0);

 private:
  ServerProcess(pid_t pid, bool started_here, std::string stdout_path);
  void Reaped(int status);

  pid_t pid_;
  bool started_here_;
  bool reaped_ = false;
  std::string stdout_path_;
  std::string exit_description_;
};

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_SERVER_PROCESS_H_
