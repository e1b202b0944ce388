// SelectPoller: asyncore.poll, over select(2). Refuses descriptors at or
// above FD_SETSIZE with std::out_of_range naming the descriptor, rather than
// writing past the fd_set.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_SELECT_POLLER_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_SELECT_POLLER_H_

#include <vector>

#include "reference/asyncore/poller.h"
#include "reference/asyncore/socket_map.h"

namespace asyncore {

class SelectPoller : public Poller {
 public:
  void Poll(SocketMap& map, double timeout) override;

 private:
  std::vector<SocketMap::Channel> channels_;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_SELECT_POLLER_H_
