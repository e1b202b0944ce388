// documented.*: the documents' own examples.
//
// echo.*: the PyMOTW EchoServer/EchoHandler/EchoClient run of [pymotw-asynchat]. Its printed
// output is the one transcript the documents give, so these cases carry it
// as Case::expected: in full (strict, in the schedule that produces exactly
// the printed collect sizes: handler 8, found, 55, 64, 47, found; client 64,
// 64, 38, found), per channel, and under other chunkings, where only the
// documented meaning (messages, found_terminator count, bytes on the wire,
// closed) must hold (semantic).
// http.*: [py3-asynchat]'s http_request_handler example, its decisions written as
// reactions (as traces/scenarios/make_http_scenarios.py does); the document
// prints no output, so the model's transcript is expected.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

constexpr char kEchoOrigin[] = "documented-example pymotw-asynchat";

// traces/echo/documented.trace without its header: client c and handler h
// with 64-byte buffers, the handler's first read one loop pass late.
const char kDocumentedEcho[] = R"TRACE(
channel c in_buffer=64 out_buffer=64 connected=0
channel h in_buffer=64 out_buffer=64
> h set_terminator str:"\n"
> h on found_terminator 1 set_terminator int:166
> h on found_terminator 2 push "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec egestas, enim et consectetuer ullamcorper, lectus ligula rutrum leo, a elementum elit tortor eu quam. "
> h on found_terminator 2 close_when_done
> c producer p "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec " "egestas, enim et consectetuer ullamcorper, lectus ligula rutrum " "leo, a elementum elit tortor eu quam. "
> c push "ECHO 166\n"
> c push_with_producer p
> c set_terminator int:166
> c on found_terminator 1 close
> c write
< c connect
< c send "ECHO 166\n" 9
> c write
< c more p "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec "
< c send "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec " 64
> h read "ECHO 166\nLorem ipsum dolor sit amet, consectetuer adipiscing eli"
< h collect "ECHO 166"
< h found_terminator
< h collect "Lorem ipsum dolor sit amet, consectetuer adipiscing eli"
> c write
< c more p "egestas, enim et consectetuer ullamcorper, lectus ligula rutrum "
< c send "egestas, enim et consectetuer ullamcorper, lectus ligula rutrum " 64
> h read "t. Donec egestas, enim et consectetuer ullamcorper, lectus ligul"
< h collect "t. Donec egestas, enim et consectetuer ullamcorper, lectus ligul"
> c write
< c more p "leo, a elementum elit tortor eu quam. "
< c send "leo, a elementum elit tortor eu quam. " 38
> h read "a rutrum leo, a elementum elit tortor eu quam. "
< h collect "a rutrum leo, a elementum elit tortor eu quam. "
< h found_terminator
< h send "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec " 64
> c write
< c more p ""
> h write
< h send "egestas, enim et consectetuer ullamcorper, lectus ligula rutrum " 64
> h write
< h send "leo, a elementum elit tortor eu quam. " 38
> h write
< h close
> c read "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec "
< c collect "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec "
> c read "egestas, enim et consectetuer ullamcorper, lectus ligula rutrum "
< c collect "egestas, enim et consectetuer ullamcorper, lectus ligula rutrum "
> c read "leo, a elementum elit tortor eu quam. "
< c collect "leo, a elementum elit tortor eu quam. "
< c found_terminator
< c close
)TRACE";

const std::vector<std::string> kChunks = {
    "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec ",
    "egestas, enim et consectetuer ullamcorper, lectus ligula rutrum ",
    "leo, a elementum elit tortor eu quam. ",
};

std::string Message() { return kChunks[0] + kChunks[1] + kChunks[2]; }

// The lines of kDocumentedEcho for one channel only.
std::string OnlyChannel(const std::string& id) {
  std::string out;
  std::string text = kDocumentedEcho;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    bool channel_line = line.rfind("channel " + id + " ", 0) == 0;
    bool record = line.size() > 2 && (line[0] == '>' || line[0] == '<') && line.rfind(std::string(1, line[0]) + " " + id + " ", 0) == 0;
    if (channel_line || record) out += line + "\n";
  }
  return out;
}

