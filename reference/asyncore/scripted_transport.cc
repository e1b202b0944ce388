#include "reference/asyncore/scripted_transport.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "reference/asyncore/os_error.h"

namespace asyncore {
namespace {

// Synthetic ids start far above any descriptor a process can hold, so a
// scripted channel never collides with a real one in a shared map.
std::atomic<int> next_scripted_id{1 << 30};

}  // namespace

ScriptedTransport::ScriptedTransport() : id_(next_scripted_id++), peer_(SocketAddress::Inet("127.0.0.1", 0)) {}

std::size_t ScriptedTransport::recv(char* buf, std::size_t n) {
  Call call{Call::Kind::kRecv, n, {}, 0, 0};
  if (closed_) call.error = EBADF;
  else if (recv_.empty()) call.error = EAGAIN;
  else if (recv_.front().kind == RecvStep::Kind::kError) {
    call.error = recv_.front().error;
    recv_.pop_front();
  } else if (recv_.front().kind == RecvStep::Kind::kEof) {
    recv_.pop_front();
  } else {
    RecvStep& step = recv_.front();
    std::size_t k = std::min(n, step.data.size());
    std::memcpy(buf, step.data.data(), k);
    call.data.assign(step.data, 0, k);
    call.result = k;
    step.data.erase(0, k);
    if (step.data.empty()) recv_.pop_front();
  }
  calls_.push_back(call);
  if (observer_) observer_(call);
  if (call.error != 0) ThrowOsError(call.error, "recv (scripted)");
  return call.result;
}

std::size_t ScriptedTransport::send(std::string_view data) {
  Call call{Call::Kind::kSend, data.size(), std::string(data), 0, 0};
  if (closed_) {
    call.error = EBADF;
  } else if (send_.empty()) {
    call.result = std::min(data.size(), default_send_cap_);
  } else {
    SendStep step = send_.front();
    send_.pop_front();
    if (step.kind == SendStep::Kind::kError) call.error = step.error;
    else call.result = std::min(data.size(), step.max);
  }
  calls_.push_back(call);
  if (observer_) observer_(call);
  if (call.error != 0) ThrowOsError(call.error, "send (scripted)");
  sent_.append(data.substr(0, call.result));
  return call.result;
}

void ScriptedTransport::close() {
  if (closed_) return;
  closed_ = true;
  calls_.push_back(Call{Call::Kind::kClose, 0, {}, 0, 0});
  if (observer_) observer_(calls_.back());
}

int ScriptedTransport::take_error() {
  int err = pending_error_;
  pending_error_ = 0;
  return err;
}

SocketAddress ScriptedTransport::peer_address() const {
  if (peer_.empty()) ThrowOsError(ENOTCONN, "getpeername (scripted)");
  return peer_;
}

}  // namespace asyncore
