// RaiseFdLimit: makes room for `needed` descriptors by raising the soft
// RLIMIT_NOFILE, up to the hard limit (an unprivileged process may not go
// past it). It never lowers the limit, and it says what it did, or why
// `needed` cannot be had, so the caller can print it rather than fail later
// with EMFILE. A server started afterwards inherits the raised limit.
#ifndef ASYNCHAT_TOOLS_LOADGEN_FD_LIMIT_H_
#define ASYNCHAT_TOOLS_LOADGEN_FD_LIMIT_H_

#include <cstdint>
#include <string>

namespace loadgen {

struct FdLimitResult {
  bool enough = false;      // the soft limit now covers `needed`
  std::uint64_t before = 0; // soft limit before
  std::uint64_t after = 0;  // soft limit after
  std::uint64_t hard = 0;
  std::string message;      // empty when nothing needed changing
};

FdLimitResult RaiseFdLimit(std::uint64_t needed);

}  // namespace loadgen

#endif  // ASYNCHAT_TOOLS_LOADGEN_FD_LIMIT_H_
