// The PyMOTW echo example over ScriptedTransport: the documented run of
// [pymotw-asynchat] (spec/SPEC.md) reproduced line for line, and the
// handler's and client's behaviour on bad or unusual input.
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_map.h"
#include "reference/examples/example_util.h"
#include "reference/examples/pymotw_echo.h"
#include "reference/examples/test_support.h"

namespace examples::pymotw {
namespace {

using asyncore::ScriptedTransport;
using examples::testing::AddRecvChunks;
using examples::testing::ReadAll;
using examples::testing::ScriptedListener;
using examples::testing::WriteAll;

// The documented output of `python asynchat_echo_main.py`, copied verbatim
// from [pymotw-asynchat] (spec/SPEC.md) (section "Putting It All
// Together"), where the whole run appears on one line.
constexpr const char* kDocumentedRun =
    "EchoClient: connecting to ('127.0.0.1', 59601) EchoClient: handle_connect() EchoProducer: more() -> (64 bytes) "
    "\"\"\"Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec \"\"\" EchoHandler: "
    "collect_incoming_data() -> (8 bytes) \"\"\"ECHO 166\"\"\" EchoHandler: found_terminator() EchoHandler: "
    "_process_command() \"ECHO 166\" EchoHandler: collect_incoming_data() -> (55 bytes) \"\"\"Lorem ipsum dolor "
    "sit amet, consectetuer adipiscing eli\"\"\" EchoProducer: more() -> (64 bytes) \"\"\"egestas, enim et "
    "consectetuer ullamcorper, lectus ligula rutrum \"\"\" EchoHandler: collect_incoming_data() -> (64 bytes) "
    "\"\"\"t. Donec egestas, enim et consectetuer ullamcorper, lectus ligul\"\"\" EchoProducer: more() -> (38 "
    "bytes) \"\"\"leo, a elementum elit tortor eu quam. \"\"\" EchoHandler: collect_incoming_data() -> (47 bytes) "
    "\"\"\"a rutrum leo, a elementum elit tortor eu quam. \"\"\" EchoHandler: found_terminator() EchoHandler: "
    "_process_message() echoing \"\"\"Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec egestas, "
    "enim et consectetuer ullamcorper, lectus ligula rutrum leo, a elementum elit tortor eu quam. \"\"\" "
    "EchoProducer: more() -> (0 bytes) \"\"\"\"\"\" EchoClient: collect_incoming_data() -> (64) \"\"\"Lorem "
    "ipsum dolor sit amet, consectetuer adipiscing elit. Donec \"\"\" EchoClient: collect_incoming_data() -> (64) "
    "\"\"\"egestas, enim et consectetuer ullamcorper, lectus ligula rutrum \"\"\" EchoClient: "
    "collect_incoming_data() -> (38) \"\"\"leo, a elementum elit tortor eu quam. \"\"\" EchoClient: "
    "found_terminator() EchoClient: RECEIVED COPY OF MESSAGE";

// The documented run, one log record per element: a record starts where a
// logger name ("EchoClient: ", "EchoHandler: ", "EchoProducer: ") starts.
std::vector<std::string> DocumentedLines() {
  const std::string text = kDocumentedRun;
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i - 1] != ' ') continue;
    for (const char* name : {"EchoClient: ", "EchoHandler: ", "EchoProducer: "}) {
      if (text.compare(i, std::string(name).size(), name) == 0) {
        lines.push_back(text.substr(start, i - 1 - start));
        start = i;
        break;
      }
    }
  }
  lines.push_back(text.substr(start));
  return lines;
}

// "EchoClient: connecting to ('127.0.0.1', <port>)" with a decimal port.
bool IsConnectingLine(const std::string& line) {
  const std::string prefix = "EchoClient: connecting to ('127.0.0.1', ";
  if (line.rfind(prefix, 0) != 0 || line.size() < prefix.size() + 2 || line.back() != ')') return false;
  const std::string port = line.substr(prefix.size(), line.size() - prefix.size() - 1);
  return port.find_first_not_of("0123456789") == std::string::npos;
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) {
    if (!out.empty()) out += ' ';
    out += line;
  }
  return out;
}

