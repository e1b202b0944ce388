#include "reference/harness/traced_listener.h"

#include <cerrno>
#include <utility>

#include "reference/asyncore/os_error.h"
#include "reference/harness/reference_session.h"

namespace harness {

bool ScriptedListenerSocket::QueueConnection() {
  if (queued_connections_ == pending_.size()) return false;
  ++queued_connections_;
  steps_.push_back(0);
  return true;
}

std::optional<asyncore::AcceptedConnection> ScriptedListenerSocket::accept() {
  if (closed()) asyncore::ThrowOsError(EBADF, "accept");
  if (steps_.empty()) return std::nullopt;
  const int error = steps_.front();
  steps_.pop_front();
  if (error == 0) {
    --queued_connections_;
    std::unique_ptr<asyncore::Transport> connection = std::move(pending_.front());
    pending_.pop_front();
    return asyncore::AcceptedConnection{std::move(connection), asyncore::SocketAddress::Inet("127.0.0.1", 0)};
  }
  // What SocketTransport::accept answers for the same errnos.
  if (error == EAGAIN || error == EWOULDBLOCK || error == ECONNABORTED) return std::nullopt;
  asyncore::ThrowOsError(error, "accept");
}

TracedListener::TracedListener(std::string id, std::string style, std::unique_ptr<ScriptedListenerSocket> socket,
                               asyncore::SocketMap* map, ChannelMaker make_channel, std::vector<traces::Record>* out)
    : Dispatcher(map), id_(std::move(id)), style_(std::move(style)), make_channel_(std::move(make_channel)), out_(out) {
  set_socket(std::move(socket));
  listen(5);  // the documented echo servers' backlog
}

void TracedListener::handle_accept() {
  if (style_ == "accepted") {
    Dispatcher::handle_accept();  // accept(), then handle_accepted() for a pair
    return;
  }
  // The Python 2 application's own handle_accept.
  std::optional<asyncore::AcceptedConnection> pair = accept();
  if (pair) Output("accepted", {traces::Arg{traces::Arg::Kind::kWord, make_channel_(std::move(*pair))}});
}

void TracedListener::handle_accepted(asyncore::AcceptedConnection connection) {
  Output("accepted", {traces::Arg{traces::Arg::Kind::kWord, make_channel_(std::move(connection))}});
}

void TracedListener::handle_close() {
  Output("handle_close");
  Dispatcher::handle_close();
}

void TracedListener::handle_error() {
  Output("error", {traces::Arg{traces::Arg::Kind::kWord, CurrentExceptionKind()}});
  handle_close();
}

void TracedListener::Output(std::string verb, std::vector<traces::Arg> args) {
  out_->push_back(traces::Record{traces::Record::Direction::kOutput, id_, std::move(verb), std::move(args), 0});
}

}  // namespace harness
