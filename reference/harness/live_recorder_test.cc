// LiveRecorder without sockets: real AsyncChats over ScriptedTransports
// wrapped in RecordingTransports, events dispatched by hand as the loop would.
// Each recording is checked by replaying it (Finish's self-check), and the
// runs format 1 cannot express are refused with a reason.
#include "reference/harness/live_recorder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "reference/asynchat/async_chat.h"
#include "reference/asynchat/producer.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/recording_transport.h"
#include "reference/asyncore/scripted_transport.h"
#include "traces/trace_format.h"

namespace harness {
namespace {

using asyncore::RecordingTransport;
using asyncore::ScriptedTransport;

// An application whose callbacks the test sets.
class App : public asynchat::AsyncChat {
 public:
  using AsyncChat::AsyncChat;
  std::function<void(App&)> on_connect;
  std::function<void(App&, std::string_view)> on_collect;
  std::function<void(App&)> on_found;

  void handle_connect() override {
    if (on_connect) on_connect(*this);
  }
  void collect_incoming_data(std::string_view data) override {
    if (on_collect) on_collect(*this, data);
  }
  void found_terminator() override {
    if (on_found) on_found(*this);
  }
  void log_info(std::string_view, std::string_view) override {}  // keep test output quiet
};

// One recorded channel over a script.
struct Channel {
  ScriptedTransport* script = nullptr;
  std::unique_ptr<App> app;
};

Channel MakeChannel(LiveRecorder& recorder, asyncore::SocketMap& map, const std::string& id, bool connected,
                    std::size_t in_buffer = 8, std::size_t out_buffer = 4) {
  Channel ch;
  auto scripted = std::make_unique<ScriptedTransport>();
  ch.script = scripted.get();
  if (!connected) {
    scripted->set_peer(asyncore::SocketAddress());
    scripted->set_connect_result(EINPROGRESS);
  }
  std::unique_ptr<RecordingTransport> wrapped = recorder.Wrap(std::move(scripted));
  RecordingTransport& raw = *wrapped;
  ch.app = std::make_unique<App>(std::move(wrapped), &map);
  ch.app->set_ac_in_buffer_size(in_buffer);
  ch.app->set_ac_out_buffer_size(out_buffer);
  recorder.Attach(*ch.app, id, raw);
  if (!connected) {
    ch.app->connect(asyncore::SocketAddress::Inet("127.0.0.1", 0));
    ch.script->set_peer(asyncore::SocketAddress::Inet("127.0.0.1", 0));
  }
  return ch;
}

TraceHeader Header() { return TraceHeader{"unit test", "recording scripted", {}}; }

std::vector<std::string> Lines(const traces::Trace& t) {
  std::vector<std::string> out;
  for (const traces::Record& r : t.records) out.push_back(traces::FormatRecord(r));
  return out;
}

bool Has(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::size_t IndexOf(const std::vector<std::string>& lines, const std::string& line) {
  return static_cast<std::size_t>(std::find(lines.begin(), lines.end(), line) - lines.begin());
}

// Delivers write events until the channel stops asking for them (bounded).
void DrainWrites(App& app, int max_events = 50) {
  for (int i = 0; i < max_events && app.fileno() >= 0 && app.writable(); ++i) asyncore::dispatch_write(app);
}

TEST(LiveRecorder, ReactionsProducersAndPartialSendsReplayExactly) {
  LiveRecorder recorder;
  asyncore::SocketMap map;
  Channel c = MakeChannel(recorder, map, "c", true);
  int found = 0;
  c.app->on_found = [&](App& app) {
    if (++found == 1) {
      app.push("ok\n");
      app.set_terminator(std::int64_t{3});
    } else {
      app.push_with_producer(std::make_shared<asynchat::SimpleProducer>("abcdefgh", 3));
      app.close_when_done();
    }
  };
  c.app->set_terminator("\n");
  c.script->AddRecv("hi\nab");
  c.script->AddRecv("c");
  c.script->AddSendBudget(1);  // the reply's first send accepts 1 of 3 bytes
  asyncore::dispatch_read(*c.app);
  asyncore::dispatch_read(*c.app);
  DrainWrites(*c.app);
  ASSERT_LT(c.app->fileno(), 0) << "close_when_done should have closed the channel";

  traces::Trace t = recorder.Finish(Header());  // throws if replay differs
  std::vector<std::string> lines = Lines(t);
  EXPECT_EQ(lines.front(), "> c producer p \"abc\" \"def\" \"gh\"");
  EXPECT_TRUE(Has(lines, "> c on found_terminator 1 push \"ok\\n\""));
  EXPECT_TRUE(Has(lines, "> c on found_terminator 1 set_terminator int:3"));
  EXPECT_TRUE(Has(lines, "> c on found_terminator 2 push_with_producer p"));
  EXPECT_TRUE(Has(lines, "> c on found_terminator 2 close_when_done"));
  // Declarations come before the first input in time.
  EXPECT_LT(IndexOf(lines, "> c on found_terminator 2 close_when_done"), IndexOf(lines, "> c set_terminator str:\"\\n\""));
  // The partial send's budget is in place before the read that caused it.
  std::size_t budget = IndexOf(lines, "> c send_budget 1");
  ASSERT_LT(budget, lines.size());
  EXPECT_EQ(lines[budget + 1], "> c read \"hi\\nab\"");
  EXPECT_TRUE(Has(lines, "< c send \"ok\\n\" 1"));
  EXPECT_TRUE(Has(lines, "< c more p \"\""));
  // The library's close (the close_when_done sentinel) is an output, not an input.
  EXPECT_TRUE(Has(lines, "< c close"));
  EXPECT_FALSE(Has(lines, "> c close"));
  EXPECT_FALSE(CheckReplay(t));
}

TEST(LiveRecorder, CallsInHandleConnectAreInputsBeforeTheConnectingEvent) {
  LiveRecorder recorder;
  asyncore::SocketMap map;
  Channel c = MakeChannel(recorder, map, "c", false);
  c.app->on_connect = [](App& app) {
    app.push("hello");
    app.set_terminator(std::int64_t{5});
  };
  asyncore::dispatch_write(*c.app);
  DrainWrites(*c.app);

  traces::Trace t = recorder.Finish(Header());
  ASSERT_EQ(t.channels.size(), 1u);
  EXPECT_FALSE(t.channels[0].connected);
  std::vector<std::string> lines = Lines(t);
  ASSERT_GE(lines.size(), 6u);
  EXPECT_EQ(lines[0], "> c push \"hello\"");
  EXPECT_EQ(lines[1], "> c set_terminator int:5");
  EXPECT_EQ(lines[2], "> c write");
  EXPECT_EQ(lines[3], "< c connect");
  EXPECT_EQ(lines[4], "< c send \"hell\" 4");  // out_buffer 4
  EXPECT_EQ(lines[5], "> c write");
}

TEST(LiveRecorder, ReadResultsAreInputsAndTheLibrarysCloseIsNot) {
  LiveRecorder recorder;
  asyncore::SocketMap map;
  Channel c = MakeChannel(recorder, map, "c", true);
  c.app->set_terminator("\n");
  c.script->AddRecvError(EAGAIN);
  c.script->AddRecv("x");
  c.script->AddEof();
  for (int i = 0; i < 3; ++i) asyncore::dispatch_read(*c.app);

  traces::Trace t = recorder.Finish(Header());
  EXPECT_EQ(Lines(t), (std::vector<std::string>{
                          "> c set_terminator str:\"\\n\"",
                          "> c read wouldblock",
                          "> c read \"x\"",
                          "< c collect \"x\"",
                          "> c read eof",
                          "< c close",
                      }));
}

TEST(LiveRecorder, ReadErrorsAndSendErrorsReplayWithTheirErrno) {
  LiveRecorder recorder;
  asyncore::SocketMap map;
  Channel a = MakeChannel(recorder, map, "a", true);
  Channel b = MakeChannel(recorder, map, "b", true);
  a.script->AddRecvError(ECONNRESET);
  asyncore::dispatch_read(*a.app);
  recorder.EndPass();  // what follows is not part of a's event
  b.script->AddSendError(ENOBUFS);  // not a disconnect: handle_error
  b.app->push("zz");

  traces::Trace t = recorder.Finish(Header());
  std::vector<std::string> lines = Lines(t);
  EXPECT_TRUE(Has(lines, "> a read error ECONNRESET"));
  EXPECT_TRUE(Has(lines, "> b send_error ENOBUFS"));
  EXPECT_TRUE(Has(lines, "< b error OSError:ENOBUFS"));
  EXPECT_EQ(IndexOf(lines, "> b send_error ENOBUFS") + 1, IndexOf(lines, "> b push \"zz\""));
}

TEST(LiveRecorder, HandlersTheRecorderFindsGetTheirConstructorsTerminator) {
  LiveRecorder recorder;
  recorder.set_discovered_ids({"h"});
  asyncore::SocketMap map;
  auto* app = asyncore::make_channel<App>(recorder.Wrap(std::make_unique<ScriptedTransport>()), &map);
  app->set_terminator("\r\n");  // as a handler's constructor would, before anyone observes it
  recorder.AttachNew(map);
  EXPECT_NE(app->observer(), nullptr);
  recorder.AttachNew(map);  // attaching twice would declare h twice

  traces::Trace t = recorder.Finish(Header());
  ASSERT_EQ(t.channels.size(), 1u);
  EXPECT_EQ(t.channels[0].id, "h");
  EXPECT_EQ(Lines(t), (std::vector<std::string>{"> h set_terminator str:\"\\r\\n\""}));
}

TEST(LiveRecorder, CallInsideCollectIsRefusedWithTheReason) {
  LiveRecorder recorder;
  asyncore::SocketMap map;
  Channel c = MakeChannel(recorder, map, "c", true);
  c.app->on_collect = [](App& app, std::string_view) { app.discard_buffers(); };
  c.app->set_terminator(asynchat::Terminator::None());
  c.script->AddRecv("data");
  asyncore::dispatch_read(*c.app);

  ASSERT_EQ(recorder.problems().size(), 1u);
  EXPECT_NE(recorder.problems()[0].find("> c discard_buffers"), std::string::npos) << recorder.problems()[0];
  try {
    recorder.Finish(Header());
    FAIL() << "Finish accepted a run format 1 cannot express";
  } catch (const RecordingError& e) {
    EXPECT_NE(std::string(e.what()).find("collect_incoming_data"), std::string::npos) << e.what();
  }
}

TEST(LiveRecorder, CallOnAnotherChannelInsideFoundTerminatorIsRefused) {
  LiveRecorder recorder;
  asyncore::SocketMap map;
  Channel a = MakeChannel(recorder, map, "a", true);
  Channel b = MakeChannel(recorder, map, "b", true);
  a.app->set_terminator("\n");
  a.app->on_found = [&](App&) { b.app->push("relay"); };
  a.script->AddRecv("x\n");
  asyncore::dispatch_read(*a.app);

  EXPECT_THROW(recorder.Finish(Header()), RecordingError);
  ASSERT_FALSE(recorder.problems().empty());
  EXPECT_NE(recorder.problems()[0].find("across channels"), std::string::npos) << recorder.problems()[0];
}

TEST(LiveRecorder, SelfCheckFailsWhenReplayCannotReproduceTheRun) {
  // collect_incoming_data throws live; replay's handler does not, so the
  // recorded outputs (an error and a close) cannot be reproduced.
  LiveRecorder recorder;
  asyncore::SocketMap map;
  Channel c = MakeChannel(recorder, map, "c", true);
  c.app->on_collect = [](App&, std::string_view) { throw std::runtime_error("boom"); };
  c.app->set_terminator(asynchat::Terminator::None());
  c.script->AddRecv("data");
  asyncore::dispatch_read(*c.app);

  traces::Trace t = recorder.Build(Header());
  std::optional<traces::Mismatch> m = CheckReplay(t);
  ASSERT_TRUE(m);
  EXPECT_NE(m->message.find("error RuntimeError"), std::string::npos) << m->message;
  EXPECT_THROW(recorder.Finish(Header()), RecordingError);
}

TEST(LiveRecorder, CheckReplayNamesTheLineOfAnAlteredRecord) {
  LiveRecorder recorder;
  asyncore::SocketMap map;
  Channel c = MakeChannel(recorder, map, "c", true);
  c.app->set_terminator("\n");
  c.script->AddRecv("ab\n");
  asyncore::dispatch_read(*c.app);
  traces::Trace t = recorder.Finish(Header());
  ASSERT_FALSE(CheckReplay(t));

  for (traces::Record& r : t.records) {
    if (r.verb == "read") r.args[0].text = "aX\n";
  }
  std::optional<traces::Mismatch> m = CheckReplay(t);
  ASSERT_TRUE(m);
  EXPECT_GT(m->line, 0);
  EXPECT_NE(m->message.find(":" + std::to_string(m->line) + ":"), std::string::npos) << m->message;
}

TEST(LiveRecorder, NothingIsRecordedAfterFinish) {
  LiveRecorder recorder;
  asyncore::SocketMap map;
  Channel c = MakeChannel(recorder, map, "c", true);
  c.app->push("a");
  traces::Trace t = recorder.Finish(Header());
  c.app->push("b");  // after Finish: neither recorded nor a problem
  EXPECT_TRUE(recorder.problems().empty());
  EXPECT_EQ(Lines(t), (std::vector<std::string>{"> c push \"a\"", "< c send \"a\" 1"}));
  EXPECT_EQ(Lines(recorder.Build(Header())).size(), 2u);
}

}  // namespace
}  // namespace harness