std::vector<std::size_t> RecvResults(const ScriptedTransport& t) {
  std::vector<std::size_t> sizes;
  for (const ScriptedTransport::Call& call : t.calls()) {
    if (call.kind == ScriptedTransport::Call::Kind::kRecv && call.error == 0) sizes.push_back(call.result);
  }
  return sizes;
}

TEST(DocumentedRun, MessageIsThe166ByteTextOfTheCollectLines) {
  std::vector<std::string> doc = DocumentedLines();
  ASSERT_EQ(doc.size(), 19u);
  // The echoed message as the handler logs it in the document.
  const std::string prefix = "EchoHandler: _process_message() echoing \"\"\"";
  ASSERT_EQ(doc[12].rfind(prefix, 0), 0u) << doc[12];
  std::string echoed = doc[12].substr(prefix.size(), doc[12].size() - prefix.size() - 3);
  EXPECT_EQ(echoed, kLoremMessage);
  EXPECT_EQ(echoed.size(), 166u);
}

// Reproduces the documented run exactly. The handler's reads follow the
// schedule the document implies: its first 64-byte read holds the command
// "ECHO 166\n" and the first 55 message bytes (collect 8, found_terminator,
// collect 55), then 64 and 47 bytes; the client reads 64, 64 and 38 bytes.
// The bytes the handler reads are the bytes the client actually sent, moved
// across in those chunks; those the client reads are what the handler sent.
TEST(DocumentedRun, LogMatchesTheDocumentedOutput) {
  std::vector<std::string> log;
  asyncore::SocketMap map;

  auto handler_sock = std::make_unique<ScriptedTransport>();
  ScriptedTransport* hs = handler_sock.get();
  auto listener = std::make_unique<ScriptedListener>(std::move(handler_sock));
  ScriptedListener* ls = listener.get();
  EchoServer server(std::move(listener), &map, VectorSink(&log));
  EXPECT_EQ(ls->backlog(), 1);

  auto client_sock = std::make_unique<ScriptedTransport>();
  ScriptedTransport* cs = client_sock.get();
  EchoClient client(std::string(kLoremMessage), &map, VectorSink(&log));
  client.Connect(std::move(client_sock), asyncore::SocketAddress::Inet("127.0.0.1", 59601));

  // The server accepts its one client and stops listening.
  asyncore::dispatch_read(server);
  ASSERT_NE(server.handler(), nullptr);
  EchoHandler& handler = *server.handler();
  EXPECT_TRUE(ls->closed());
  EXPECT_FALSE(server.accepting());

  std::size_t moved = 0;  // client bytes already handed to the handler
  auto deliver_to_handler = [&](std::size_t n) {
    ASSERT_GE(cs->sent().size(), moved + n) << "the client has not sent enough yet";
    hs->AddRecv(cs->sent().substr(moved, n));
    moved += n;
  };

  asyncore::dispatch_write(client);  // "ECHO 166\n"
  asyncore::dispatch_write(client);  // more() -> 64 bytes, sent
  deliver_to_handler(64);
  asyncore::dispatch_read(handler);  // collect 8, found_terminator, _process_command, collect 55
  asyncore::dispatch_write(client);  // more() -> 64 bytes
  deliver_to_handler(64);
  asyncore::dispatch_read(handler);  // collect 64
  asyncore::dispatch_write(client);  // more() -> 38 bytes
  deliver_to_handler(47);
  asyncore::dispatch_read(handler);  // collect 47, found_terminator, _process_message
  EXPECT_EQ(handler.mode(), EchoHandler::Mode::kDone);
  asyncore::dispatch_write(client);  // more() -> 0 bytes: the producer is done
  EXPECT_FALSE(client.writable());
  EXPECT_EQ(moved, cs->sent().size());

  WriteAll(handler, *hs, 10);  // the rest of the echo, then close_when_done closes
  EXPECT_TRUE(hs->closed());
  cs->AddRecv(hs->sent());  // the whole echo waits in the client's socket
  ReadAll(client, *cs, 10);

  EXPECT_TRUE(client.received_copy());
  EXPECT_TRUE(cs->closed());
  EXPECT_EQ(cs->sent(), "ECHO 166\n" + std::string(kLoremMessage));
  EXPECT_EQ(hs->sent(), kLoremMessage);
  EXPECT_EQ(RecvResults(*hs), (std::vector<std::size_t>{64, 64, 47}));
  EXPECT_EQ(RecvResults(*cs), (std::vector<std::size_t>{64, 64, 38}));

  std::vector<std::string> doc = DocumentedLines();
  ASSERT_EQ(log.size(), doc.size()) << Joined(log);
  // The first line names the port, which differs from run to run.
  EXPECT_TRUE(IsConnectingLine(log[0])) << log[0];
  for (std::size_t i = 1; i < doc.size(); ++i) EXPECT_EQ(log[i], doc[i]) << "log line " << i;
  // Also as one text, exactly as the document shows it (with its port).
  std::vector<std::string> ours = log;
  ours[0] = doc[0];
  EXPECT_EQ(Joined(ours), kDocumentedRun);
}

