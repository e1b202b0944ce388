// What a pass asks of each channel, shared by the three pollers: whether it
// is polled at all, and for what.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_POLLER_PASS_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_POLLER_PASS_H_

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

// Sleeps `timeout` seconds (negative: returns at once), as asyncore does
// when no channel wants any event.
void SleepFor(double timeout);

// Milliseconds for poll/epoll_wait; -1 for a negative timeout.
int TimeoutMillis(double timeout);

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_POLLER_PASS_H_
