// errno values by their symbolic names, as traces and the driver protocol
// write them (ECONNRESET, EPIPE, ...), so traces mean the same on any OS.
#ifndef ASYNCHAT_TRACES_ERRNO_NAMES_H_
#define ASYNCHAT_TRACES_ERRNO_NAMES_H_

#include <optional>
#include <string>

namespace traces {

std::optional<int> ErrnoFromName(const std::string& name);
// "E<number>" for values without a known name.
std::string ErrnoName(int err);

}  // namespace traces

#endif  // ASYNCHAT_TRACES_ERRNO_NAMES_H_
