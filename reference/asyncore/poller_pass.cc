#include "reference/asyncore/poller_pass.h"

#include <cerrno>
#include <cmath>
#include <ctime>

namespace asyncore {

void SleepFor(double timeout) {
  if (!(timeout > 0)) return;
  if (timeout > kLongestWait) timeout = kLongestWait;
  timespec ts;
  ts.tv_sec = static_cast<time_t>(timeout);
  ts.tv_nsec = static_cast<long>((timeout - static_cast<double>(ts.tv_sec)) * 1e9);
  // nanosleep leaves what is left in ts when a signal interrupts it.
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

PassDeadline::PassDeadline(double timeout) : timeout_(timeout > kLongestWait ? kLongestWait : timeout) {
  if (timeout_ > 0) {
    end_ = std::chrono::steady_clock::now() +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(timeout_));
  }
}

double PassDeadline::Left() {
  if (!(timeout_ > 0)) return timeout_;
  if (!waited_) {
    waited_ = true;
    return timeout_;
  }
  const double left = std::chrono::duration<double>(end_ - std::chrono::steady_clock::now()).count();
  return left > 0 ? left : 0.0;
}

int TimeoutMillis(double timeout) {
  if (timeout < 0) return -1;
  double ms = std::ceil(timeout * 1000.0);
  return ms > 2147483647.0 ? 2147483647 : static_cast<int>(ms);
}

}  // namespace asyncore
