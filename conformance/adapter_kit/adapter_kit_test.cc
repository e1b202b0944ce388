// The adapter kit speaks the driver protocol for a small fake implementation:
// the hello declares what the features say (per protocol version), reads and
// sends are scripted and recorded, reactions run inside the Recorder's
// callbacks, exceptions become `raise`, and what cannot run is `fatal` or
// `unsupported`.
#include <gtest/gtest.h>

#include <cerrno>
#include <sstream>
#include <system_error>

#include "conformance/adapter_kit/adapter_kit.h"
#include "conformance/driver/driver_server.h"

namespace adapter_kit {
namespace {

// Frames input by a one-byte terminator `!` (when set to "!"), reads 3 bytes
// at a time, sends all it has on every push and write event.
class FakeChat : public ChatUnderTest {
 public:
  FakeChat(ScriptedSocket& socket, Recorder& recorder) : socket_(socket), recorder_(recorder) {}
  void set_terminator(const Terminator& t) override {
    if (t.kind == Terminator::Kind::kCount && t.count < 0) throw std::invalid_argument("negative");
  }
  void push(std::string_view data) override {
    pending_ += data;
    handle_write_event();
  }
  void push_with_producer(std::shared_ptr<Producer> p) override {
    for (std::string s = p->more(); !s.empty(); s = p->more()) pending_ += s;
  }
  void push_object(std::optional<std::int64_t>) override { throw PythonError("TypeError"); }
  void close() override { socket_.close(); }
  void handle_read_event() override {
    char buf[3];
    const long n = socket_.recv(buf, sizeof buf);
    if (n < 0 && errno == EAGAIN) return;
    if (n < 0) throw std::system_error(errno, std::generic_category());
    if (n == 0) {
      if (recorder_.handle_close()) close();
      return;
    }
    const std::string data(buf, n);
    recorder_.collect(data);
    if (data.find('!') != std::string::npos) recorder_.found_terminator();
  }
  void handle_write_event() override {
    const long sent = socket_.send(pending_.data(), pending_.size());
    if (sent > 0) pending_.erase(0, sent);
  }

