// The incremental reference: each input's outputs are exactly the ones the
// checked-in traces record after it, reactions outlive the records they came
// from, and what no implementation could be given is a TraceError naming the
// line.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>

#include "reference/harness/reference_session.h"
#include "reference/harness/checked_in_traces.h"
#include "traces/observables.h"
#include "traces/trace_format.h"

namespace harness {
namespace {

traces::Record Input(const std::string& line_text, int line) { return traces::ParseRecordLine(line_text, "test", line); }

traces::ChannelConfig Channel(const std::string& id, std::optional<std::size_t> in_buffer = {}, int line = 0) {
  traces::ChannelConfig c;
  c.id = id;
  c.in_buffer = in_buffer;
  c.line = line;
  return c;
}

std::string Formatted(const std::vector<traces::Record>& records) {
  std::string out;
  for (const traces::Record& r : records) out += traces::FormatRecord(r) + "\n";
  return out;
}

TEST(ReferenceSession, EachInputYieldsTheOutputsTheTraceRecordsAfterIt) {
  int traces_checked = 0;
  for (const traces::Trace& t : TracesTheReferenceCanReplay()) {
    ReferenceSession session(t.file);
    for (const traces::ChannelConfig& c : t.channels) session.AddChannel(c);
    for (std::size_t i = 0; i < t.records.size(); ++i) {
      if (t.records[i].direction != traces::Record::Direction::kInput) continue;
      std::vector<traces::Record> expected;
      for (std::size_t j = i + 1; j < t.records.size() && t.records[j].direction == traces::Record::Direction::kOutput; ++j) {
        expected.push_back(t.records[j]);
      }
      // The session reports every observable; a version-1 trace records fewer.
      EXPECT_EQ(Formatted(traces::ObservableAt(session.Feed(t.records[i]), t.version, t)), Formatted(expected))
          << t.file << ":" << t.records[i].line << ": " << traces::FormatRecord(t.records[i]);
    }
    ++traces_checked;
  }
  EXPECT_GE(traces_checked, 3);
}

TEST(ReferenceSession, ReactionOutlivesTheFedRecord) {
  ReferenceSession session;
  session.AddChannel(Channel("c"));
  session.Feed(Input(R"(> c set_terminator str:"\n")", 1));
  {
    traces::Record reaction = Input(R"(> c on found_terminator 1 push "pong")", 2);
    EXPECT_TRUE(session.Feed(reaction).empty());
  }  // the record is gone; the session kept its own copy
  std::vector<traces::Record> out = session.Feed(Input(R"(> c read "ping\n")", 3));
  EXPECT_EQ(Formatted(out), "< c recv 4096 5\n< c collect \"ping\"\n< c found_terminator\n< c send \"pong\" 4\n");
}

TEST(ReferenceSession, ChannelMayBeAddedBetweenInputs) {
  ReferenceSession session;
  session.AddChannel(Channel("a"));
  EXPECT_EQ(Formatted(session.Feed(Input(R"(> a push "x")", 1))), "< a send \"x\" 1\n");
  session.AddChannel(Channel("b", 2));
  EXPECT_TRUE(session.Feed(Input("> b set_terminator none", 2)).empty());
  EXPECT_EQ(Formatted(session.Feed(Input(R"(> b read "ab")", 2))), "< b recv 2 2\n< b collect \"ab\"\n");
}

TEST(ReferenceSession, ClosedChannelDropsEvents) {
  ReferenceSession session;
  session.AddChannel(Channel("c"));
  EXPECT_EQ(Formatted(session.Feed(Input("> c read eof", 1))), "< c recv 4096 0\n< c handle_close\n< c close\n");
  EXPECT_TRUE(session.Feed(Input(R"(> c read "x")", 2)).empty());
  EXPECT_TRUE(session.Feed(Input("> c write", 3)).empty());
}

// FORMAT.md "Version 2": an async_chat's recv() sizes and every entry into
// handle_close, observed without changing what the reference does: the
// close_when_done marker and a disconnect enter it, the application's own
// close() does not.
TEST(ReferenceSession, ReportsRecvSizesAndHandleCloseEntries) {
  ReferenceSession session;
  session.AddChannel(Channel("c", 8));
  session.AddChannel(Channel("d"));
  session.AddChannel(Channel("e"));
  session.Feed(Input("> c set_terminator int:3", 1));
  EXPECT_EQ(Formatted(session.Feed(Input("> c read wouldblock", 2))), "< c recv 8 error EAGAIN\n");
  EXPECT_EQ(Formatted(session.Feed(Input(R"(> c read "abcd")", 3))),
            "< c recv 8 4\n< c collect \"abc\"\n< c found_terminator\n< c collect \"d\"\n");
  EXPECT_EQ(Formatted(session.Feed(Input("> c read error ECONNRESET", 4))),
            "< c recv 8 error ECONNRESET\n< c handle_close\n< c close\n");
  EXPECT_TRUE(session.Feed(Input("> d close_when_done", 5)).empty());
  EXPECT_EQ(Formatted(session.Feed(Input("> d write", 6))), "< d handle_close\n< d close\n");
  EXPECT_EQ(Formatted(session.Feed(Input("> e close", 7))), "< e close\n");
}

void ExpectTraceError(const std::function<void()>& f, const std::string& fragment) {
  try {
    f();
    ADD_FAILURE() << "expected TraceError containing: " << fragment;
  } catch (const traces::TraceError& e) {
    EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
  }
}

TEST(ReferenceSession, WhatNoImplementationCouldBeGivenIsATraceError) {
  ReferenceSession session("case.x");
  session.AddChannel(Channel("c", 2, 4));
  ExpectTraceError([&] { session.AddChannel(Channel("c", {}, 5)); },
                   "case.x:5: channel c declared twice");
  ExpectTraceError([&] { session.Feed(Input("> d write", 6)); }, "case.x:6: channel d used before it is declared");
  ExpectTraceError([&] { session.Feed(Input("< c found_terminator", 7)); }, "case.x:7: an output record cannot be fed");
  ExpectTraceError([&] { session.Feed(Input(R"(> c read "abc")", 8)); },
                   "case.x:8: read of 3 bytes exceeds channel c's in_buffer 2");
  ExpectTraceError([&] { session.Feed(Input("> c push_with_producer p", 9)); },
                   "case.x:9: producer p used before it is declared");
  ExpectTraceError([&] { session.Feed(Input(R"(> c push_typed str "x")", 10)); },
                   "case.x:10: push_typed str cannot be replayed");
  ExpectTraceError([&] { session.Feed(Input(R"(> c push_typed int "1")", 10)); },
                   "case.x:10: push_typed int cannot be replayed");
  ExpectTraceError([&] { session.Feed(Input(R"(> c push_typed none "")", 10)); },
                   "case.x:10: push_typed none cannot be replayed");
  // The session is still usable, and nothing of the failed inputs leaks into the next answer.
  EXPECT_TRUE(session.Feed(Input("> c set_terminator none", 11)).empty());
  EXPECT_EQ(Formatted(session.Feed(Input(R"(> c read "ab")", 11))), "< c recv 2 2\n< c collect \"ab\"\n");
}

// The connect, log, error and close records among `records` (other helpers'
// version-2 outputs are not this test's subject).
std::string LogRelated(const std::vector<traces::Record>& records) {
  std::vector<traces::Record> kept;
  for (const traces::Record& r : records) {
    if (r.verb == "connect" || r.verb == "log" || r.verb == "error" || r.verb == "close") kept.push_back(r);
  }
  return Formatted(kept);
}

// traces/FORMAT.md "Logging": only a log= channel reports log_info; the
// default handle_error's line has the fixed message, after `error` and
// before `close`; with ignore_log_types emptied (log=all) the default
// handle_connect's warning shows, with log=default it stays ignored.
TEST(ReferenceSession, LogRecordsOnChannelsDeclaredLogOnly) {
  ReferenceSession session;
  traces::ChannelConfig quiet = Channel("q");
  quiet.connected = false;
  traces::ChannelConfig all = quiet, filtered = quiet;
  all.id = "a";
  all.log = "all";
  filtered.id = "d";
  filtered.log = "default";
  for (const traces::ChannelConfig& c : {quiet, all, filtered}) session.AddChannel(c);
  EXPECT_EQ(LogRelated(session.Feed(Input("> q write", 1))), "< q connect\n");
  EXPECT_EQ(LogRelated(session.Feed(Input("> a write", 2))), "< a connect\n< a log warning \"unhandled connect event\"\n");
  EXPECT_EQ(LogRelated(session.Feed(Input("> d write", 3))), "< d connect\n");
  EXPECT_EQ(LogRelated(session.Feed(Input("> q read error EIO", 4))), "< q error OSError:EIO\n< q close\n");
  EXPECT_EQ(LogRelated(session.Feed(Input("> d read error EIO", 5))),
            "< d error OSError:EIO\n< d log error \"uncaptured exception\"\n< d close\n");
}

TEST(ReferenceSession, EndlessHandleCloseReactionsAreATraceError) {
  // A push inside handle_close that meets the socket closed inside
  // handle_connect (EBADF, a disconnect) re-enters handle_close: refused
  // at a depth, naming the reaction's line, instead of exhausting the stack.
  ReferenceSession session("case.x");
  traces::ChannelConfig c = Channel("c");
  c.connected = false;
  session.AddChannel(c);
  session.Feed(Input(R"(> c push "y")", 2));
  session.Feed(Input("> c on connect close", 3));
  session.Feed(Input(R"(> c on handle_close push "x")", 4));
  ExpectTraceError([&] { session.Feed(Input("> c write", 5)); },
                   "case.x:4: on handle_close reactions re-enter handle_close more than 64 levels deep");
}

traces::ChannelConfig App(const std::string& id, const std::string& app, bool connected, int line = 0) {
  traces::ChannelConfig c = Channel(id, {}, line);
  c.app = app;
  c.connected = connected;
  return c;
}

// The same exchange conformance/adapters/python/adapter_selftest.py gives
// CPython's asyncore ("apps"): both applications side by side, an HTTP client
// connected by a read event, events to a closed channel dropped.
TEST(ReferenceSession, AsyncoreApplicationsSideBySide) {
  ReferenceSession session;
  traces::ChannelConfig echo = App("s", "asyncore_echo_handler", true);
  echo.send_cap = 2;
  session.AddChannel(echo);
  session.AddChannel(App("c", "asyncore_http_client", false));
  EXPECT_EQ(Formatted(session.Feed(Input("> s poll", 1))), "< s poll readable=1 writable=0\n");
  EXPECT_EQ(Formatted(session.Feed(Input(R"(> s read "abc")", 2))), "< s recv 8192 3\n< s send \"abc\" 2\n");
  EXPECT_EQ(Formatted(session.Feed(Input(R"(> c read "early")", 3))),
            "< c connect\n< c recv 8192 5\n< c print \"early\"\n");
  EXPECT_EQ(Formatted(session.Feed(Input("> c poll", 4))), "< c poll readable=1 writable=1\n");
  EXPECT_EQ(Formatted(session.Feed(Input("> s read eof", 5))), "< s recv 8192 0\n< s close\n");
  EXPECT_TRUE(session.Feed(Input("> s poll", 6)).empty());
  EXPECT_TRUE(session.Feed(Input("> s write", 7)).empty());
  EXPECT_TRUE(session.Feed(Input("> c send_error ECONNRESET", 8)).empty());
  EXPECT_EQ(Formatted(session.Feed(Input("> c write", 9))),
            "< c send \"GET / HTTP/1.0\\r\\n\\r\\n\" error ECONNRESET\n< c close\n");
}

TEST(ReferenceSession, WhatAnAppChannelCannotBeGivenIsATraceError) {
  ReferenceSession session("case.y");
  ExpectTraceError([&] { session.AddChannel(App("c", "asyncore_http_client", true, 2)); },
                   "case.y:2: app=asyncore_http_client connects in its constructor: declare it connected=0");
  traces::ChannelConfig sized = App("s", "asyncore_echo_handler", true, 3);
  sized.in_buffer = 64;
  ExpectTraceError([&] { session.AddChannel(sized); }, "case.y:3: in_buffer does not apply to app=asyncore_echo_handler");
  session.AddChannel(App("s", "asyncore_echo_handler", true, 4));
  session.AddChannel(Channel("t", {}, 5));
  ExpectTraceError([&] { session.Feed(Input(R"(> s push "x")", 6)); },
                   "case.y:6: push is not an input of an app=asyncore_echo_handler channel");
  ExpectTraceError([&] { session.Feed(Input("> s on found_terminator 1 close", 7)); },
                   "case.y:7: on is not an input of an app=asyncore_echo_handler channel");
  // Format 2 polls async_chat channels too (FORMAT.md "Version 2").
  EXPECT_EQ(Formatted(session.Feed(Input("> t poll", 8))), "< t poll readable=1 writable=0\n");
  ExpectTraceError([&] { session.Feed(Input("> s read \"" + std::string(8193, 'x') + "\"", 9)); },
                   "case.y:9: read of 8193 bytes exceeds channel s's recv(8192) (app=asyncore_echo_handler)");
  // Nothing was run: the channel is as it was.
  EXPECT_EQ(Formatted(session.Feed(Input(R"(> s read "ok")", 10))), "< s recv 8192 2\n< s send \"ok\" 2\n");
}

}  // namespace
traces::ChannelConfig Listener(const std::string& id, const std::string& style) {
  traces::ChannelConfig c = Channel(id);
  c.listener = style;
  return c;
}

traces::ChannelConfig AcceptedBy(const std::string& id, const std::string& listener, int line = 0) {
  traces::ChannelConfig c = Channel(id, {}, line);
  c.accepted_by = listener;
  return c;
}

// A listener's accepted channel takes inputs only once accepted; an accept
// error closes the listener, not the channel it accepted before.
TEST(ReferenceSession, ListenerCreatesItsChannelsWhenItAccepts) {
  for (const char* style : {"accepted", "accept"}) {
    SCOPED_TRACE(style);
    ReferenceSession session("case.l");
    session.AddChannel(Listener("s", style));
    session.AddChannel(AcceptedBy("a", "s", 2));
    ExpectTraceError([&] { session.Feed(Input("> a set_terminator none", 3)); },
                     "case.l:3: channel a is not accepted yet (its listener accepts it with > s accept)");
    EXPECT_EQ(Formatted(session.Feed(Input("> s poll", 4))), "< s poll readable=1 writable=0\n");
    EXPECT_TRUE(session.Feed(Input("> s accept error ECONNABORTED", 5)).empty());
    EXPECT_EQ(Formatted(session.Feed(Input("> s accept", 6))), "< s accepted a\n");
    ExpectTraceError([&] { session.Feed(Input("> s accept", 7)); },
                     "case.l:7: listener s accepts a connection but no accepted_by=s channel is left to create");
    EXPECT_EQ(Formatted(session.Feed(Input("> s accept error EPERM", 8))),
              "< s error OSError:EPERM\n< s handle_close\n< s close\n");
    EXPECT_TRUE(session.Feed(Input("> s accept", 9)).empty());
    EXPECT_TRUE(session.Feed(Input("> a set_terminator none", 10)).empty());
    EXPECT_EQ(Formatted(session.Feed(Input(R"(> a read "x")", 11))), "< a recv 4096 1\n< a collect \"x\"\n");
  }
  ReferenceSession session("case.m");
  ExpectTraceError([&] { session.AddChannel(AcceptedBy("a", "s", 3)); },
                   "case.m:3: accepted_by=s names no listener declared before it");
}

}  // namespace harness
