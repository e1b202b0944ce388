// EpollPoller: the loop over epoll(7), this project's addition. Same
// semantics as PollPoller; registrations persist between passes and change
// only when a channel's readable()/writable() answer, or its descriptor,
// changes. A pass asks readable()/writable() only of the channels the map
// says must be asked (all but those with interest notifications, plus those
// marked changed, see socket_map.h) and dispatches only what epoll reports,
// so its cost follows the active channels, not the idle ones. Descriptors epoll cannot watch (regular files: EPERM) are treated
// as always ready, as poll(2) treats them.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_EPOLL_POLLER_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_EPOLL_POLLER_H_

#include <sys/epoll.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "reference/asyncore/poller.h"
#include "reference/asyncore/socket_map.h"

namespace asyncore {

class EpollPoller : public Poller {
 public:
  EpollPoller();  // throws std::system_error if epoll_create1 fails
  ~EpollPoller() override;
  EpollPoller(const EpollPoller&) = delete;
  EpollPoller& operator=(const EpollPoller&) = delete;

  void Poll(SocketMap& map, double timeout) override;

 private:
  struct Registration {
    bool present = false;
    bool always_ready = false;
    std::uint32_t events = 0;
    std::uint64_t serial = 0;
  };
  // Returns whether fd is always ready (epoll cannot watch it).
  bool Register(int fd, std::uint32_t events, std::uint64_t serial);
  void Unregister(int fd);
  // fd's registration, or null.
  Registration* Find(int fd) {
    if (fd < 0 || static_cast<std::size_t>(fd) >= registered_.size() || !registered_[fd].present) return nullptr;
    return &registered_[fd];
  }

  int epfd_;
  // Indexed by descriptor (descriptors are small and dense, and every event
  // of a pass looks its registration up: an index, not a hash).
  std::vector<Registration> registered_;
  std::size_t registered_count_ = 0;
  std::vector<int> always_ready_;  // registered fds epoll cannot watch (few: regular files)
  std::vector<int> ready_;         // always_ready_ as the pass began
  std::vector<SocketMap::Channel> channels_;
  std::vector<SocketMap::Channel> changed_;
  std::vector<epoll_event> events_;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_EPOLL_POLLER_H_
