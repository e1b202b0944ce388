// The PyMOTW asynchat echo example ([pymotw-asynchat] (spec/SPEC.md),
// "Server and Handler", "Client", "Putting It All Together"), in C++.
//
// Protocol: the client sends "ECHO <len>\n" followed by <len> bytes of
// message; the handler echoes the message back and closes once it is sent.
//  - EchoServer: a Dispatcher listening with backlog 1 that accepts ONE
//    client, creates its EchoHandler (map-owned, Python's `EchoHandler(sock)`)
//    and closes itself, as asynchat_echo_server.py does.
//  - EchoHandler: AsyncChat with ac_in_buffer_size = ac_out_buffer_size = 64.
//    Command mode (terminator "\n"): found_terminator parses "ECHO <len>",
//    sets the integer terminator <len> and switches to message mode.
//    Message mode: found_terminator pushes the whole message back and calls
//    close_when_done().
//  - EchoClient: AsyncChat with 64-byte buffers. handle_connect() pushes
//    "ECHO %d\n" % len(message) and an EchoProducer, and sets the integer
//    terminator len(message); found_terminator() compares the copy, logs
//    RECEIVED COPY OF MESSAGE (or ERROR IN TRANSMISSION) and closes.
//  - EchoProducer: SimpleProducer handing out the message in 64-byte chunks
//    and logging each more() result.
//
// Log lines have the shape of the documented run, "Name: message", with the
// data in triple quotes on the same line (the document shows the run on one
// line; the Python logging calls put a newline before the triple quotes):
//   EchoHandler: collect_incoming_data() -> (8 bytes) """ECHO 166"""
// The logger is injectable (LogSink); an empty sink logs nothing.
//
// Choices where the document's Python would misbehave (all documented in
// README.md): a malformed command ("ECHO" verb missing, length not a decimal
// integer, or above max_message, default 1 MiB) or a command line longer
// than 64 bytes logs the problem and closes the channel; "ECHO 0" echoes the
// empty message at once (an integer terminator of 0 never fires
// found_terminator); input after the message is logged and ignored. An
// EchoClient needs a non-empty message for the same reason.
#ifndef ASYNCHAT_REFERENCE_EXAMPLES_PYMOTW_ECHO_H_
#define ASYNCHAT_REFERENCE_EXAMPLES_PYMOTW_ECHO_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "reference/asynchat/async_chat.h"
#include "reference/asynchat/producer.h"
#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/transport.h"
#include "reference/examples/example_util.h"

namespace examples::pymotw {

// The 166-byte message of the documented run, reconstructed from its collect
// lines (64 + 64 + 38 bytes). The document renders the run on one line, so
// any line breaks of the original text would show as spaces; we use the
// text exactly as shown.
inline constexpr std::string_view kLoremMessage =
    "Lorem ipsum dolor sit amet, consectetuer adipiscing elit. Donec "
    "egestas, enim et consectetuer ullamcorper, lectus ligula rutrum "
    "leo, a elementum elit tortor eu quam. ";
static_assert(kLoremMessage.size() == 166, "the documented message is 166 bytes");

// Both classes artificially reduce buffer sizes "to illustrate sending and
// receiving partial messages" (PyMOTW).
inline constexpr std::size_t kEchoBufferSize = 64;

// """data"""
std::string TripleQuoted(std::string_view data);

class EchoProducer : public asynchat::SimpleProducer {
 public:
  EchoProducer(std::string data, std::size_t buffer_size, LogSink log);
  // SimpleProducer::more(), logged as
  // EchoProducer: more() -> (N bytes) """data"""
  std::string more() override;

 private:
  LogSink log_;
};

class EchoHandler : public asynchat::AsyncChat {
 public:
  enum class Mode { kCommand, kMessage, kDone };
  static constexpr std::size_t kMaxCommandLength = 64;
  static constexpr std::int64_t kDefaultMaxMessage = std::int64_t{1} << 20;

  EchoHandler(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map, LogSink log,
              std::int64_t max_message = kDefaultMaxMessage);

  void collect_incoming_data(std::string_view data) override;
  void found_terminator() override;

  Mode mode() const { return mode_; }

 private:
  void process_command();
  void process_message();
  // Logs `why`, drops the rest of the input and closes (bad client input).
  void Abort(const std::string& why);
  void Log(const std::string& message) const;

  LogSink log_;
  std::int64_t max_message_;
  Mode mode_ = Mode::kCommand;
  std::string received_data_;
};

class EchoServer : public asyncore::Dispatcher {
 public:
  // Creates a socket, binds `address` (port 0: the kernel picks one; see
  // address()) and listens with backlog 1.
  EchoServer(const asyncore::SocketAddress& address, asyncore::SocketMap* map, LogSink log);
  // Listens on an existing transport (a test's scripted listener).
  EchoServer(std::unique_ptr<asyncore::Transport> listener, asyncore::SocketMap* map, LogSink log);

  // The address actually bound (PyMOTW's self.address = getsockname()).
  const asyncore::SocketAddress& address() const { return address_; }

  // Accepts one client, creates its map-owned EchoHandler, then closes.
  void handle_accept() override;
  void handle_close() override { close(); }

  // The handler created for the accepted client, or null. It is owned by the
  // socket map: valid until asyncore::loop destroys it after it closed.
  EchoHandler* handler() const { return handler_; }

 private:
  LogSink log_;
  asyncore::SocketAddress address_;
  EchoHandler* handler_ = nullptr;
};

class EchoClient : public asynchat::AsyncChat {
 public:
  // Throws std::invalid_argument if message is empty.
  EchoClient(std::string message, asyncore::SocketMap* map, LogSink log);

  // Logs "connecting to ('host', port)", creates a socket and connects.
  void Connect(const asyncore::SocketAddress& address);
  // The same over a given transport (tests: a scripted one).
  void Connect(std::unique_ptr<asyncore::Transport> sock, const asyncore::SocketAddress& address);

  void handle_connect() override;
  void collect_incoming_data(std::string_view data) override;
  void found_terminator() override;
  // Logs when the connection ends before the whole copy arrived, then closes.
  void handle_close() override;

  bool received_copy() const { return received_copy_; }
  bool finished() const { return finished_; }
  const std::string& received() const { return received_data_; }

 private:
  void Log(const std::string& message) const;

  std::string message_;
  LogSink log_;
  std::string received_data_;
  bool received_copy_ = false;
  bool finished_ = false;  // found_terminator ran or the connection ended
};

}  // namespace examples::pymotw

#endif  // ASYNCHAT_REFERENCE_EXAMPLES_PYMOTW_ECHO_H_
