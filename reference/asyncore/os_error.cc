#include "reference/asyncore/os_error.h"

#include <cerrno>

namespace asyncore {

BlockingIOError::BlockingIOError(const std::string& what)
    : std::system_error(EWOULDBLOCK, std::generic_category(), what) {}

void ThrowOsError(int err, const std::string& what) {
  if (err == EAGAIN || err == EWOULDBLOCK) throw BlockingIOError(what);
  throw std::system_error(err, std::generic_category(), what);
}

int ErrnoOf(const std::system_error& e) {
  return e.code().category() == std::generic_category() ? e.code().value() : 0;
}

bool IsDisconnect(int err) {
  switch (err) {
    case ECONNRESET:
    case ENOTCONN:
    case ESHUTDOWN:
    case ECONNABORTED:
    case EPIPE:
    case EBADF:
      return true;
    default:
      return false;
  }
}

}  // namespace asyncore