// --- EchoHandler on unusual input -------------------------------------------

struct HandlerRun {
  std::vector<std::string> log;
  asyncore::SocketMap map;
  ScriptedTransport* sock = nullptr;
  std::unique_ptr<EchoHandler> handler;

  explicit HandlerRun(std::int64_t max_message = EchoHandler::kDefaultMaxMessage) {
    auto t = std::make_unique<ScriptedTransport>();
    sock = t.get();
    handler = std::make_unique<EchoHandler>(std::move(t), &map, VectorSink(&log), max_message);
  }
  void Run() {
    ReadAll(*handler, *sock);
    WriteAll(*handler, *sock);
  }
  bool Logged(const std::string& needle) const {
    for (const std::string& line : log) {
      if (line.find(needle) != std::string::npos) return true;
    }
    return false;
  }
};

TEST(EchoHandler, EchoesAMessageReadOneByteAtATime) {
  HandlerRun run;
  AddRecvChunks(*run.sock, "ECHO 166\n" + std::string(kLoremMessage), 1);
  run.Run();
  EXPECT_EQ(run.sock->sent(), kLoremMessage);
  EXPECT_TRUE(run.sock->closed());
  EXPECT_TRUE(run.Logged("_process_message() echoing \"\"\"" + std::string(kLoremMessage) + "\"\"\""));
}

TEST(EchoHandler, IgnoresBytesAfterTheMessage) {
  HandlerRun run;
  run.sock->AddRecv("ECHO 5\nhelloECHO 3\nabc");
  run.sock->AddRecv("more trailing bytes\n");
  run.Run();
  EXPECT_EQ(run.sock->sent(), "hello");
  EXPECT_TRUE(run.sock->closed());
  EXPECT_EQ(run.handler->mode(), EchoHandler::Mode::kDone);
}

TEST(EchoHandler, EchoZeroEchoesNothingAndCloses) {
  HandlerRun run;
  run.sock->AddRecv("ECHO 0\n");
  run.Run();
  EXPECT_EQ(run.sock->sent(), "");
  EXPECT_TRUE(run.sock->closed());
  EXPECT_TRUE(run.Logged("_process_message() echoing \"\"\"\"\"\""));
}

TEST(EchoHandler, AcceptsSurroundingWhitespaceLikeStrip) {
  HandlerRun run;
  run.sock->AddRecv("  ECHO 3\r\nabc");
  run.Run();
  EXPECT_EQ(run.sock->sent(), "abc");
}

TEST(EchoHandler, BadCommandsCloseWithoutEcho) {
  for (const char* command : {"HELLO 5\n", "ECHO\n", "ECHO five\n", "ECHO -5\n", "ECHO 5 6\n", "ECHO  5\n",
                              "echo 5\n", "ECHO 5x\n", "\n"}) {
    HandlerRun run;
    run.sock->AddRecv(std::string(command) + "hello");
    run.Run();
    EXPECT_TRUE(run.sock->closed()) << command;
    EXPECT_EQ(run.sock->sent(), "") << command;
    EXPECT_TRUE(run.Logged("bad command")) << command;
  }
}

TEST(EchoHandler, LengthAboveTheLimitCloses) {
  HandlerRun run(/*max_message=*/100);
  run.sock->AddRecv("ECHO 101\n");
  run.Run();
  EXPECT_TRUE(run.sock->closed());
  EXPECT_TRUE(run.Logged("bad command"));

  HandlerRun huge;
  huge.sock->AddRecv("ECHO 99999999999999999999999999\n");
  huge.Run();
  EXPECT_TRUE(huge.sock->closed());

  HandlerRun at_limit(/*max_message=*/100);
  at_limit.sock->AddRecv("ECHO 100\n" + std::string(100, 'x'));
  at_limit.Run();
  EXPECT_EQ(at_limit.sock->sent(), std::string(100, 'x'));
}