// kDocumentedEcho's inputs with EchoClient's setup where PyMOTW's client
// makes it: the push of the command, the producer and the set_terminator as
// `on connect` actions (its handle_connect), not inputs before the run.
// Format 2. handle_connect runs before the channel counts as connected, so
// its pushes wait for the write event's handle_write: the same outputs as
// the printed run.
std::string EchoWithClientSetupInHandleConnect() {
  std::string out;
  std::string text = kDocumentedEcho;
  std::size_t pos = 0;
  const std::vector<std::string> setup = {"push ", "push_with_producer ", "set_terminator "};
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty() || line[0] == '<') continue;
    for (const std::string& verb : setup) {
      if (line.rfind("> c " + verb, 0) == 0) line = "> c on connect " + line.substr(4);
    }
    out += line + "\n";
  }
  return out;
}

// The echo setup (EchoHandler.__init__, its two found_terminator reactions,
// EchoClient.handle_connect), then: client writes, handler reads in pieces of
// `read_size`, handler writes, client reads in pieces of `read_size`.
std::string EchoScenario(std::size_t read_size, std::size_t send_cap) {
  const std::string cap = send_cap ? " send_cap=" + std::to_string(send_cap) : "";
  const std::string message = Message();
  const std::string command = "ECHO " + std::to_string(message.size()) + "\n";
  std::string s = "channel c in_buffer=64 out_buffer=64" + cap + " connected=0\n" +
                  "channel h in_buffer=64 out_buffer=64" + cap + "\n" +
                  "> h set_terminator str:\"\\n\"\n"
                  "> h on found_terminator 1 set_terminator int:" + std::to_string(message.size()) + "\n"
                  "> h on found_terminator 2 push " + Q(message) + "\n"
                  "> h on found_terminator 2 close_when_done\n"
                  "> c producer p " + Q(kChunks[0]) + " " + Q(kChunks[1]) + " " + Q(kChunks[2]) + "\n"
                  "> c push " + Q(command) + "\n"
                  "> c push_with_producer p\n"
                  "> c set_terminator int:" + std::to_string(message.size()) + "\n"
                  "> c on found_terminator 1 close\n";
  // Enough write events for every send (extra ones find nothing queued).
  const std::size_t per_send = send_cap ? send_cap : 64;
  s += Repeat("> c write", (command.size() + message.size()) / per_send + 8);
  s += ReadsEvery("h", command + message, read_size);
  s += Repeat("> h write", message.size() / per_send + 6);
  s += ReadsEvery("c", message, read_size);
  return s;
}

// `scenario` with a would-block before every read (a recv() raising EAGAIN)
// and before every write (a send() raising EAGAIN, so each write event is
// preceded by one that sends nothing): the faults of fault_cases.cc on the
// documented exchange.
std::string WouldBlockEveryStep(const std::string& scenario) {
  std::string out;
  std::size_t pos = 0;
  while (pos < scenario.size()) {
    const std::size_t end = scenario.find('\n', pos);
    const std::string line = scenario.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("> ", 0) == 0) {
      const std::string channel = line.substr(2, line.find(' ', 2) - 2);
      const std::string verb = line.substr(3 + channel.size());
      if (verb.rfind("read ", 0) == 0) out += "> " + channel + " read wouldblock\n";
      if (verb == "write") out += "> " + channel + " send_error EAGAIN\n> " + channel + " write\n";
    }
    out += line + "\n";
  }
  return out;
}

// `scenario` with the handler h made by a listening server s, as PyMOTW's
// EchoServer makes its EchoHandler (format 2): s is declared first, h is
// accepted_by=s, and s accepts it before any other input.
std::string ServedByListener(const std::string& scenario) {
  std::string out = "channel s listener=accept\n";
  bool accepted = false;
  std::size_t pos = 0;
  while (pos < scenario.size()) {
    std::size_t end = scenario.find('\n', pos);
    if (end == std::string::npos) end = scenario.size();
    std::string line = scenario.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("channel h ", 0) == 0) line.insert(9, " accepted_by=s");
    if (!accepted && line.rfind("> ", 0) == 0) {
      out += "> s accept\n";
      accepted = true;
    }
    out += line + "\n";
  }
  return out;
}

