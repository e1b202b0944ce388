// Poller: one loop pass over a socket map with one readiness backend.
// Concrete pollers (select, poll, epoll) live in the loop library; a map
// keeps the ones it has used, so a backend with kernel state (epoll) keeps
// its registrations from pass to pass.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_POLLER_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_POLLER_H_

namespace asyncore {

class SocketMap;

enum class Backend { kSelect = 0, kPoll = 1, kEpoll = 2 };
constexpr int kBackendCount = 3;

class Poller {
 public:
  virtual ~Poller() = default;
  // Waits up to timeout seconds (negative: no limit) and dispatches events.
  virtual void Poll(SocketMap& map, double timeout) = 0;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_POLLER_H_
