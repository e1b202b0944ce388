#include "reference/asyncore/poller_pass.h"

#include <cmath>
#include <ctime>

namespace asyncore {

void SleepFor(double timeout) {
  if (!(timeout > 0)) return;
  timespec ts;
  ts.tv_sec = static_cast<time_t>(timeout);
  ts.tv_nsec = static_cast<long>((timeout - static_cast<double>(ts.tv_sec)) * 1e9);
  nanosleep(&ts, nullptr);
}

int TimeoutMillis(double timeout) {
  if (timeout < 0) return -1;
  double ms = std::ceil(timeout * 1000.0);
  return ms > 2147483647.0 ? 2147483647 : static_cast<int>(ms);
}

}  // namespace asyncore
