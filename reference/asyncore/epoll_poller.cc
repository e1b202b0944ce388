#include "reference/asyncore/epoll_poller.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/poller_pass.h"

namespace asyncore {

EpollPoller::EpollPoller() : epfd_(epoll_create1(EPOLL_CLOEXEC)) {
  if (epfd_ < 0) throw std::system_error(errno, std::generic_category(), "epoll_create1");
}

EpollPoller::~EpollPoller() { ::close(epfd_); }

bool EpollPoller::Register(int fd, std::uint32_t events, std::uint64_t serial) {
  if (fd < 0) throw std::system_error(EBADF, std::generic_category(), "epoll_ctl(fd=" + std::to_string(fd) + ")");
  if (static_cast<std::size_t>(fd) >= registered_.size()) registered_.resize(static_cast<std::size_t>(fd) + 1);
  Registration& reg = registered_[fd];
  bool inserted = !reg.present;
  if (inserted) {
    reg = Registration{};
    reg.present = true;
    ++registered_count_;
  }
  if (!inserted && reg.serial == serial && reg.events == events) return reg.always_ready;
  epoll_event ev{};
  ev.events = events;
  ev.data.fd = fd;
  if (!inserted && reg.serial != serial) {
    // The descriptor now belongs to another socket: drop the old interest
    // (already gone if the old socket was closed).
    if (!reg.always_ready) epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
    std::erase(always_ready_, fd);
    reg.always_ready = false;
    inserted = true;
  }
  reg.events = events;
  reg.serial = serial;
  if (reg.always_ready) return true;
  int op = inserted ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(epfd_, op, fd, &ev) == 0) return false;
  if (op == EPOLL_CTL_ADD && errno == EEXIST && epoll_ctl(epfd_, EPOLL_CTL_MOD, fd, &ev) == 0) return false;
  if (op == EPOLL_CTL_MOD && errno == ENOENT && epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev) == 0) return false;
  if (errno == EPERM) {
    reg.always_ready = true;  // regular file: poll(2) would report it ready
    always_ready_.push_back(fd);
    return true;
  }
  int err = errno;
  reg = Registration{};
  --registered_count_;
  throw std::system_error(err, std::generic_category(), "epoll_ctl(fd=" + std::to_string(fd) + ")");
}

void EpollPoller::Unregister(int fd) {
  Registration* reg = Find(fd);
  if (reg == nullptr) return;
  if (reg->always_ready) {
    std::erase(always_ready_, fd);
  } else {
    epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
  }
  *reg = Registration{};
  --registered_count_;
}

void EpollPoller::Poll(SocketMap& map, double timeout) {
  map.TrackChanges();
  map.TakeRemoved(changed_);
  for (const SocketMap::Channel& c : changed_) {
    const Registration* reg = Find(c.fd);
    if (reg != nullptr && reg->serial == c.serial) Unregister(c.fd);
  }
  // Copied: readable() and writable() are the application's code and may
  // change the map.
  channels_ = map.asked_every_pass();
  map.TakeChanged(changed_);
  channels_.insert(channels_.end(), changed_.begin(), changed_.end());
  for (const SocketMap::Channel& c : channels_) {
    if (map.Serial(c.fd) != c.serial) continue;  // left the map since it was listed
    Interest want = InterestOf(*c.dispatcher, timeout);
    std::uint32_t events = 0;
    if (want.read) events |= EPOLLIN | EPOLLPRI;
    if (want.write) events |= EPOLLOUT;
    if (events == 0) {
      Unregister(c.fd);
      continue;
    }
    Register(c.fd, events, c.serial);
  }

  events_.resize(registered_count_ == 0 ? 1 : registered_count_);
  PassDeadline deadline(always_ready_.empty() ? timeout : 0.0);
  int n;
  do {
    n = epoll_wait(epfd_, events_.data(), static_cast<int>(events_.size()), TimeoutMillis(deadline.Left()));
  } while (n < 0 && errno == EINTR);
  if (n < 0) throw std::system_error(errno, std::generic_category(), "epoll_wait");
  // Serials as registered, checked again before each dispatch: a handler
  // may have closed a channel, or closed one and reused its descriptor.
  for (int i = 0; i < n; ++i) {
    int fd = events_[i].data.fd;
    const Registration* reg = Find(fd);
    if (reg == nullptr) continue;
    Dispatcher* d = map.DispatchTarget(fd, reg->serial);
    if (d == nullptr) continue;
    std::uint32_t e = events_[i].events;
    int flags = 0;
    if (e & EPOLLIN) flags |= POLLIN;
    if (e & EPOLLOUT) flags |= POLLOUT;
    if (e & EPOLLPRI) flags |= POLLPRI;
    if (e & EPOLLHUP) flags |= POLLHUP;
    if (e & EPOLLERR) flags |= POLLERR;
    readwrite(*d, flags);
  }
  if (always_ready_.empty()) return;
  ready_ = always_ready_;  // handlers may unregister
  for (int fd : ready_) {
    const Registration* reg = Find(fd);
    if (reg == nullptr || !reg->always_ready) continue;
    Dispatcher* d = map.DispatchTarget(fd, reg->serial);
    if (d == nullptr) continue;
    int flags = 0;
    if (reg->events & EPOLLIN) flags |= POLLIN;
    if (reg->events & EPOLLOUT) flags |= POLLOUT;
    readwrite(*d, flags);
  }
}

}  // namespace asyncore