void AddEcho(CaseList& list) {
  list.AddDocumented(
      {"documented.echo.full",
       "the echo run printed in PyMOTW: handler collects 8, found, 55, 64, 47, found; client 64, 64, 38, "
       "found",
       {"example.echo.printed-run", "example.echo.protocol", "example.echo.client",
        "chat.reaction.change-applies-to-rest"},
       Profile::kStrict,
       {"documented", "input", "output", "producer", "reaction", "connect", "close", "medusa"}},
      kEchoOrigin, kDocumentedEcho);
  list.AddDocumented({"documented.echo.handler", "the EchoHandler side of the run printed in PyMOTW",
                      {"example.echo.printed-run",
                       "example.echo.protocol",
                       "chat.reaction.change-applies-to-rest",
                       "chat.close-when-done.order"},
                      Profile::kStrict, {"documented", "input", "output", "reaction", "close"}},
                     kEchoOrigin, OnlyChannel("h"));
  list.AddDocumented({"documented.echo.client", "the EchoClient side of the run printed in PyMOTW",
                      {"example.echo.printed-run", "example.echo.client", "chat.producer.lazy", "core.event.connect"},
                      Profile::kStrict, {"documented", "input", "output", "producer", "connect", "close", "medusa"}},
                     kEchoOrigin, OnlyChannel("c"));
  // Compared by meaning, so the version-2 records its transcript has (the
  // printed run, version 1, has none) do not count; cases_test checks that
  // the model's outputs are the printed ones exactly.
  list.AddWithDocumentedMeaning(
      {"documented.echo.client_setup_in_handle_connect",
       "PyMOTW's echo run with EchoClient pushing its command and producer and setting its terminator inside "
       "handle_connect, as the article's client does: the documented messages, sends and closes",
       {"example.echo.meaning", "example.echo.client", "core.event.connect-before-connected"},
       Profile::kSemantic,
       {"documented", "input", "output", "producer", "reaction", "connect", "close"},
       2},
      kEchoOrigin, EchoWithClientSetupInHandleConnect(), kDocumentedEcho);
  for (std::size_t n : {1, 2, 7, 13, 64}) {
    list.AddWithDocumentedMeaning(
        {"documented.echo.reads_of_" + std::to_string(n),
         "PyMOTW's echo exchange with every read delivering " + std::to_string(n) +
             " byte(s): the documented messages, sends and closes",
         {"example.echo.meaning", "chat.collect.arbitrary-chunks", "chat.send.nothing-lost"},
         Profile::kSemantic, {"documented", "input", "output", "chunking"}},
        kEchoOrigin, EchoScenario(n, 0), kDocumentedEcho);
  }
  list.AddWithDocumentedMeaning(
      {"documented.echo.wouldblock_every_step",
       "PyMOTW's echo exchange in 13-byte reads and 5-byte sends, every recv and every write event preceded by one "
       "that would block: the documented messages, sends and closes",
       {"example.echo.meaning", "chat.recv.would-block", "core.send.would-block"},
       Profile::kSemantic, {"documented", "input", "output", "send", "error", "chunking", "medusa"}},
      kEchoOrigin, WouldBlockEveryStep(EchoScenario(13, 5)), kDocumentedEcho);
  {
    Meta meta{"documented.echo.server_accepts",
              "PyMOTW's echo exchange with its EchoServer accepting the connection and making the EchoHandler of "
              "it: the documented messages, sends and closes",
              {"example.echo.meaning", "core.event.accept", "example.asyncore-echo.server"},
              Profile::kSemantic,
              {"documented", "input", "output", "listener"}};
    meta.format_version = 2;
    list.AddWithDocumentedMeaning(std::move(meta), kEchoOrigin, ServedByListener(EchoScenario(64, 0)),
                                  kDocumentedEcho);
  }
  for (std::size_t cap : {1, 5, 63}) {
    list.AddWithDocumentedMeaning(
        {"documented.echo.send_cap_" + std::to_string(cap),
         "PyMOTW's echo exchange with every send accepting at most " + std::to_string(cap) +
             " byte(s): the documented messages, sends and closes",
         {"example.echo.meaning", "chat.collect.arbitrary-chunks", "chat.send.nothing-lost"},
         Profile::kSemantic, {"documented", "output", "send"}},
        kEchoOrigin, EchoScenario(64, cap), kDocumentedEcho);
  }
}

const std::string kGet = "GET /index.html HTTP/1.0\r\nHost: localhost\r\n\r\n";
const std::string kBody = "name=asynchat&kind=conformance";
const std::string kPost =
    "POST /form HTTP/1.0\r\nHost: localhost\r\nContent-Length: " + std::to_string(kBody.size()) + "\r\n\r\n";

