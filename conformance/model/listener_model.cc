#include "conformance/model/listener_model.h"

#include <cerrno>
#include <utility>

#include "traces/errno_names.h"

// Each rule cites the spec/SPEC.md clause it implements. "CPython" = CPython
// 3.11's /usr/lib/python3.11/asyncore.py, followed where the documents are
// silent (the clauses of basis cpython-decided).

namespace conformance {
namespace {

using traces::Arg;
using traces::Record;

Arg Word(std::string s) { return Arg{Arg::Kind::kWord, std::move(s)}; }

// core.accept.pair-or-none, core.accept.aborted: the errnos after which
// accept() answers None (CPython dispatcher.accept: EWOULDBLOCK, EAGAIN,
// ECONNABORTED).
bool AcceptsNothing(int err) { return err == EWOULDBLOCK || err == EAGAIN || err == ECONNABORTED; }

}  // namespace

ListenerModel::ListenerModel(const traces::ChannelConfig& config, std::vector<std::string> accepted_channels,
                             std::string file, std::vector<Record>* out)
    : id_(config.id), file_(std::move(file)), out_(out), accepted_channels_(std::move(accepted_channels)) {}

std::optional<std::string> ListenerModel::AcceptEvent(std::optional<int> error, const Record& at) {
  // core.event.accept: a read event on a listening channel runs
  // handle_accept(). CPython asyncore.read(obj): an exception escaping it
  // goes to handle_error().
  if (error) {
    // core.accept.pair-or-none: no connection after all -> None, ignored.
    if (AcceptsNothing(*error)) return std::nullopt;
    // core.accept.error-escapes: any other failure of accept() raises out of
    // handle_accept into handle_error.
    HandleError("OSError:" + traces::ErrnoName(*error));
    return std::nullopt;
  }
  if (next_ == accepted_channels_.size()) {
    throw traces::TraceError(file_ + ":" + std::to_string(at.line) + ": listener " + id_ +
                             " accepts a connection but no accepted_by=" + id_ + " channel is left to create");
  }
  // core.accept.handle-accepted (handle_accept's default hands the pair to
  // handle_accepted, which the application overrides) and
  // example.asyncore-echo.server (an application's handle_accept calls
  // accept() itself): either way the application makes one channel of the
  // new socket.
  std::string created = accepted_channels_[next_++];
  Emit("accepted", {Word(created)});
  return created;
}

void ListenerModel::Poll() {
  // core.loop.asks-readable-writable: readable() is the default True;
  // core.loop.listening-not-writable: an accepting channel is never watched
  // for writing.
  Emit("poll", {Word("readable=1"), Word("writable=0")});
}

void ListenerModel::HandleError(const std::string& kind) {
  // core.handle-error.called, core.handle-error.default-closes: reported,
  // then the default handle_close() (core.handle-close.default), which
  // closes the listener only (core.handle-error.channel-only).
  Emit("error", {Word(kind)});
  Emit("handle_close");
  Close();
}

void ListenerModel::Close() {
  // core.close.socket; FORMAT.md: `close` is reported once, at the first.
  // core.accept.channels-independent: the accepted channels have sockets of
  // their own and stay open.
  if (socket_closed_) return;
  socket_closed_ = true;
  Emit("close");
}

void ListenerModel::Emit(std::string verb, std::vector<Arg> args) {
  out_->push_back(Record{Record::Direction::kOutput, id_, std::move(verb), std::move(args), 0});
}

}  // namespace conformance
