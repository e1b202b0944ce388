// Recorder and Producer: how an implementation under test reports its
// callbacks to the C++ adapter kit (adapter_kit.h), and the producer objects
// the kit hands to its push_with_producer.
//
// The implementation calls the Recorder where Python's async_chat would call
// the application's method (the application is the kit):
//   collect(data)       collect_incoming_data(data)     -> `collect "data"`
//   found_terminator()  found_terminator()              -> `found_terminator`,
//                       then this call's `on found_terminator N` reactions
//   connect()           handle_connect()                -> `connect`, then the
//                       `on connect` reactions
//   handle_close()      handle_close(), on entry        -> `handle_close`, then
//                       the `on handle_close` reactions; false if one was
//                       `keep_open` (the implementation must then not close)
//   error()             handle_error(), from inside the catch block of the
//                       exception it handles            -> `error KIND`
//   log(type, message)  log_info(message, type) that was not ignored
//                                                       -> `log TYPE "message"`
//                       on a channel declared `log=`, nothing on another;
//                       the line the default handle_error logs is reported
//                       with message traces::kHandleErrorLogMessage (its
//                       own text is the implementation's, FORMAT.md "Logging")
// Reactions call back into the channel (ChatUnderTest) as the application
// would; an exception they raise comes out of found_terminator() / connect()
// / handle_close() into the implementation, as it would in Python.
// `close` and `send`/`recv` are recorded by the ScriptedSocket.
#ifndef ASYNCHAT_CONFORMANCE_ADAPTER_KIT_RECORDER_H_
#define ASYNCHAT_CONFORMANCE_ADAPTER_KIT_RECORDER_H_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "traces/observables.h"
#include "traces/trace.h"

namespace adapter_kit {

// A producer the case declared (`producer p "a" "b"`): more() returns the
// chunks in turn, then "" forever, and records each call as `more p "..."`.
class Producer {
 public:
  Producer(std::string channel, std::string id, std::vector<std::string> chunks, std::vector<traces::Record>* out);
  std::string more();

 private:
  std::string channel_, id_;
  std::vector<std::string> chunks_;
  std::size_t next_ = 0;
  std::vector<traces::Record>* out_;
};

class Recorder {
 public:
  // Runs one reaction's action (a record's verb and arguments) on the channel.
  using Perform = std::function<void(const std::string& verb, const std::vector<traces::Arg>& args, int line)>;
  // Maps the exception being handled to its kind (ValueError, OSError:EPIPE).
  using ExceptionKind = std::function<std::string()>;

  // `report_log`: the channel was declared `log=`.
  Recorder(std::string channel, std::vector<traces::Record>* out, Perform perform, ExceptionKind kind,
           bool report_log = false);

  void collect(std::string_view data);
  void found_terminator();
  void connect();
  [[nodiscard]] bool handle_close();
  void error();
  void log(std::string_view type, std::string_view message);

  // The kit's side: an `on ...` input of this channel.
  void AddReaction(const traces::Record& on);

 private:
  void Record(std::string verb, std::vector<traces::Arg> args = {});
  // Runs `reactions` whose action starts at argument `action`; false if one is keep_open.
  bool Run(const std::vector<traces::Record>& reactions, std::size_t action);

  std::string channel_;
  std::vector<traces::Record>* out_;
  Perform perform_;
  ExceptionKind kind_;
  bool report_log_;
  std::size_t found_calls_ = 0;
  std::map<std::size_t, std::vector<traces::Record>> on_found_terminator_;
  std::vector<traces::Record> on_connect_, on_handle_close_;
};

}  // namespace adapter_kit

#endif  // ASYNCHAT_CONFORMANCE_ADAPTER_KIT_RECORDER_H_