std::string Response(const std::string& method, const std::string& path, std::size_t body_length) {
  std::string body = "method: " + method + "\npath: " + path + "\nbody-length: " + std::to_string(body_length) + "\n";
  return "HTTP/1.0 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// http_request_handler: "\r\n\r\n" first; at found_terminator `call` the
// request is complete: terminator None, the response pushed, close when done.
std::string Handler(std::size_t in_buffer, int call) {
  std::string s = "channel h in_buffer=" + std::to_string(in_buffer) + " out_buffer=4096\n"
                  "> h set_terminator str:\"\\r\\n\\r\\n\"\n";
  if (call == 2) s += "> h on found_terminator 1 set_terminator int:" + std::to_string(kBody.size()) + "\n";
  const std::string n = std::to_string(call);
  s += "> h on found_terminator " + n + " set_terminator none\n";
  s += "> h on found_terminator " + n + " push " +
       Q(call == 2 ? Response("POST", "/form", kBody.size()) : Response("GET", "/index.html", 0)) + "\n";
  s += "> h on found_terminator " + n + " close_when_done\n";
  return s;
}

void AddHttp(CaseList& list) {
  const std::vector<std::string> tags = {"documented", "input", "output", "reaction", "close"};
  auto add = [&](const std::string& name, const std::string& description, std::vector<std::string> clauses,
                 const std::string& text, const std::vector<std::string>& more_tags = {}) {
    std::vector<std::string> all = tags;
    all.insert(all.end(), more_tags.begin(), more_tags.end());
    list.Add({"documented.http." + name, description, std::move(clauses), Profile::kStrict, all}, text);
  };
  add("get.whole", "GET in one read: headers end, terminator None, response, close", {"example.http.get"},
      Handler(4096, 1) + ReadsEvery("h", kGet, kGet.size()) + "> h write\n");
  add("get.bytes", "GET one byte per read",
  {"example.http.get", "example.http.chunking"}, Handler(1, 1) + ReadsEvery("h", kGet, 1) + "> h write\n");
  for (std::size_t k = 1; k <= 3; ++k) {
    add("get.split_in_terminator." + std::to_string(k),
        "GET cut " + std::to_string(k) + " byte(s) before its end, inside \\r\\n\\r\\n",
        {"example.http.get", "example.http.chunking", "chat.terminator.string.prefix-held"},
        Handler(4096, 1) + ReadsAt("h", kGet, {kGet.size() - k}) + "> h write\n");
  }
  add("get.spurious_readable", "GET with a would-block read event in the middle",
  {"example.http.get", "example.http.would-block"},
      Handler(4096, 1) + "> h read " + Q(kGet.substr(0, 10)) + "\n> h read wouldblock\n> h read " +
          Q(kGet.substr(10)) + "\n> h write\n",
      {"error", "medusa"});
  add("post.whole", "POST with a Content-Length body in one read: int terminator, then None",
  {"example.http.post", "chat.reaction.change-applies-to-rest"},
      Handler(4096, 2) + ReadsEvery("h", kPost + kBody, 4096) + "> h write\n");
  add("post.bytes", "POST one byte per read",
  {"example.http.post", "example.http.chunking"}, Handler(1, 2) + ReadsEvery("h", kPost + kBody, 1) + "> h write\n");
  for (std::size_t k : {1, 4, 5, 17, 29}) {
    add("post.body_cut." + std::to_string(k), "POST whose body is cut after " + std::to_string(k) + " byte(s)",
    {"example.http.post", "example.http.chunking", "chat.terminator.integer.across-reads"},
        Handler(4096, 2) + ReadsAt("h", kPost + kBody, {kPost.size() + k}) + "> h write\n");
  }
  add("post.extra_bytes", "POST followed by bytes the client over-sent: collected under None",
  {"example.http.post", "example.http.over-send"},
      Handler(4096, 2) + ReadsEvery("h", kPost + kBody + "EXTRA\r\n", 4096) + "> h write\n");
  add("post.reset_mid_body", "POST whose client resets the connection in the middle of the body",
  {"example.http.post", "example.http.reset"},
      Handler(4096, 2) + "> h read " + Q((kPost + kBody).substr(0, kPost.size() + 5)) +
          "\n> h read error ECONNRESET\n");
}

}  // namespace

void AddDocumentedCases(CaseList& list) {
  AddEcho(list);
  AddHttp(list);
}

}  // namespace conformance::cases
