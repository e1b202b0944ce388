// OS errors are reported the way Python's socket module reports them: as an
// exception carrying errno (std::system_error in the generic category).
// Would-block is the distinct subclass BlockingIOError, as in Python 3.
// IsDisconnect() is asyncore's _DISCONNECTED set: errors meaning the peer or
// the connection is gone, which close a channel instead of reporting an error.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_OS_ERROR_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_OS_ERROR_H_

#include <string>
#include <system_error>

namespace asyncore {

class BlockingIOError : public std::system_error {
 public:
  explicit BlockingIOError(const std::string& what);
};

// Throws BlockingIOError for EAGAIN/EWOULDBLOCK/EINPROGRESS, std::system_error otherwise.
[[noreturn]] void ThrowOsError(int err, const std::string& what);

// errno of a std::system_error in the generic category, else 0.
int ErrnoOf(const std::system_error& e);

bool IsDisconnect(int err);

// Raised from a handler to leave loop() at once (asyncore.ExitNow): the loop
// does not route it to handle_error.
class ExitNow : public std::exception {
 public:
  const char* what() const noexcept override { return "ExitNow"; }
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_OS_ERROR_H_
