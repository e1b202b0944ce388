// The reference side of format-2 listener channels (traces/FORMAT.md
// "Version 2": `channel s listener=accepted|accept`): a real
// asyncore::Dispatcher that listens on a scripted socket whose accept()
// returns the next scripted connection, made by the application style the
// trace names.
//
//  - ScriptedListenerSocket: a ScriptedTransport that can listen; accept()
//    takes the next queued step: the next pending connection (its transport
//    handed over, peer 127.0.0.1:0) or an errno. EWOULDBLOCK/EAGAIN/ECONNABORTED answer
//    "nothing waiting" as a real socket transport does; any other errno is
//    thrown. With nothing queued it would block.
//  - TracedListener: `accepted` overrides handle_accepted() (the default
//    handle_accept() calls accept()); `accept` overrides handle_accept() and
//    calls accept() itself. Either hands the connection to `make_channel`,
//    which creates the async_chat and returns its trace id, then reports
//    `accepted <id>`. handle_error reports `error <Kind>` and runs
//    handle_close(); handle_close reports `handle_close`, then the default
//    closes. log_info lines are no trace output and are dropped. `close` is
//    the transport's to report, as for every channel.
#ifndef ASYNCHAT_REFERENCE_HARNESS_TRACED_LISTENER_H_
#define ASYNCHAT_REFERENCE_HARNESS_TRACED_LISTENER_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_map.h"
#include "traces/trace.h"

namespace harness {

class ScriptedListenerSocket : public asyncore::ScriptedTransport {
 public:
  // A connection a later accept may return, in order.
  void AddPending(std::unique_ptr<asyncore::Transport> connection) { pending_.push_back(std::move(connection)); }
  // The next accept() returns the next pending connection (false: none is
  // left) / fails with `err`.
  bool QueueConnection();
  void QueueAcceptError(int err) { steps_.push_back(err); }

  void bind(const asyncore::SocketAddress&) override {}
  void listen(int) override {}
  std::optional<asyncore::AcceptedConnection> accept() override;

 private:
  std::deque<std::unique_ptr<asyncore::Transport>> pending_;
  std::deque<int> steps_;  // 0: a connection, else an errno
  std::size_t queued_connections_ = 0;
};

class TracedListener : public asyncore::Dispatcher {
 public:
  // Makes the channel of an accepted connection; returns its trace id.
  using ChannelMaker = std::function<std::string(asyncore::AcceptedConnection)>;

  // `style`: "accepted" or "accept" (ChannelConfig::listener). Listens on
  // `socket`, registered in `map`; outputs go to `out`, which must outlive it.
  TracedListener(std::string id, std::string style, std::unique_ptr<ScriptedListenerSocket> socket,
                 asyncore::SocketMap* map, ChannelMaker make_channel, std::vector<traces::Record>* out);

  void handle_accept() override;
  void handle_accepted(asyncore::AcceptedConnection connection) override;
  void handle_close() override;
  void handle_error() override;
  void log_info(std::string_view, std::string_view) override {}

 private:
  void Output(std::string verb, std::vector<traces::Arg> args = {});

  std::string id_;
  std::string style_;
  ChannelMaker make_channel_;
  std::vector<traces::Record>* out_;
};

}  // namespace harness

#endif  // ASYNCHAT_REFERENCE_HARNESS_TRACED_LISTENER_H_
