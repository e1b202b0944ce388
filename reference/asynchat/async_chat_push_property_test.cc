// AsyncChat::push() sends data that fits in one piece straight from the
// caller's bytes when the queue is empty and no observer is attached, and
// queues it first otherwise (async_chat.h). The property: for any sequence of
// pushes, write events, partial sends, send errors and disconnects, an
// unobserved channel and an observed one (the queue-first path, the one the
// conformance suite drives through its observer) make the same send() calls,
// hold the same queue, and run the same handlers.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cerrno>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reference/asynchat/async_chat.h"
#include "reference/asynchat/chat_observer.h"
#include "reference/asynchat/producer.h"
#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_map.h"

namespace asynchat {
namespace {

using asyncore::ScriptedTransport;
using asyncore::SocketMap;

// Sees everything, changes nothing: it only switches push() to its
// queue-first path.
class SilentObserver : public ChatObserver {
 public:
  void OnReadEvent(AsyncChat&) override {}
  void OnWriteEvent(AsyncChat&) override {}
  void OnCollect(AsyncChat&, std::string_view) override {}
  void OnFoundTerminator(AsyncChat&) override {}
  void OnFoundTerminatorReturned(AsyncChat&) override {}
  void OnError(AsyncChat&) override {}
  void OnCloseStep(AsyncChat&) override {}
  void OnSetTerminator(AsyncChat&, const Terminator&) override {}
  void OnPush(AsyncChat&, std::string_view) override {}
  std::shared_ptr<Producer> OnPushWithProducer(AsyncChat&, std::shared_ptr<Producer> producer) override {
    return producer;
  }
  void OnCloseWhenDone(AsyncChat&) override {}
  void OnDiscardBuffers(AsyncChat&) override {}
  void OnClose(AsyncChat&) override {}
};

// A channel whose handlers overwrite the buffer it pushes from (push() must
// have copied whatever is still queued by then) and may keep the channel
// open after an error or a close.
class LendingChat : public AsyncChat {
 public:
  LendingChat(SocketMap* map, bool closes)
      : AsyncChat(std::make_unique<ScriptedTransport>(), map),
        transport(*static_cast<ScriptedTransport*>(socket())),
        closes_(closes) {}

  void collect_incoming_data(std::string_view) override {}
  void found_terminator() override {}
  void handle_close() override {
    log.push_back("close");
    lent.assign(lent.size(), 'C');
    if (closes_) AsyncChat::handle_close();
  }
  void handle_error() override {
    log.push_back("error: " + asyncore::DescribeCurrentException());
    lent.assign(lent.size(), 'E');
    if (closes_) AsyncChat::handle_error();
  }

  ScriptedTransport& transport;
  std::string lent;  // what push(std::string_view) is given
  std::vector<std::string> log;

