// MultiEchoHandler over ScriptedTransport: many messages on one connection,
// whatever the read chunking, and the refusals. No sockets.
#include "reference/examples/multi_echo.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/test_support.h"

namespace examples::multi_echo {
namespace {

using asyncore::ScriptedTransport;
using examples::testing::AddRecvChunks;
using examples::testing::ReadAll;
using examples::testing::WriteAll;

std::string Request(const std::string& message) { return "ECHO " + std::to_string(message.size()) + "\n" + message; }

// Messages with newlines, "ECHO" inside, every byte value, and sizes around
// the buffer size.
std::vector<std::string> Messages(std::size_t buffer_size) {
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));
  return {"x", "hello\n", "ECHO 5\n", all_bytes, std::string(buffer_size - 1, 'a'), std::string(buffer_size, 'b'),
          std::string(buffer_size + 1, '\n'), std::string(3 * buffer_size + 7, 'c')};
}

struct Served {
  std::string sent;
  bool closed = false;
  std::vector<std::string> errors;
  std::uint64_t echoed = 0;
};

Served Serve(const std::string& input, std::size_t chunk, std::size_t buffer_size, std::int64_t max_message = 1 << 20) {
  Served out;
  asyncore::SocketMap map;
  auto sock = std::make_unique<ScriptedTransport>();
  ScriptedTransport* t = sock.get();
  EchoSettings settings;
  settings.buffer_size = buffer_size;
  settings.max_message = max_message;
  settings.errors = VectorSink(&out.errors);
  MultiEchoHandler handler(std::move(sock), &map, settings);
  AddRecvChunks(*t, input, chunk);
  while (t->recv_steps_left() > 0 && !t->closed()) {
    ReadAll(handler, *t, 1);
    WriteAll(handler, *t, 100000);
  }
  out.sent = t->sent();
  out.closed = t->closed();
  out.echoed = handler.messages_echoed();
  return out;
}

TEST(MultiEchoHandlerTest, EchoesEveryMessageOfAConnectionWhateverTheChunking) {
  for (std::size_t buffer_size : {std::size_t{64}, std::size_t{4096}}) {
    std::string input, expected;
    for (const std::string& m : Messages(buffer_size)) {
      input += Request(m);
      expected += m;
    }
    for (std::size_t chunk : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{63}, std::size_t{64},
                              std::size_t{65}, std::size_t{1000}, input.size()}) {
      Served s = Serve(input, chunk, buffer_size);
      EXPECT_EQ(s.sent, expected) << "buffer " << buffer_size << ", chunk " << chunk;
      EXPECT_FALSE(s.closed);
      EXPECT_EQ(s.echoed, Messages(buffer_size).size());
      EXPECT_TRUE(s.errors.empty()) << s.errors.front();
    }
  }
}

TEST(MultiEchoHandlerTest, EmptyMessageEchoesNothingAndTheNextOneWorks) {
  Served s = Serve("ECHO 0\n" + Request("abc") + "ECHO 0\n", 3, 64);
  EXPECT_EQ(s.sent, "abc");
  EXPECT_EQ(s.echoed, 3u);
  EXPECT_FALSE(s.closed);
}

TEST(MultiEchoHandlerTest, WhitespaceAroundTheCommandIsStripped) {
  Served s = Serve("  ECHO 2 \r\nhi", 100, 64);
  EXPECT_EQ(s.sent, "hi");
}

TEST(MultiEchoHandlerTest, BadInputClosesWithAReason) {
  struct Case {
    std::string input;
    std::string reason;
  };
  for (const Case& c : std::vector<Case>{
           {"PING 3\nabc", "bad command"},
           {"ECHO\n", "bad command"},
           {"ECHO -1\n", "bad command"},
           {"ECHO 1x\n", "bad command"},
           {"ECHO 1001\n", "bad command"},  // over max_message
           {std::string(65, 'E'), "command longer than 64 bytes"},
       }) {
    Served s = Serve(Request("ok") + c.input + Request("never"), 5, 64, 1000);
    EXPECT_EQ(s.sent, "ok") << c.input;
    EXPECT_TRUE(s.closed) << c.input;
    ASSERT_EQ(s.errors.size(), 1u) << c.input;
    EXPECT_NE(s.errors[0].find(c.reason), std::string::npos) << s.errors[0];
  }
}

}  // namespace
}  // namespace examples::multi_echo
