#include "reference/asyncore/fd_limit.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace asyncore {
namespace {

std::uint64_t Value(rlim_t v) { return v == RLIM_INFINITY ? UINT64_MAX : static_cast<std::uint64_t>(v); }

std::string Show(std::uint64_t v) { return v == UINT64_MAX ? "unlimited" : std::to_string(v); }

}  // namespace

FdLimit RaiseFdLimit(std::uint64_t needed) {
  FdLimit out;
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    out.message = std::string("cannot read RLIMIT_NOFILE: ") + std::strerror(errno);
    return out;
  }
  out.before = out.soft = Value(lim.rlim_cur);
  out.hard = Value(lim.rlim_max);
  if (out.soft >= needed) {
    out.enough = true;
    return out;
  }
  rlimit raised = lim;
  raised.rlim_cur = lim.rlim_max;  // as far as allowed: a server started later needs room too
  if (setrlimit(RLIMIT_NOFILE, &raised) != 0) {
    out.message = "RLIMIT_NOFILE is " + Show(out.soft) + " and could not be raised (" + std::strerror(errno) + "); " +
                  std::to_string(needed) + " descriptors are needed";
    return out;
  }
  out.soft = out.hard;
  out.enough = out.soft >= needed;
  out.message = "raised RLIMIT_NOFILE from " + Show(out.before) + " to " + Show(out.soft);
  if (!out.enough) {
    out.message += ", the hard limit, which is below the " + std::to_string(needed) +
                   " descriptors needed (raise the hard limit, e.g. `ulimit -Hn " + std::to_string(needed) +
                   "` as root)";
  }
  return out;
}

}  // namespace asyncore
