// AsyncChat's observer hooks: what is reported, in which order, and that the
// producer an observer returns is the one queued. Scripted transport only.
#include "reference/asynchat/chat_observer.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/scripted_transport.h"

namespace asynchat {
namespace {

class Log : public ChatObserver {
 public:
  std::vector<std::string> events;
  std::function<std::shared_ptr<Producer>(std::shared_ptr<Producer>)> replace;

  void OnReadEvent(AsyncChat&) override { events.push_back("read"); }
  void OnWriteEvent(AsyncChat&) override { events.push_back("write"); }
  void OnCollect(AsyncChat&, std::string_view d) override { events.push_back("collect " + std::string(d)); }
  void OnFoundTerminator(AsyncChat&) override { events.push_back("found"); }
  void OnFoundTerminatorReturned(AsyncChat&) override { events.push_back("found returned"); }
  void OnError(AsyncChat&) override { events.push_back(std::current_exception() ? "error (in catch)" : "error"); }
  void OnCloseStep(AsyncChat&) override { events.push_back("close step"); }
  void OnSetTerminator(AsyncChat&, const Terminator& t) override { events.push_back("set_terminator " + t.Describe()); }
  void OnPush(AsyncChat&, std::string_view d) override { events.push_back("push " + std::string(d)); }
  std::shared_ptr<Producer> OnPushWithProducer(AsyncChat&, std::shared_ptr<Producer> p) override {
    events.push_back("push_with_producer");
    return replace ? replace(std::move(p)) : p;
  }
  void OnCloseWhenDone(AsyncChat&) override { events.push_back("close_when_done"); }
  void OnDiscardBuffers(AsyncChat&) override { events.push_back("discard_buffers"); }
  void OnClose(AsyncChat&) override { events.push_back("close"); }
};

class Chat : public AsyncChat {
 public:
  using AsyncChat::AsyncChat;
  std::function<void(Chat&)> on_found;
  void collect_incoming_data(std::string_view) override {}
  void found_terminator() override {
    if (on_found) on_found(*this);
  }
  void log_info(std::string_view, std::string_view) override {}
};

struct Rig {
  asyncore::SocketMap map;
  asyncore::ScriptedTransport* script;
  std::unique_ptr<Chat> chat;
  Log log;
  Rig() {
    auto t = std::make_unique<asyncore::ScriptedTransport>();
    script = t.get();
    chat = std::make_unique<Chat>(std::move(t), &map);
    chat->set_observer(&log);
  }
};

TEST(ChatObserver, ReadEventHandlerCallsAndCallsInsideFoundTerminatorInOrder) {
  Rig rig;
  rig.chat->set_terminator("\n");
  rig.chat->on_found = [](Chat& c) { c.push("x"); };
  rig.script->AddRecv("ab\ncd");
  asyncore::dispatch_read(*rig.chat);
  EXPECT_EQ(rig.log.events, (std::vector<std::string>{"set_terminator str:\"\\n\"", "read", "collect ab", "found",
                                                       "push x", "found returned", "collect cd"}));
  EXPECT_EQ(rig.script->sent(), "x");
}

TEST(ChatObserver, FoundTerminatorThatThrowsStillReportsItsReturnAndTheError) {
  Rig rig;
  rig.chat->set_terminator("\n");
  rig.chat->on_found = [](Chat&) { throw std::runtime_error("boom"); };
  rig.script->AddRecv("a\n");
  asyncore::dispatch_read(*rig.chat);
  EXPECT_EQ(rig.log.events, (std::vector<std::string>{"set_terminator str:\"\\n\"", "read", "collect a", "found",
                                                       "found returned", "error (in catch)", "close"}));
  EXPECT_LT(rig.chat->fileno(), 0);
}

TEST(ChatObserver, TheProducerTheObserverReturnsIsTheOneQueued) {
  Rig rig;
  auto replacement = std::make_shared<SimpleProducer>("from observer");
  rig.log.replace = [&](std::shared_ptr<Producer>) { return replacement; };
  rig.chat->push_with_producer(std::make_shared<SimpleProducer>("original"));
  EXPECT_EQ(rig.script->sent(), "from observer");
}

TEST(ChatObserver, CloseWhenDoneSentinelIsReportedBeforeTheClose) {
  Rig rig;
  rig.chat->close_when_done();
  asyncore::dispatch_write(*rig.chat);
  EXPECT_EQ(rig.log.events, (std::vector<std::string>{"close_when_done", "write", "close step", "close"}));
}

TEST(ChatObserver, DiscardBuffersIsReportedAndADetachedChatReportsNothing) {
  Rig rig;
  rig.chat->discard_buffers();
  rig.chat->set_observer(nullptr);
  EXPECT_EQ(rig.chat->observer(), nullptr);
  rig.chat->push("y");
  rig.chat->close();
  EXPECT_EQ(rig.log.events, (std::vector<std::string>{"discard_buffers"}));
  EXPECT_EQ(rig.script->sent(), "y");
}

}  // namespace
}  // namespace asynchat
