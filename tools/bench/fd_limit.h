// FdLimit: makes room for a tool's descriptors by raising the soft
// RLIMIT_NOFILE, never above the hard limit (raising that needs privileges a
// benchmark should not ask for). When the hard limit is too low the result
// says so in one line the tool can print as is.
#ifndef ASYNCHAT_TOOLS_BENCH_FD_LIMIT_H_
#define ASYNCHAT_TOOLS_BENCH_FD_LIMIT_H_

#include <cstdint>
#include <string>

namespace bench {

struct FdLimit {
  bool enough = false;     // the soft limit now allows `needed` descriptors
  std::uint64_t soft = 0;  // after any raise (UINT64_MAX: unlimited)
  std::uint64_t hard = 0;
  std::string message;  // what was done, or why it is not enough
};

// Raises the soft limit to at least `needed` if the hard limit allows
// (to the hard limit itself if it does not) and reports the outcome.
FdLimit EnsureFdLimit(std::uint64_t needed);

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_FD_LIMIT_H_
