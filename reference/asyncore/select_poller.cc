#include "reference/asyncore/select_poller.h"

#include <sys/select.h>

#include <cerrno>
#include <stdexcept>
#include <string>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/poller_pass.h"

namespace asyncore {

void SelectPoller::Poll(SocketMap& map, double timeout) {
  map.Snapshot(channels_);
  fd_set r, w, e;
  FD_ZERO(&r);
  FD_ZERO(&w);
  FD_ZERO(&e);
  int max_fd = -1;
  for (const SocketMap::Channel& c : channels_) {
    Interest want = InterestOf(*c.dispatcher, timeout);
    if (!want.read && !want.write) continue;
    if (c.fd < 0 || c.fd >= FD_SETSIZE) {
      throw std::out_of_range("select backend: descriptor " + std::to_string(c.fd) + " is outside 0.." +
                              std::to_string(FD_SETSIZE - 1) + " (FD_SETSIZE); use the poll or epoll backend");
    }
    if (want.read) FD_SET(c.fd, &r);
    if (want.write) FD_SET(c.fd, &w);
    FD_SET(c.fd, &e);
    if (c.fd > max_fd) max_fd = c.fd;
  }
  if (max_fd < 0) {
    SleepFor(timeout);
    return;
  }
  // select() may leave the sets undefined when a signal interrupts it.
  const fd_set r0 = r, w0 = w, e0 = e;
  PassDeadline deadline(timeout);
  int n;
  for (;;) {
    const double left = deadline.Left();
    timeval tv{};
    timeval* tvp = nullptr;
    if (left >= 0) {
      tv.tv_sec = static_cast<time_t>(left);
      tv.tv_usec = static_cast<suseconds_t>((left - static_cast<double>(tv.tv_sec)) * 1e6);
      tvp = &tv;
    }
    n = select(max_fd + 1, &r, &w, &e, tvp);
    if (n >= 0 || errno != EINTR) break;
    r = r0;
    w = w0;
    e = e0;
  }
  if (n < 0) throw std::system_error(errno, std::generic_category(), "select");
  if (n == 0) return;
  // Each phase re-checks the map: a handler may have closed another channel
  // (whose descriptor may even have been reused by a new one).
  auto live = [&](const SocketMap::Channel& c) { return map.Serial(c.fd) == c.serial; };
  for (const SocketMap::Channel& c : channels_) {
    if (c.fd >= 0 && c.fd < FD_SETSIZE && FD_ISSET(c.fd, &r) && live(c)) dispatch_read(*c.dispatcher);
  }
  for (const SocketMap::Channel& c : channels_) {
    if (c.fd >= 0 && c.fd < FD_SETSIZE && FD_ISSET(c.fd, &w) && live(c)) dispatch_write(*c.dispatcher);
  }
  for (const SocketMap::Channel& c : channels_) {
    if (c.fd >= 0 && c.fd < FD_SETSIZE && FD_ISSET(c.fd, &e) && live(c)) dispatch_expt(*c.dispatcher);
  }
}

}  // namespace asyncore
