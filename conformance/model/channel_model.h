// ChannelModel: one async_chat channel over a scripted socket, as the
// clauses of spec/SPEC.md state it: the documents, and CPython 3.11 where
// they are silent. Written for clarity, not speed, and independently of the C++
// reference. chat_model.cc (RunModel) drives one of these per trace channel.
//
// Contract:
//  - Every callback the application would see, and every socket call, is
//    appended to the output records as it happens (collect, found_terminator,
//    more, send, connect, close, error, the version-2 recv and handle_close,
//    and log on a `log=` channel), in the order CPython 3.11 makes them.
//    RunModel leaves out what the scenario's format version does not record.
//  - A Python exception is a thrown PythonException carrying its kind as
//    traces write it (ValueError, TypeError, OSError:EIO, ...). The event
//    entry points (ReadEvent, WriteEvent) catch it and run handle_error, as
//    asyncore's loop does; application calls (Perform) let it escape, so the
//    caller can report `raise <Kind>`.
//  - A scenario no implementation could be given (a producer used before it
//    is declared, a malformed action) throws traces::TraceError naming
//    FILE:LINE.
#ifndef ASYNCHAT_CONFORMANCE_MODEL_CHANNEL_MODEL_H_
#define ASYNCHAT_CONFORMANCE_MODEL_CHANNEL_MODEL_H_

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "traces/trace.h"

namespace conformance {

// A Python exception raised inside the model, by kind.
struct PythonException {
  std::string kind;
};

// What one recv() call does when a read event runs.
struct RecvResult {
  enum class Kind { kData, kEof, kWouldBlock, kError } kind;
  std::string data;  // kData
  int error = 0;     // kError: the errno recv() fails with
};

class ChannelModel {
 public:
  // `file` names the scenario in TraceError messages; outputs go to `out`.
  ChannelModel(const traces::ChannelConfig& config, std::size_t default_buffer_size, std::string file,
               std::vector<traces::Record>* out);

  std::size_t in_buffer_size() const { return in_buffer_size_; }
  // The socket was closed: the loop no longer delivers events to it.
  bool socket_closed() const { return socket_closed_; }

  // Loop events: asyncore's read(obj) / write(obj). An exception that
  // handle_error itself raises (an `on handle_close` action that raises)
  // leaves the event as a PythonException, as it leaves asyncore's wrapper.
  void ReadEvent(const RecvResult& recv);
  void WriteEvent();
  // A loop pass asks readable() and writable() (FORMAT.md `poll`); outputs
  // `poll readable=0|1 writable=0|1`.
  void Poll();

  // Socket scripting: the next send() calls accept at most N bytes / fail.
  void QueueSendBudget(std::size_t n) { send_script_.push_back(SendStep{false, n, 0}); }
  void QueueSendError(int err) { send_script_.push_back(SendStep{true, 0, err}); }

  // Application setup (no outputs).
  void DeclareProducer(const std::string& id, std::vector<std::string> chunks) { producers_[id] = std::move(chunks); }
  void AddReaction(std::size_t call, traces::Record action) { reactions_[call].push_back(std::move(action)); }
  // `on connect ACTION...` / `on handle_close ACTION...` (the action and its
  // arguments follow the word connect / handle_close in the record).
  void AddConnectReaction(traces::Record action) { connect_reactions_.push_back(std::move(action)); }
  void AddCloseReaction(traces::Record action) { close_reactions_.push_back(std::move(action)); }

  // Application call: set_terminator, push, push_typed, push_with_producer,
  // close_when_done, discard_buffers or close with its arguments. `at` is
  // the trace record it comes from (for TraceError). Throws PythonException
  // when the call raises.
  void Perform(const std::string& verb, const std::vector<traces::Arg>& args, const traces::Record& at);

 private:
  struct Terminator {
    enum class Kind { kNone, kCount, kString } kind = Kind::kNone;
    long long count = 0;
    std::string text;
  };
  struct Data {
    std::string bytes;
  };
  struct Producer {
    std::string id;
    std::vector<std::string> chunks;
    std::size_t next = 0;
  };
  struct CloseSentinel {};
  using QueueItem = std::variant<Data, Producer, CloseSentinel>;
  struct SendStep {
    bool is_error;
    std::size_t budget;
    int error;
  };

  // The input side.
  void HandleRead(const RecvResult& recv);
  void ReportRecv(const RecvResult& recv);
  void FrameBuffer();
  void SetTerminator(const std::vector<traces::Arg>& args, const traces::Record& at);
  void CollectIncomingData(const std::string& data);
  void FoundTerminator();

  // The output side.
  void Push(const std::string& data);
  void PushWithProducer(const std::string& id, const traces::Record& at);
  void PushBytesAsProducer(const std::string& data);
  void InitiateSend();
  std::string ProducerMore(Producer& producer);
  std::size_t DispatcherSend(const std::string& data);

  // asyncore's dispatcher.
  void HandleConnectEvent();
  void HandleError(const std::string& kind);
  void HandleClose();
  void Close();
  // dispatcher.log_info: a `log` output unless the type is ignored or the
  // channel does not report logging (no `log=` setting).
  void LogInfo(const std::string& message, const std::string& type);
  // Runs `on connect` / `on handle_close` reactions' actions (keep_open is
  // not one: HandleClose reads it); returns whether keep_open was among them.
  bool RunCallbackReactions(const std::vector<traces::Record>& reactions);

  [[noreturn]] void Fail(const traces::Record& at, const std::string& what) const;
  void Emit(std::string verb, std::vector<traces::Arg> args = {});

  std::string id_;
  std::string file_;
  std::vector<traces::Record>* out_;
  std::size_t in_buffer_size_;
  std::size_t out_buffer_size_;
  std::optional<std::size_t> send_cap_;

  bool connected_;
  bool connecting_;
  bool socket_closed_ = false;
  bool report_log_;
  std::set<std::string> ignore_log_types_;

  std::optional<Terminator> terminator_;  // unset until set_terminator (CPython has no default)
  std::string ac_in_buffer_;              // received, not yet passed to collect_incoming_data
  std::deque<QueueItem> producer_fifo_;

  std::deque<SendStep> send_script_;
  std::map<std::string, std::vector<std::string>> producers_;
  std::map<std::size_t, std::vector<traces::Record>> reactions_;
  std::size_t found_terminator_calls_ = 0;
  std::vector<traces::Record> connect_reactions_;
  std::vector<traces::Record> close_reactions_;
  int handle_close_depth_ = 0;  // handle_close calls in progress (reactions may re-enter it)
};

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_MODEL_CHANNEL_MODEL_H_