 private:
  ScriptedSocket& socket_;
  Recorder& recorder_;
  std::string pending_;
};

Implementation Fake() {
  Implementation impl;
  impl.name = "fake";
  impl.features.int_terminator = true;
  impl.features.producers = true;
  impl.features.close_reactions = true;
  impl.features.push_objects = true;
  impl.make_channel = [](const ChannelSetup&, ScriptedSocket& s, Recorder& r) { return std::make_unique<FakeChat>(s, r); };
  return impl;
}

std::string Serve(const std::vector<std::string>& requests, const Implementation& impl = Fake()) {
  std::string text;
  for (const std::string& r : requests) text += r + "\n";
  std::istringstream in(text);
  std::ostringstream out;
  EXPECT_EQ(conformance::ServeDriverProtocol(in, out, adapter_kit::Serve(impl)), 0);
  return out.str();
}

// What a version-2 session answers after the handshake, a case and channel c.
std::string Case(std::vector<std::string> inputs, const Implementation& impl = Fake()) {
  inputs.insert(inputs.begin(), {"asynchat-driver 2", "case \"t\"", "channel c"});
  std::string out = Serve(inputs, impl);
  return out.substr(out.find("\nok\nok\n") + 7);
}

TEST(AdapterKit, HelloDeclaresTheFeaturesOfTheNegotiatedVersion) {
  EXPECT_EQ(Serve({"asynchat-driver 2"}),
            "hello 2 \"fake\" close_reactions int_terminator producers push_objects reactions recv_errors "
            "send_control string_terminator\n");
  // close_reactions and push_objects are version-2 capabilities.
  EXPECT_EQ(Serve({"asynchat-driver 1"}),
            "hello 1 \"fake\" int_terminator producers reactions recv_errors send_control string_terminator\n");
  Implementation fixed = Fake();
  fixed.features.in_buffer = 512;
  EXPECT_EQ(Serve({"asynchat-driver 2"}, fixed).find("string_terminator in_buffer=512\n") != std::string::npos, true);
}

TEST(AdapterKit, ReadsAreScriptedAndRecordedAsVersion2RecvRecords) {
  EXPECT_EQ(Case({"> c read \"ab!cd\"", "> c read wouldblock"}),
            "< c recv 3 3\n< c collect \"ab!\"\n< c found_terminator\nok\n"
            // the rest of a read is what the next recv returns, before what is scripted later
            "< c recv 3 2\n< c collect \"cd\"\nok\n");
  EXPECT_EQ(Case({"> c read wouldblock", "> c read error ECONNRESET", "> c write"}),
            "< c recv 3 error EAGAIN\nok\n< c recv 3 error ECONNRESET\n< c raise OSError:ECONNRESET\nok\n"
            "< c send \"\" 0\nok\n");
}

TEST(AdapterKit, AVersion1SessionGetsNoVersion2Outputs) {
  std::string out = Serve({"asynchat-driver 1", "case \"t\"", "channel c", "> c read \"x\"", "> c read eof"});
  EXPECT_EQ(out.substr(out.find("\nok\nok\n") + 7), "< c collect \"x\"\nok\n< c close\nok\n");
}

TEST(AdapterKit, SendsTakeBudgetsErrorsAndTheCap) {
  EXPECT_EQ(Case({"> c send_budget 2", "> c send_error EPIPE", "> c push \"hello\"", "> c write", "> c write"}),
            "ok\nok\n< c send \"hello\" 2\nok\n< c send \"llo\" error EPIPE\nok\n< c send \"llo\" 3\nok\n");
  std::string out = Serve({"asynchat-driver 2", "case \"t\"", "channel c send_cap=1", "> c push \"ab\""});
  EXPECT_NE(out.find("< c send \"ab\" 1\n"), std::string::npos) << out;
}

TEST(AdapterKit, ReactionsRunInsideTheNthCallback) {
  EXPECT_EQ(Case({"> c on found_terminator 2 push \"x\"", "> c on found_terminator 2 close", "> c read \"a!\"",
                  "> c read \"b!\"", "> c read \"c!\""}),
            "ok\nok\n< c recv 3 2\n< c collect \"a!\"\n< c found_terminator\nok\n"
            "< c recv 3 2\n< c collect \"b!\"\n< c found_terminator\n< c send \"x\" 1\n< c close\nok\n"
            // a closed channel's events are dropped
            "ok\n");
  EXPECT_EQ(Case({"> c on handle_close push \"bye\"", "> c on handle_close keep_open", "> c read eof", "> c close"}),
            "ok\nok\n< c recv 3 0\n< c handle_close\n< c send \"bye\" 3\nok\n< c close\nok\n");
}

TEST(AdapterKit, LogRecordsOnlyOnLogChannels) {
  // Logs every close, naming the channel's log= setting (what it would
  // base its ignored log types on).
  class LoggingChat : public FakeChat {
   public:
    LoggingChat(const ChannelSetup& setup, ScriptedSocket& s, Recorder& r) : FakeChat(s, r), setup_(setup), r_(r) {}
    void close() override {
      r_.log("info", "closing, log=" + setup_.log);
      FakeChat::close();
    }

   private:
    ChannelSetup setup_;
    Recorder& r_;
  };
  Implementation impl = Fake();
  impl.features.logging = true;
  impl.make_channel = [](const ChannelSetup& setup, ScriptedSocket& s, Recorder& r) {
    return std::make_unique<LoggingChat>(setup, s, r);
  };
  EXPECT_NE(Serve({"asynchat-driver 2"}, impl).find(" logging "), std::string::npos);
  EXPECT_EQ(Serve({"asynchat-driver 1"}, impl).find("logging"), std::string::npos);
  std::string out = Serve({"asynchat-driver 2", "case \"t\"", "channel c", "channel d log=all", "channel e log=default",
                           "> c close", "> d close", "> e close"},
                          impl);
  EXPECT_EQ(out.substr(out.find("\nok\nok\nok\nok\n") + 13),
            "< c close\nok\n< d log info \"closing, log=all\"\n< d close\nok\n"
            "< e log info \"closing, log=default\"\n< e close\nok\n");
}

TEST(AdapterKit, ProducersRecordEveryMore) {
  EXPECT_EQ(Case({"> c producer p \"a\" \"b\"", "> c push_with_producer p"}),
            "ok\n< c more p \"a\"\n< c more p \"b\"\n< c more p \"\"\nok\n");
}

TEST(AdapterKit, ExceptionsOfCallsAreRaiseRecords) {
  EXPECT_EQ(Case({"> c set_terminator int:-1"}), "< c raise ValueError\nok\n");
  EXPECT_EQ(Case({"> c push_typed int \"7\"", "> c push_typed none \"\""}),
            "< c raise TypeError\nok\n< c raise TypeError\nok\n");
  Implementation named = Fake();
  named.exception_kind = [] { return std::string("NamedByTheAdapter"); };
  EXPECT_EQ(Case({"> c set_terminator int:-1"}, named), "< c raise NamedByTheAdapter\nok\n");
}

TEST(AdapterKit, WhatCannotRunIsFatalOrUnsupported) {
  EXPECT_EQ(Case({"> c push_with_producer q"}),
            "fatal \"case \\\"t\\\":4: producer q used before it is declared\"\n");
  EXPECT_EQ(Case({"> c set_terminator none"}),
            "unsupported \"needs capability none_terminator, which this adapter does not declare\"\n");
  Implementation empty = Fake();
  empty.make_channel = [](const ChannelSetup&, ScriptedSocket&, Recorder&) { return std::unique_ptr<ChatUnderTest>(); };
  EXPECT_EQ(Serve({"asynchat-driver 2", "case \"t\"", "channel c", "channel c", "> c close"}, empty),
            "hello 2 \"fake\" close_reactions int_terminator producers push_objects reactions recv_errors "
            "send_control string_terminator\nok\n"
            "fatal \"case \\\"t\\\":3: the adapter's make_channel returned no channel for c\"\n"
            // no half channel was kept: the same line fails the same way
            "fatal \"case \\\"t\\\":4: the adapter's make_channel returned no channel for c\"\n"
            "fatal \"request:5: channel c used before it is declared: > c close\"\n");
  Implementation lying = Fake();
  lying.features.discard_buffers = true;  // declared, not written
  EXPECT_EQ(Case({"> c discard_buffers"}, lying),
            "fatal \"the adapter declares a feature needing ChatUnderTest::discard_buffers, which it does not "
            "override\"\n");
}

}  // namespace
}  // namespace adapter_kit
