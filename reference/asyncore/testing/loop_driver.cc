#include "reference/asyncore/testing/loop_driver.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace asyncore::testkit {

bool RunUntil(SocketMap& map, Backend backend, const std::function<bool()>& done, int max_passes) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (int pass = 0; pass < max_passes && !done(); ++pass) {
    if (std::chrono::steady_clock::now() > deadline) break;
    loop(LoopOptions{kPassTimeout, backend, &map, 1});
  }
  return done();
}

void RunPasses(SocketMap& map, Backend backend, int passes) { loop(LoopOptions{kPassTimeout, backend, &map, passes}); }

bool WaitReadable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  int n;
  do {
    n = ::poll(&p, 1, timeout_ms);
  } while (n < 0 && errno == EINTR);
  return n == 1;  // POLLIN, or POLLHUP/POLLERR: a read would not block
}

Watchdog::Watchdog(unsigned seconds) { alarm(seconds); }
Watchdog::~Watchdog() { alarm(0); }

}  // namespace asyncore::testkit
