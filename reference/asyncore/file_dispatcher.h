// FileDispatcher: asyncore.file_dispatcher ([py2-asyncore-ja], UNIX only). Wraps a
// descriptor through FileTransport (file_wrapper, which dup()s it) so pipes
// and other descriptors can be used in the loop; starts connected.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_FILE_DISPATCHER_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_FILE_DISPATCHER_H_

#include "reference/asyncore/dispatcher.h"

namespace asyncore {

class FileDispatcher : public Dispatcher {
 public:
  // Throws std::system_error naming fd if it cannot be duplicated.
  explicit FileDispatcher(int fd, SocketMap* map = nullptr);

  // Replaces the wrapped descriptor (dup()ing the new one).
  void set_file(int fd);
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_FILE_DISPATCHER_H_
