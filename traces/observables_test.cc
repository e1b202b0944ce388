#include "traces/observables.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "traces/trace_format.h"

namespace traces {
namespace {

std::vector<std::string> Lines(const std::vector<Record>& records) {
  std::vector<std::string> out;
  for (const Record& r : records) out.push_back(FormatRecord(r));
  return out;
}

TEST(Observables, Version1LeavesOutTheVersion2OutputsOnly) {
  const Trace t = ParseTrace(
      "asynchat-trace 2\n"
      "channel c log=default\n"
      "channel h app=asyncore_echo_handler\n"
      "> c read \"ab\"\n"
      "< c recv 4096 2\n"
      "< c collect \"ab\"\n"
      "> c read eof\n"
      "< c recv 4096 0\n"
      "< c handle_close\n"
      "< c log info \"closing\"\n"
      "< c close\n"
      "> h read \"x\"\n"
      "< h recv 8192 1\n"
      "< h send \"x\" 1\n",
      "t.trace");
  EXPECT_EQ(Lines(ObservableAt(t.records, 1, t)),
            (std::vector<std::string>{"> c read \"ab\"", "< c collect \"ab\"", "> c read eof", "< c close",
                                      "> h read \"x\"", "< h recv 8192 1", "< h send \"x\" 1"}));
  EXPECT_EQ(Lines(ObservableAt(t.records, 2, t)), Lines(t.records));
  // The overload that reuses a transcript it is given leaves out the same.
  EXPECT_EQ(Lines(ObservableAt(std::vector<Record>(t.records), 1, t)), Lines(ObservableAt(t.records, 1, t)));
  EXPECT_EQ(Lines(ObservableAt(std::vector<Record>(t.records), 2, t)), Lines(t.records));
}

TEST(Observables, NeededVersionOfChannelsAndInputs) {
  ChannelConfig chat;
  chat.id = "c";
  ChannelConfig app = chat;
  app.app = "asyncore_echo_handler";
  ChannelConfig listener = chat;
  listener.listener = "accepted";
  EXPECT_EQ(VersionNeeded(chat), 1);
  EXPECT_EQ(VersionNeeded(listener), 2);
  Record poll{Record::Direction::kInput, "c", "poll", {}, 0};
  EXPECT_EQ(VersionNeeded(poll, chat), 2);
  EXPECT_EQ(VersionNeeded(poll, app), 1);
  Record push{Record::Direction::kInput, "c", "push_typed", {{Arg::Kind::kWord, "bytearray"}, {Arg::Kind::kBytes, "x"}}, 0};
  EXPECT_EQ(VersionNeeded(push, chat), 1);
  push.args[0].text = "int";
  EXPECT_EQ(VersionNeeded(push, chat), 2);
}

}  // namespace
}  // namespace traces
