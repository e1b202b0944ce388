// AsyncChat reads into one buffer shared by the thread's channels
// (async_chat.cc): a read made while that buffer is in use, by a handler that
// makes another channel read (as a nested loop() would), must get a buffer of
// its own and leave the outer read's bytes intact.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <string_view>

#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_map.h"

namespace asynchat {
namespace {

using asyncore::ScriptedTransport;
using asyncore::SocketMap;

class Lines : public AsyncChat {
 public:
  Lines(SocketMap* map, std::string input) : AsyncChat(std::make_unique<ScriptedTransport>(), map) {
    static_cast<ScriptedTransport*>(socket())->AddRecv(std::move(input));
    set_terminator("\n");
  }
  void collect_incoming_data(std::string_view data) override {
    // The first time: let the other channel read in the middle of this read.
    if (inner != nullptr) {
      Lines* other = inner;
      inner = nullptr;
      other->handle_read();
    }
    line.append(data);
  }
  void found_terminator() override {
    lines.push_back(line);
    line.clear();
  }
  void handle_error() override {
    closed_by_error = true;
    AsyncChat::handle_error();
  }
  Lines* inner = nullptr;
  bool closed_by_error = false;
  std::string line;
  std::vector<std::string> lines;
};

TEST(AsyncChatReadBuffer, ReadInsideAnotherChannelsReadKeepsBothChannelsBytes) {
  SocketMap map;
  Lines outer(&map, "outer line one\nouter two\n");
  Lines inner(&map, "INNER, WHICH IS LONGER THAN THE OUTER LINES\n");
  outer.inner = &inner;
  outer.handle_read();
  EXPECT_EQ(outer.lines, (std::vector<std::string>{"outer line one", "outer two"}));
  EXPECT_EQ(inner.lines, (std::vector<std::string>{"INNER, WHICH IS LONGER THAN THE OUTER LINES"}));
}

TEST(AsyncChatReadBuffer, ChannelsReadingInTurnSeeOnlyTheirOwnBytes) {
  SocketMap map;
  Lines a(&map, "a long first line for channel a\npartial");
  Lines b(&map, "b\n");
  a.handle_read();
  b.handle_read();
  static_cast<ScriptedTransport*>(a.socket())->AddRecv(" end\n");
  a.handle_read();
  EXPECT_EQ(a.lines, (std::vector<std::string>{"a long first line for channel a", "partial end"}));
  EXPECT_EQ(b.lines, (std::vector<std::string>{"b"}));
}

TEST(AsyncChatReadBuffer, AnAbsurdInBufferSizeStillReads) {
  SocketMap map;
  Lines chat(&map, "fits in any buffer\n");
  chat.set_ac_in_buffer_size(std::size_t{1} << 62);
  chat.handle_read();
  EXPECT_EQ(chat.lines, (std::vector<std::string>{"fits in any buffer"}));
  EXPECT_FALSE(chat.closed_by_error);
}

}  // namespace
}  // namespace asynchat
