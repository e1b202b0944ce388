// Properties of DispatcherWithSend's buffer, for any messages and any
// sequence of send results the transport may produce (partial sends,
// would-block): the peer gets exactly the bytes given, in order; no
// send() is offered more than 65536 bytes; once drained, nothing is
// pending and the channel is no longer writable.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cerrno>
#include <memory>
#include <string>
#include <vector>

#include "reference/asyncore/dispatcher_with_send.h"
#include "reference/asyncore/scripted_transport.h"

namespace asyncore {
namespace {

// One scripted send() result: accept up to `budget` bytes, or would-block.
struct SendResult {
  bool would_block;
  std::size_t budget;
};

rc::Gen<SendResult> AnySendResult() {
  return rc::gen::oneOf(rc::gen::construct<SendResult>(rc::gen::just(true), rc::gen::just<std::size_t>(0)),
                        rc::gen::construct<SendResult>(rc::gen::just(false), rc::gen::inRange<std::size_t>(0, 70000)));
}

// Messages up to a little over 65536 bytes, so some need two sends.
rc::Gen<std::string> AnyMessage() {
  return rc::gen::oneOf(rc::gen::string<std::string>(),
                        rc::gen::map(rc::gen::inRange<std::size_t>(0, 140000),
                                     [](std::size_t n) { return std::string(n, 'm'); }));
}

RC_GTEST_PROP(DispatcherWithSendProperty, DeliversExactlyWhatWasGivenInOrder, ()) {
  const auto messages = *rc::gen::container<std::vector<std::string>>(AnyMessage());
  const auto results = *rc::gen::container<std::vector<SendResult>>(AnySendResult());

  auto script = std::make_unique<ScriptedTransport>();
  ScriptedTransport* transport = script.get();
  for (const SendResult& r : results) {
    if (r.would_block) {
      script->AddSendError(EAGAIN);
    } else {
      script->AddSendBudget(r.budget);
    }
  }
  SocketMap map;
  DispatcherWithSend channel(std::move(script), &map);

  std::string expected;
  for (const std::string& m : messages) {
    RC_ASSERT(channel.send(m) == m.size());
    expected += m;
  }
  // Scripted results run out eventually; after that sends take everything.
  std::size_t bound = results.size() + expected.size() / 65536 + 2;
  while (channel.pending() > 0 && bound-- > 0) channel.handle_write();

  RC_ASSERT(transport->sent() == expected);
  RC_ASSERT(channel.pending() == 0u);
  RC_ASSERT(!channel.writable());
  for (const ScriptedTransport::Call& call : transport->calls()) RC_ASSERT(call.requested <= 65536u);
}

}  // namespace
}  // namespace asyncore
