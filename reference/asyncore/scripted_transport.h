// ScriptedTransport: a transport whose results come from a script, so that a
// real Dispatcher/AsyncChat can be driven deterministically (trace replay,
// conformance adapters, tests). Not a mock: it is part of the reference.
//
//  - recv(n) takes the next scripted step: data (returned n bytes at a time,
//    the remainder kept for the next call, as a socket would), EOF (returns
//    0), or an errno (thrown). With no step left it would block.
//  - send(data) takes the next scripted budget: accept up to k bytes, or an
//    errno (EAGAIN = would-block). With no budget left it accepts everything
//    (or what set_default_send_cap() allows).
//  - Every call is recorded in order in calls(), with what was offered and
//    what was returned, so a caller can compare against expected events.
// fileno() is a synthetic id (never a real descriptor); pollable() is false:
// the caller delivers readiness by calling the dispatcher's event handlers.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_SCRIPTED_TRANSPORT_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_SCRIPTED_TRANSPORT_H_

#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "reference/asyncore/transport.h"

namespace asyncore {

class ScriptedTransport : public Transport {
 public:
  struct RecvStep {
    enum class Kind { kData, kEof, kError } kind;
    std::string data;
    int error = 0;
  };
  struct SendStep {
    enum class Kind { kAccept, kError } kind;
    std::size_t max = 0;
    int error = 0;
  };
  struct Call {
    enum class Kind { kRecv, kSend, kClose } kind;
    std::size_t requested = 0;  // recv: buffer size; send: bytes offered
    std::string data;           // recv: bytes returned; send: bytes offered
    std::size_t result = 0;     // bytes returned or accepted
    int error = 0;              // errno thrown, 0 if none
  };

  ScriptedTransport();
  ~ScriptedTransport() override = default;

  void AddRecv(std::string data) { recv_.push_back({RecvStep::Kind::kData, std::move(data), 0}); }
  void AddEof() { recv_.push_back({RecvStep::Kind::kEof, {}, 0}); }
  void AddRecvError(int err) { recv_.push_back({RecvStep::Kind::kError, {}, err}); }
  void AddSendBudget(std::size_t max) { send_.push_back({SendStep::Kind::kAccept, max, 0}); }
  void AddSendError(int err) { send_.push_back({SendStep::Kind::kError, 0, err}); }
  void set_default_send_cap(std::size_t cap) { default_send_cap_ = cap; }
  void set_pending_error(int err) { pending_error_ = err; }
  // The default peer is 127.0.0.1:0 (a connected channel); an empty address
  // makes peer_address() fail with ENOTCONN, as an unconnected socket does.
  void set_peer(SocketAddress peer) { peer_ = std::move(peer); }
  // What connect_ex() returns (default 0: connected at once; EINPROGRESS
  // leaves the dispatcher connecting until its first event).
  void set_connect_result(int err) { connect_result_ = err; }
  // Called with each call record as it happens (after calls() has it), so a
  // caller can interleave sends with the handler calls around them.
  void set_observer(std::function<void(const Call&)> observer) { observer_ = std::move(observer); }

  std::size_t recv_steps_left() const { return recv_.size(); }
  std::size_t send_steps_left() const { return send_.size(); }
  const std::vector<Call>& calls() const { return calls_; }
  // All bytes accepted by send(), in order.
  const std::string& sent() const { return sent_; }
  bool closed() const { return closed_; }

  int fileno() const override { return id_; }
  bool pollable() const override { return false; }
  std::size_t recv(char* buf, std::size_t n) override;
  std::size_t send(std::string_view data) override;
  void close() override;
  int take_error() override;
  int connect_ex(const SocketAddress&) override { return connect_result_; }
  SocketAddress peer_address() const override;

 private:
  int id_;
  std::deque<RecvStep> recv_;
  std::deque<SendStep> send_;
  std::size_t default_send_cap_ = std::numeric_limits<std::size_t>::max();
  int pending_error_ = 0;
  SocketAddress peer_;
  std::vector<Call> calls_;
  std::string sent_;
  bool closed_ = false;
  int connect_result_ = 0;
  std::function<void(const Call&)> observer_;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_SCRIPTED_TRANSPORT_H_
