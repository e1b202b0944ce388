#include "reference/asyncore/recording_transport.h"

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "reference/asyncore/os_error.h"

namespace asyncore {
namespace {

// The errno a transport call threw. BlockingIOError always means would-block,
// whatever value it carries, and traces name that EAGAIN.
int ErrnoThrown(const std::system_error& e) {
  if (dynamic_cast<const BlockingIOError*>(&e) != nullptr) return EAGAIN;
  int err = ErrnoOf(e);
  return err != 0 ? err : EIO;
}

}  // namespace

RecordingTransport::RecordingTransport(std::unique_ptr<Transport> inner, Observer observer)
    : inner_(std::move(inner)), observer_(std::move(observer)) {
  if (!inner_) throw std::invalid_argument("RecordingTransport needs a transport to wrap");
}

void RecordingTransport::Report(const TransportCall& call) {
  if (observer_) observer_(*this, call);
}

std::size_t RecordingTransport::recv(char* buf, std::size_t n) {
  TransportCall call{TransportCall::Kind::kRecv, n, {}, 0, 0};
  try {
    call.result = inner_->recv(buf, n);
  } catch (const std::system_error& e) {
    call.error = ErrnoThrown(e);
    Report(call);
    throw;
  }
  call.data.assign(buf, call.result);
  Report(call);
  return call.result;
}

std::size_t RecordingTransport::send(std::string_view data) {
  TransportCall call{TransportCall::Kind::kSend, data.size(), std::string(data), 0, 0};
  try {
    call.result = inner_->send(data);
  } catch (const std::system_error& e) {
    call.error = ErrnoThrown(e);
    Report(call);
    throw;
  }
  Report(call);
  return call.result;
}

void RecordingTransport::close() {
  inner_->close();
  if (closed_) return;
  closed_ = true;
  Report(TransportCall{TransportCall::Kind::kClose, 0, {}, 0, 0});
}

int RecordingTransport::take_error() {
  TransportCall call{TransportCall::Kind::kTakeError, 0, {}, 0, 0};
  call.error = inner_->take_error();
  Report(call);
  return call.error;
}

std::optional<AcceptedConnection> RecordingTransport::accept() {
  std::optional<AcceptedConnection> accepted = inner_->accept();
  if (accepted) accepted->transport = std::make_unique<RecordingTransport>(std::move(accepted->transport), observer_);
  return accepted;
}

}  // namespace asyncore
