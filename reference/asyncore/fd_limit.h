// RaiseFdLimit: room for `needed` descriptors. A server with thousands of
// channels (and a load generator opening as many) needs more than the usual
// soft RLIMIT_NOFILE of 1,024; this raises the soft limit to the hard limit
// (processes started afterwards inherit it), never lowers it, and never tries
// the hard limit, which needs privileges. The result says what was done, or
// why `needed` cannot be had, in one line the caller can print, so a shortage
// is reported at start-up rather than as EMFILE later.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_FD_LIMIT_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_FD_LIMIT_H_

#include <cstdint>
#include <string>

namespace asyncore {

struct FdLimit {
  bool enough = false;      // the soft limit now allows `needed` descriptors
  std::uint64_t before = 0; // soft limit before (UINT64_MAX: unlimited)
  std::uint64_t soft = 0;   // soft limit after
  std::uint64_t hard = 0;
  std::string message;      // empty when the limit already sufficed
};

FdLimit RaiseFdLimit(std::uint64_t needed);

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_FD_LIMIT_H_
