// PollPoller: asyncore.poll2, over poll(2) (loop's use_poll).
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_POLL_POLLER_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_POLL_POLLER_H_

#include <poll.h>

#include <vector>

#include "reference/asyncore/poller.h"
#include "reference/asyncore/socket_map.h"

namespace asyncore {

class PollPoller : public Poller {
 public:
  void Poll(SocketMap& map, double timeout) override;

 private:
  std::vector<SocketMap::Channel> channels_;
  std::vector<pollfd> fds_;
  std::vector<std::uint64_t> serials_;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_POLL_POLLER_H_
