// RunInChild: runs a test scenario in a forked child process, for faults a
// test must not inflict on itself: a lowered RLIMIT_NOFILE, SIGPIPE at its
// default disposition (which would kill the whole test binary). The body
// returns "" on success or a description of what went wrong; the parent
// gets that text and how the child ended. The child is killed if it has not
// finished within the time limit.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_TESTING_CHILD_PROCESS_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_TESTING_CHILD_PROCESS_H_

#include <functional>
#include <string>

namespace asyncore::testkit {

struct ChildOutcome {
  bool exited = false;    // ended by _exit (else: killed by a signal)
  int exit_code = -1;     // 0: the body returned ""
  int signal = 0;         // the signal that ended it, if any
  std::string message;    // what the body returned (or threw)
  bool ok() const { return exited && exit_code == 0 && message.empty(); }
  // One line for a failed assertion: how it ended and the message.
  std::string Describe() const;
};

ChildOutcome RunInChild(const std::function<std::string()>& body, int time_limit_seconds = 30);

}  // namespace asyncore::testkit

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_TESTING_CHILD_PROCESS_H_
