// Interrupting a run (Ctrl-C, SIGTERM, SIGHUP) ends every child process group
// it started and says what was running, instead of leaving a hung adapter
// behind (reparented to init) while the command dies.
//
// Everything the signal handler touches is async-signal-safe: a fixed table
// of live child process groups (ChildProcess registers each it starts and
// unregisters it before reaping it, so a group id is never used once it may
// name another process) and fixed buffers saying which implementation and
// case are running, each written into the idle half of a double buffer and
// published with an atomic store.
//
// The handler sends SIGTERM to every registered group, waits up to half a
// second for their leaders to exit (without reaping them), sends SIGKILL to
// the groups, writes one line to stderr:
//   PROGRAM: interrupted while running case ID on IMPL; adapter processes ended
// and exits with 128 + the signal number (130 for SIGINT).
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_INTERRUPT_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_INTERRUPT_H_

#include <sys/types.h>

#include <string_view>

namespace conformance {

// Installs the handler for SIGINT, SIGTERM and SIGHUP. `program` names the
// command in the message (a string literal: it must live for ever). A signal
// ignored when the command started (nohup, a background job of a script
// without job control) stays ignored.
void InstallInterruptHandler(const char* program);

// The implementation being run (its --impl or label), and the case id; an
// empty case means the implementation is being started (handshaken).
void SetRunningImplementation(std::string_view impl);
void SetRunningCase(std::string_view case_id);

// The table of live child process groups (each led by the child `pgid`).
// Register returns false if the table is full (the child is then not ended by
// an interrupt, only by its owner).
bool RegisterChildGroup(pid_t pgid);
void UnregisterChildGroup(pid_t pgid);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_INTERRUPT_H_
