#include "reference/asyncore/poll_poller.h"

#include <cerrno>
#include <system_error>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/poller_pass.h"

namespace asyncore {

void PollPoller::Poll(SocketMap& map, double timeout) {
  map.Snapshot(channels_);
  fds_.clear();
  serials_.clear();
  for (const SocketMap::Channel& c : channels_) {
    Interest want = InterestOf(*c.dispatcher, timeout);
    short events = 0;
    if (want.read) events |= POLLIN | POLLPRI;
    if (want.write) events |= POLLOUT;
    if (events == 0) continue;
    fds_.push_back(pollfd{c.fd, events, 0});
    serials_.push_back(c.serial);
  }
  PassDeadline deadline(timeout);
  int n;
  do {
    n = ::poll(fds_.data(), fds_.size(), TimeoutMillis(deadline.Left()));
  } while (n < 0 && errno == EINTR);
  if (n < 0) throw std::system_error(errno, std::generic_category(), "poll");
  for (std::size_t i = 0; i < fds_.size() && n > 0; ++i) {
    if (fds_[i].revents == 0) continue;
    --n;
    if (map.Serial(fds_[i].fd) != serials_[i]) continue;  // closed (or reused) during this pass
    readwrite(*map.Find(fds_[i].fd), fds_[i].revents);
  }
}

}  // namespace asyncore
