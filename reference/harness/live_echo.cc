#include "reference/harness/live_echo.h"

#include <sys/socket.h>

#include <memory>
#include <utility>

#include "reference/asyncore/recording_transport.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/examples/example_util.h"
#include "reference/examples/pymotw_echo.h"
#include "reference/harness/live_recorder.h"

namespace harness {
namespace {

// The byte strings of `channel`'s read inputs, in order.
std::vector<std::string> Reads(const traces::Trace& t, const std::string& channel) {
  std::vector<std::string> out;
  for (const traces::Record& r : t.records) {
    if (r.direction == traces::Record::Direction::kInput && r.channel == channel && r.verb == "read" &&
        r.args[0].kind == traces::Arg::Kind::kBytes) {
      out.push_back(r.args[0].text);
    }
  }
  return out;
}

std::string Sizes(const std::vector<std::string>& chunks) {
  std::string out;
  for (const std::string& c : chunks) out += (out.empty() ? "" : ", ") + std::to_string(c.size());
  return out.empty() ? "none" : out;
}

// What the recording shows about delivery, next to the documented schedule.
std::string DeliveryNote(const traces::Trace& t, const std::string& command) {
  std::vector<std::string> h = Reads(t, "h");
  std::string sizes = "h's reads were " + Sizes(h) + " bytes and c's " + Sizes(Reads(t, "c")) +
                      "; the documented schedule (documented.trace) has h read 64 (the command and the first 55 "
                      "message bytes), 64 and 47, and c 64, 64 and 38.";
  if (!h.empty() && h.front() == command) {
    return "Loopback delivery differs from the documented schedule: a send is readable at once and each loop pass "
           "dispatches reads before writes, so h's first read is the " +
           std::to_string(command.size()) + "-byte command alone, one pass after c sent it, and h then reads the "
           "message in the pieces c sent: " + sizes;
  }
  return "Loopback delivery: " + sizes;
}

}  // namespace

LiveEchoRun RecordEchoOverLoopback(const LiveEchoOptions& options) {
  namespace pymotw = examples::pymotw;
  LiveEchoRun run;
  // Declared first: it must outlive every channel and transport it records.
  LiveRecorder recorder;
  recorder.set_discovered_ids({"h"});
  asyncore::SocketMap map;

  // address = ('127.0.0.1', 0): the kernel picks the port.
  auto listener = std::make_unique<asyncore::SocketTransport>(AF_INET, SOCK_STREAM);
  listener->bind(asyncore::SocketAddress::Inet("127.0.0.1", 0));
  pymotw::EchoServer server(recorder.Wrap(std::move(listener)), &map, examples::VectorSink(&run.log));
  const asyncore::SocketAddress address = examples::LocalAddress(server);

  const std::string message(pymotw::kLoremMessage);
  pymotw::EchoClient client(message, &map, examples::VectorSink(&run.log));
  std::unique_ptr<asyncore::RecordingTransport> transport =
      recorder.Wrap(std::make_unique<asyncore::SocketTransport>(AF_INET, SOCK_STREAM));
  recorder.Attach(client, "c", *transport);
  client.Connect(std::move(transport), address);

  while (!map.empty() && run.passes < options.max_passes) {
    recorder.RunPass(map, options.pass_timeout);
    ++run.passes;
  }
  if (!map.empty()) {
    throw RecordingError("the echo run did not finish in " + std::to_string(options.max_passes) + " passes (" +
                         std::to_string(map.size()) + " channel(s) still open)");
  }
  if (!client.received_copy()) throw RecordingError("the echo client did not receive a copy of the message");

  TraceHeader header;
  header.description =
      "PyMOTW asynchat echo example ([pymotw-asynchat]), recorded live over 127.0.0.1: client c and handler h, buffers 64";
  header.origin = "recording loopback";
  header.notes = {
      "Recorded by `trace record-live echo`: the example's EchoClient c and the EchoHandler h its EchoServer "
      "accepted, in one select loop, each socket a real SocketTransport inside a RecordingTransport. The "
      "listening EchoServer is not an async_chat and is left out of the trace: it accepted h and closed itself.",
      "c's calls in handle_connect (push, push_with_producer, set_terminator) are the inputs just before the write "
      "event that connected it; h's terminator, set in its constructor before the recorder saw h, is h's first "
      "input.",
  };
  // The notes describe the recording, so the header is built after it; they
  // take no part in replay, so Finish's check does not depend on them.
  traces::Trace draft = recorder.Build(header);
  header.notes.push_back(DeliveryNote(draft, "ECHO " + std::to_string(message.size()) + "\n"));
  run.trace = recorder.Finish(header);
  return run;
}

}  // namespace harness
