// ListenerModel: one listening dispatcher of a format-2 trace
// (`channel s listener=accepted|accept`), as the clauses of spec/SPEC.md
// state it; RunModel (chat_model.cc) drives one per listener beside the
// ChannelModels of its async_chat channels.
//
// Contract:
//  - AcceptEvent is the loop finding the listener readable with a connection
//    pending (or accept() failing with `error`): it returns the id of the
//    async_chat channel the application created, the next `accepted_by=`
//    channel in declaration order, after reporting `accepted <id>`; or
//    nullopt when nothing was accepted. Both styles (handle_accepted
//    overridden, or handle_accept calling accept() itself) report the same.
//  - Outputs go to the shared record list as they happen: accepted, poll,
//    error, handle_close, close.
//  - A listener with no accepted_by channel left to create throws
//    traces::TraceError naming FILE:LINE.
#ifndef ASYNCHAT_CONFORMANCE_MODEL_LISTENER_MODEL_H_
#define ASYNCHAT_CONFORMANCE_MODEL_LISTENER_MODEL_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace conformance {

class ListenerModel {
 public:
  // `accepted_channels`: the ids declared accepted_by=this listener, in
  // declaration order. `file` names the scenario in TraceError messages.
  ListenerModel(const traces::ChannelConfig& config, std::vector<std::string> accepted_channels, std::string file,
                std::vector<traces::Record>* out);

  bool socket_closed() const { return socket_closed_; }

  // The loop's read event on the listener; `error` is the errno accept()
  // fails with, if it fails. `at` is the input record (for TraceError).
  std::optional<std::string> AcceptEvent(std::optional<int> error, const traces::Record& at);
  // A loop pass asking what to watch: `poll readable=1 writable=0`.
  void Poll();
  // The application's close().
  void Close();

 private:
  void HandleError(const std::string& kind);
  void Emit(std::string verb, std::vector<traces::Arg> args = {});

  std::string id_;
  std::string file_;
  std::vector<traces::Record>* out_;
  std::vector<std::string> accepted_channels_;
  std::size_t next_ = 0;
  bool socket_closed_ = false;
};

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_MODEL_LISTENER_MODEL_H_
