// What a pass asks of each channel, shared by the three pollers: whether it
// is polled at all, and for what.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_POLLER_PASS_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_POLLER_PASS_H_

#include <chrono>

#include "reference/asyncore/dispatcher.h"

namespace asyncore {

struct Interest {
  bool read = false;
  bool write = false;
};

// readable()/writable() as asyncore asks them; accepting channels are never
// polled for writing. Scripted (unpollable) channels are never polled. A
// listener whose accepting is paused (Dispatcher::accept_pause_left) is not
// polled for reading, and the pass's timeout (seconds, negative: none) is
// shortened so that the pass ends when the pause does.
inline Interest InterestOf(Dispatcher& d, double& timeout) {
  Interest i;
  if (d.socket() == nullptr || !d.socket()->pollable()) return i;
  i.read = d.readable();
  if (i.read && d.accepting()) {
    const double pause = d.accept_pause_left();
    if (pause > 0) {
      i.read = false;
      if (timeout < 0 || pause < timeout) timeout = pause;
    }
  }
  i.write = d.writable() && !d.accepting();
  return i;
}

// The longest a pass waits (about 31 years): a longer timeout, infinity
// included, is cut to it, so that no conversion to timeval, timespec or the
// clock's nanoseconds overflows.
inline constexpr double kLongestWait = 1e9;

// Sleeps `timeout` seconds (negative: returns at once), as asyncore does
// when no channel wants any event; a signal does not shorten the sleep.
void SleepFor(double timeout);

// A pass's wait, restarted after EINTR with what is left of its timeout, as
// CPython's select.select, poll.poll and time.sleep do (PEP 475): a signal
// whose handler returns neither ends asyncore's pass early (loop(count=N)
// would lose a pass to it) nor lengthens it. The clock is read only for a
// positive timeout.
class PassDeadline {
 public:
  explicit PassDeadline(double timeout);  // seconds; negative: no limit
  // Seconds left, at least 0; negative (no limit) for a negative timeout.
  // The first call answers the whole timeout without reading the clock
  // again: it comes right after the constructor, before the wait.
  double Left();

 private:
  double timeout_;
  bool waited_ = false;
  std::chrono::steady_clock::time_point end_{};
};

// Milliseconds for poll/epoll_wait; -1 for a negative timeout.
int TimeoutMillis(double timeout);

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_POLLER_PASS_H_
