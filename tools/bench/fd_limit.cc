#include "tools/bench/fd_limit.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace bench {
namespace {

std::uint64_t Value(rlim_t v) { return v == RLIM_INFINITY ? UINT64_MAX : static_cast<std::uint64_t>(v); }

std::string Show(std::uint64_t v) { return v == UINT64_MAX ? "unlimited" : std::to_string(v); }

}  // namespace

FdLimit EnsureFdLimit(std::uint64_t needed) {
  FdLimit out;
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) {
    out.message = std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno);
    return out;
  }
  out.soft = Value(lim.rlim_cur);
  out.hard = Value(lim.rlim_max);
  if (out.soft >= needed) {
    out.enough = true;
    out.message = "RLIMIT_NOFILE soft limit " + Show(out.soft) + " allows " + std::to_string(needed) + " descriptors";
    return out;
  }
  const std::uint64_t target = out.hard >= needed ? needed : out.hard;
  rlimit raised = lim;
  raised.rlim_cur = static_cast<rlim_t>(target);
  if (setrlimit(RLIMIT_NOFILE, &raised) != 0) {
    out.message = "cannot raise RLIMIT_NOFILE soft limit from " + Show(out.soft) + " to " + Show(target) + ": " +
                  std::strerror(errno);
    return out;
  }
  const std::uint64_t before = out.soft;
  out.soft = target;
  out.enough = target >= needed;
  if (out.enough) {
    out.message = "raised RLIMIT_NOFILE soft limit from " + Show(before) + " to " + Show(target);
  } else {
    out.message = "RLIMIT_NOFILE hard limit " + Show(out.hard) + " is below the " + std::to_string(needed) +
                  " descriptors needed (soft limit raised from " + Show(before) +
                  " to it; raise the hard limit, e.g. `ulimit -Hn " + std::to_string(needed) + "` as root)";
  }
  return out;
}

}  // namespace bench
