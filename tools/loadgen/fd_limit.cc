#include "tools/loadgen/fd_limit.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace loadgen {
namespace {

std::string Show(rlim_t v) { return v == RLIM_INFINITY ? "unlimited" : std::to_string(v); }

}  // namespace

FdLimitResult RaiseFdLimit(std::uint64_t needed) {
  FdLimitResult r;
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    r.message = std::string("cannot read RLIMIT_NOFILE: ") + std::strerror(errno);
    return r;
  }
  r.before = r.after = lim.rlim_cur;
  r.hard = lim.rlim_max;
  if (lim.rlim_cur == RLIM_INFINITY || lim.rlim_cur >= needed) {
    r.enough = true;
    return r;
  }
  rlimit want = lim;
  want.rlim_cur = lim.rlim_max;  // as far as allowed: the server started later needs room too
  if (setrlimit(RLIMIT_NOFILE, &want) != 0) {
    r.message = "RLIMIT_NOFILE is " + Show(lim.rlim_cur) + " and could not be raised (" + std::strerror(errno) +
                "); " + std::to_string(needed) + " descriptors are needed";
    return r;
  }
  r.after = want.rlim_cur;
  r.enough = want.rlim_cur == RLIM_INFINITY || want.rlim_cur >= needed;
  r.message = "raised RLIMIT_NOFILE from " + Show(lim.rlim_cur) + " to " + Show(want.rlim_cur);
  if (!r.enough) {
    r.message += ", the hard limit, which is below the " + std::to_string(needed) +
                 " descriptors needed (raise the hard limit: ulimit -Hn, as root)";
  }
  return r;
}

}  // namespace loadgen