 private:
  bool closes_;
};

struct Op {
  enum class Kind { kPushView, kPushMoved, kPushProducer, kWriteEvent, kBudget, kSendError, kCloseWhenDone, kDiscard };
  Kind kind;
  std::string data;
  std::size_t number = 0;  // budget, errno, or producer buffer size
};

rc::Gen<Op> GenOp(std::size_t out_buffer_size) {
  auto bytes = rc::gen::resize(static_cast<int>(2 * out_buffer_size + 2),
                               rc::gen::container<std::string>(rc::gen::elementOf(std::string("abcxyz"))));
  return rc::gen::oneOf(
      rc::gen::map(bytes, [](std::string d) { return Op{Op::Kind::kPushView, std::move(d)}; }),
      rc::gen::map(bytes, [](std::string d) { return Op{Op::Kind::kPushMoved, std::move(d)}; }),
      rc::gen::map(bytes, [](std::string d) { return Op{Op::Kind::kPushProducer, std::move(d), 3}; }),
      rc::gen::just(Op{Op::Kind::kWriteEvent, {}}),
      rc::gen::map(rc::gen::inRange<std::size_t>(0, 2 * out_buffer_size + 2),
                   [](std::size_t k) { return Op{Op::Kind::kBudget, {}, k}; }),
      rc::gen::map(rc::gen::elementOf(std::vector<std::size_t>{EAGAIN, EPIPE, ECONNRESET, EIO}),
                   [](std::size_t err) { return Op{Op::Kind::kSendError, {}, err}; }),
      rc::gen::just(Op{Op::Kind::kCloseWhenDone, {}}), rc::gen::just(Op{Op::Kind::kDiscard, {}}));
}

void Apply(const Op& op, LendingChat& chat) {
  switch (op.kind) {
    case Op::Kind::kPushView:
      chat.lent = op.data;
      chat.push(std::string_view(chat.lent));
      chat.lent.assign(chat.lent.size(), 'X');  // the caller reuses its buffer at once
      break;
    case Op::Kind::kPushMoved:
      chat.push(std::string(op.data));
      break;
    case Op::Kind::kPushProducer:
      chat.push_with_producer(std::make_shared<SimpleProducer>(op.data, op.number));
      break;
    case Op::Kind::kWriteEvent:
      if (chat.connected()) chat.handle_write_event();
      break;
    case Op::Kind::kBudget:
      chat.transport.AddSendBudget(op.number);
      break;
    case Op::Kind::kSendError:
      chat.transport.AddSendError(static_cast<int>(op.number));
      break;
    case Op::Kind::kCloseWhenDone:
      chat.close_when_done();
      break;
    case Op::Kind::kDiscard:
      chat.discard_buffers();
      break;
  }
}

// Everything either channel shows after an operation, as one string.
std::string Observable(LendingChat& chat) {
  std::string s = "sent=" + chat.transport.sent() + " items=" + std::to_string(chat.output_queue().items()) +
                  " buffered=" + std::to_string(chat.output_queue().buffered_bytes()) +
                  " writable=" + std::to_string(chat.writable()) + " connected=" + std::to_string(chat.connected());
  for (const ScriptedTransport::Call& call : chat.transport.calls()) {
    s += "\n call " + std::to_string(static_cast<int>(call.kind)) + " offered=" + call.data +
         " result=" + std::to_string(call.result) + " errno=" + std::to_string(call.error);
  }
  for (const std::string& line : chat.log) s += "\n " + line;
  return s;
}

RC_GTEST_PROP(AsyncChatPushProperty, StraightFromTheCallerOrQueuedFirstAlike, ()) {
  const std::size_t out_buffer_size = *rc::gen::inRange<std::size_t>(1, 9);
  const bool closes = *rc::gen::arbitrary<bool>();
  const std::vector<Op> ops = *rc::gen::resize(40, rc::gen::container<std::vector<Op>>(GenOp(out_buffer_size)));
  SocketMap map;
  SilentObserver silent;
  LendingChat observed(&map, closes);
  LendingChat direct(&map, closes);
  observed.set_observer(&silent);
  for (LendingChat* chat : {&observed, &direct}) chat->set_ac_out_buffer_size(out_buffer_size);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    Apply(ops[i], observed);
    Apply(ops[i], direct);
    RC_ASSERT(Observable(direct) == Observable(observed));
  }
  // Whatever is still queued goes out as the queue-first channel sends it.
  for (int i = 0; i < 200 && observed.connected() && observed.writable(); ++i) {
    Apply(Op{Op::Kind::kWriteEvent, {}}, observed);
    Apply(Op{Op::Kind::kWriteEvent, {}}, direct);
  }
  RC_ASSERT(Observable(direct) == Observable(observed));
}

// The property's premise: the two channels take different paths. While
// send() runs, the unobserved channel's push is not in its queue; the
// observed channel's is.
TEST(AsyncChatPush, OnlyTheUnobservedChannelSendsWithoutQueueingFirst) {
  for (bool observe : {false, true}) {
    SocketMap map;
    SilentObserver silent;
    LendingChat chat(&map, /*closes=*/true);
    if (observe) chat.set_observer(&silent);
    std::size_t queued_during_send = 99;
    chat.transport.set_observer([&](const ScriptedTransport::Call& call) {
      if (call.kind == ScriptedTransport::Call::Kind::kSend) queued_during_send = chat.output_queue().items();
    });
    chat.lent = "hello";
    chat.push(std::string_view(chat.lent));
    EXPECT_EQ(queued_during_send, observe ? 1u : 0u) << (observe ? "observed" : "unobserved");
    EXPECT_EQ(chat.transport.sent(), "hello");
    EXPECT_TRUE(chat.output_queue().empty());
  }
}

}  // namespace
}  // namespace asynchat
