#include "conformance/adapter_kit/scripted_socket.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "traces/errno_names.h"

namespace adapter_kit {
namespace {

traces::Arg Word(std::string s) { return traces::Arg{traces::Arg::Kind::kWord, std::move(s)}; }
traces::Arg Bytes(std::string s) { return traces::Arg{traces::Arg::Kind::kBytes, std::move(s)}; }

}  // namespace

ScriptedSocket::ScriptedSocket(std::string channel, std::vector<traces::Record>* out,
                               std::optional<std::size_t> send_cap)
    : channel_(std::move(channel)), out_(out), send_cap_(send_cap) {}

void ScriptedSocket::Record(std::string verb, std::vector<traces::Arg> args) {
  out_->push_back(traces::Record{traces::Record::Direction::kOutput, channel_, std::move(verb), std::move(args), 0});
}

long ScriptedSocket::recv(void* buf, std::size_t n) {
  const traces::Arg size = Word(std::to_string(n));
  int error = closed_ ? EBADF : reads_.empty() ? EAGAIN : reads_.front().error;
  if (error) {
    if (!closed_ && !reads_.empty()) reads_.pop_front();
    Record("recv", {size, Word("error"), Word(traces::ErrnoName(error))});
    errno = error;
    return -1;
  }
  Read& next = reads_.front();
  const std::size_t got = std::min(n, next.data.size());
  std::memcpy(buf, next.data.data(), got);
  next.data.erase(0, got);
  // A read's bytes stay until taken; an eof is one recv.
  if (next.data.empty()) reads_.pop_front();
  Record("recv", {size, Word(std::to_string(got))});
  return static_cast<long>(got);
}

long ScriptedSocket::send(const void* data, std::size_t n) {
  std::string offered(static_cast<const char*>(data), n);
  int error = closed_ ? EBADF : 0;
  std::size_t accepted = n;
  if (!error && !sends_.empty()) {
    error = sends_.front().error;
    accepted = std::min(n, sends_.front().max);
    sends_.pop_front();
  } else if (!error && send_cap_) {
    accepted = std::min(n, *send_cap_);
  }
  if (error) {
    Record("send", {Bytes(std::move(offered)), Word("error"), Word(traces::ErrnoName(error))});
    errno = error;
    return -1;
  }
  Record("send", {Bytes(std::move(offered)), Word(std::to_string(accepted))});
  return static_cast<long>(accepted);
}

void ScriptedSocket::close() {
  if (closed_) return;
  closed_ = true;
  Record("close", {});
}

}  // namespace adapter_kit