TEST(EchoHandler, OverlongCommandLineCloses) {
  HandlerRun run;
  AddRecvChunks(*run.sock, std::string(1000, 'E'), 64);
  run.Run();
  EXPECT_TRUE(run.sock->closed());
  EXPECT_TRUE(run.Logged("command longer than 64 bytes"));
  EXPECT_GT(run.sock->recv_steps_left(), 0u);  // it stopped reading at once
}

TEST(EchoHandler, PeerClosingEarlyClosesTheHandler) {
  HandlerRun run;
  run.sock->AddRecv("ECHO 10\nabc");
  run.sock->AddEof();
  run.Run();
  EXPECT_TRUE(run.sock->closed());
  EXPECT_EQ(run.sock->sent(), "");
  EXPECT_EQ(run.handler->mode(), EchoHandler::Mode::kMessage);
}

// --- EchoClient ---------------------------------------------------------------

struct ClientRun {
  std::vector<std::string> log;
  asyncore::SocketMap map;
  ScriptedTransport* sock = nullptr;
  std::unique_ptr<EchoClient> client;

  explicit ClientRun(std::string message) {
    client = std::make_unique<EchoClient>(std::move(message), &map, VectorSink(&log));
    auto t = std::make_unique<ScriptedTransport>();
    sock = t.get();
    client->Connect(std::move(t), asyncore::SocketAddress::Inet("127.0.0.1", 7));
  }
};

TEST(EchoClient, SendsTheCommandThenTheMessageInBufferSizedChunks) {
  ClientRun run("x" + std::string(200, 'y'));
  WriteAll(*run.client, *run.sock);
  EXPECT_EQ(run.sock->sent(), "ECHO 201\nx" + std::string(200, 'y'));
  std::vector<std::size_t> sends;
  for (const ScriptedTransport::Call& call : run.sock->calls()) {
    if (call.kind == ScriptedTransport::Call::Kind::kSend) sends.push_back(call.result);
  }
  EXPECT_EQ(sends, (std::vector<std::size_t>{9, 64, 64, 64, 9}));
  // One more() line per chunk plus the final empty one.
  int more_lines = 0;
  for (const std::string& line : run.log) more_lines += line.rfind("EchoProducer: more() -> (", 0) == 0;
  EXPECT_EQ(more_lines, 5);
  EXPECT_EQ(run.log.back(), "EchoProducer: more() -> (0 bytes) \"\"\"\"\"\"");
}

TEST(EchoClient, ReportsAWrongEcho) {
  ClientRun run("hello");
  WriteAll(*run.client, *run.sock);
  run.sock->AddRecv("HELLO");
  ReadAll(*run.client, *run.sock);
  EXPECT_TRUE(run.client->finished());
  EXPECT_FALSE(run.client->received_copy());
  EXPECT_TRUE(run.sock->closed());
  ASSERT_GE(run.log.size(), 3u);
  EXPECT_EQ(run.log[run.log.size() - 3], "EchoClient: ERROR IN TRANSMISSION");
  EXPECT_EQ(run.log[run.log.size() - 2], "EchoClient: EXPECTED \"hello\"");
  EXPECT_EQ(run.log[run.log.size() - 1], "EchoClient: RECEIVED \"HELLO\"");
}

TEST(EchoClient, ReportsAConnectionClosedBeforeTheWholeCopy) {
  ClientRun run("hello");
  WriteAll(*run.client, *run.sock);
  run.sock->AddRecv("hel");
  run.sock->AddEof();
  ReadAll(*run.client, *run.sock);
  EXPECT_TRUE(run.client->finished());
  EXPECT_FALSE(run.client->received_copy());
  EXPECT_TRUE(run.sock->closed());
  EXPECT_EQ(run.log.back(), "EchoClient: handle_close() before the whole copy arrived (3 of 5 bytes)");
}

TEST(EchoClient, RejectsAnEmptyMessage) {
  asyncore::SocketMap map;
  EXPECT_THROW(EchoClient("", &map, {}), std::invalid_argument);
}

}  // namespace
}  // namespace examples::pymotw
