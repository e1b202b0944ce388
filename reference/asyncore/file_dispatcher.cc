#include "reference/asyncore/file_dispatcher.h"

#include "reference/asyncore/file_transport.h"

namespace asyncore {

FileDispatcher::FileDispatcher(int fd, SocketMap* map) : Dispatcher(map) {
  set_connected(true);
  set_file(fd);
}

void FileDispatcher::set_file(int fd) { set_socket(std::make_unique<FileTransport>(fd)); }

}  // namespace asyncore
