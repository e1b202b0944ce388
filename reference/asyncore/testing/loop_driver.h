// Driving the loop from a test without sleeping: single passes with a short
// timeout, repeated until a condition holds or a bound is reached.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_TESTING_LOOP_DRIVER_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_TESTING_LOOP_DRIVER_H_

#include <functional>

#include "reference/asyncore/loop.h"

namespace asyncore::testkit {

constexpr int kDefaultMaxPasses = 200;
constexpr double kPassTimeout = 0.05;  // seconds; a pass returns sooner when an event is ready

// Runs loop(count = 1) over map until done() is true, at most max_passes
// times and never longer than 20 s of wall time. Returns done().
bool RunUntil(SocketMap& map, Backend backend, const std::function<bool()>& done,
              int max_passes = kDefaultMaxPasses);

// Runs exactly `passes` passes (fewer if the map empties).
void RunPasses(SocketMap& map, Backend backend, int passes);

// Waits (in poll(2), not a sleep) until a read on fd would not block
// (data, end of file or an error); false on timeout.
bool WaitReadable(int fd, int timeout_ms = 5000);

// Kills the process with SIGALRM if still alive after `seconds`: the guard
// for the few tests that must call loop() without a count.
class Watchdog {
 public:
  explicit Watchdog(unsigned seconds);
  ~Watchdog();
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;
};

}  // namespace asyncore::testkit

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_TESTING_LOOP_DRIVER_H_
