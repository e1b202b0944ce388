#include "traces/errno_names.h"

#include <cerrno>
#include <utility>

namespace traces {
namespace {

constexpr std::pair<const char*, int> kNames[] = {
    {"EAGAIN", EAGAIN},           {"EWOULDBLOCK", EWOULDBLOCK}, {"EINTR", EINTR},
    {"ECONNRESET", ECONNRESET},   {"EPIPE", EPIPE},             {"ENOTCONN", ENOTCONN},
    {"ESHUTDOWN", ESHUTDOWN},     {"ECONNABORTED", ECONNABORTED}, {"EBADF", EBADF},
    {"ECONNREFUSED", ECONNREFUSED}, {"ETIMEDOUT", ETIMEDOUT},   {"EHOSTUNREACH", EHOSTUNREACH},
    {"ENETUNREACH", ENETUNREACH}, {"ENOBUFS", ENOBUFS},         {"ENOMEM", ENOMEM},
    {"EIO", EIO},                 {"EINVAL", EINVAL},           {"EMFILE", EMFILE},
    {"ENFILE", ENFILE},           {"EACCES", EACCES},           {"EPERM", EPERM},
};

}  // namespace

std::optional<int> ErrnoFromName(const std::string& name) {
  for (const auto& [n, v] : kNames) {
    if (name == n) return v;
  }
  return std::nullopt;
}

std::string ErrnoName(int err) {
  for (const auto& [n, v] : kNames) {
    if (v == err) return n;  // EAGAIN before EWOULDBLOCK: Linux gives both one value
  }
  return "E" + std::to_string(err);
}

}  // namespace traces
