// A multi-connection echo server on AsyncChat: the PyMOTW handler logic of
// [pymotw-asynchat] (spec/SPEC.md) ("ECHO <len>\n", then an integer
// terminator for <len> bytes of data, which are pushed back), except that a
// connection serves any number of messages: after each echo the handler
// returns to command mode instead of calling close_when_done(). This is the
// server tools/loadgen and tools/bench/compare drive.
//
//  - MultiEchoHandler (AsyncChat): terminator "\n" in command mode;
//    found_terminator() parses "ECHO <len>" (as PyMOTW: strip, split on one
//    space) and sets the integer terminator <len>; in message mode
//    found_terminator() pushes the collected message and sets "\n" again.
//    A message that arrives whole in one collect_incoming_data() call is
//    pushed from there, straight from the view it was given (AsyncChat::push
//    sends from the caller's bytes and copies only what the socket did not
//    take), instead of being copied into received_data_ first.
//    "ECHO 0" echoes nothing and stays in command mode (an integer
//    terminator of 0 would never fire). A malformed command, a command line
//    over kMaxCommandLength bytes or a length above max_message is reported
//    to the error sink and closes this connection only. The connection ends
//    when the client closes it. Bounded memory: readable() is false while
//    more than max_message bytes wait to be sent, so a client that sends
//    without reading its echoes stops being read (TCP then holds it back)
//    instead of growing the output queue; a connection holds at most about
//    two messages (one being collected, one queued) plus the buffers.
//    Interest notifications are on (dispatcher.h): that readable() changes
//    only inside the handler's own calls (a push in found_terminator, a send
//    in handle_write), so under epoll idle connections are not asked.
//  - MultiEchoServer (Dispatcher): set_reuse_addr(), bind, listen(backlog);
//    each read event accepts up to kAcceptBatch waiting connections (one
//    accept() per waiting client, as handle_accept() would, without a loop
//    pass for each) and creates a map-owned MultiEchoHandler for each. With
//    a connection limit it stops listening once that many were accepted.
//    Interest notifications are on here too.
// Buffer sizes are per server (ac_in_buffer_size = ac_out_buffer_size =
// buffer_size); the binary defaults to 65536, CPython 3.11's value, so that
// the comparison with CPython's asynchat reads and sends alike.
#ifndef ASYNCHAT_REFERENCE_EXAMPLES_MULTI_ECHO_H_
#define ASYNCHAT_REFERENCE_EXAMPLES_MULTI_ECHO_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/transport.h"
#include "reference/examples/example_util.h"

namespace examples::multi_echo {

struct EchoSettings {
  std::size_t buffer_size = 65536;               // ac_in_buffer_size and ac_out_buffer_size
  std::int64_t max_message = std::int64_t{1} << 20;
  LogSink errors;                                // one line per refused client; empty: silent
  // Applied to each accepted connection's transport when set (the soak's
  // --random-chunks wraps it in an asyncore::ChunkingTransport).
  std::function<std::unique_ptr<asyncore::Transport>(std::unique_ptr<asyncore::Transport>)> wrap_transport;
};

class MultiEchoHandler : public asynchat::AsyncChat {
 public:
  enum class Mode { kCommand, kMessage };
  static constexpr std::size_t kMaxCommandLength = 64;

  MultiEchoHandler(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map, EchoSettings settings);

  void collect_incoming_data(std::string_view data) override;
  void found_terminator() override;

  bool readable() override {
    return output_queue().buffered_bytes() <= static_cast<std::uint64_t>(settings_.max_message);
  }

  Mode mode() const { return mode_; }
  std::uint64_t messages_echoed() const { return echoed_; }

 private:
  void process_command();
  void process_message();
  // Reports `why`, drops all input and output and closes (bad client input).
  void Abort(const std::string& why);

  EchoSettings settings_;
  Mode mode_ = Mode::kCommand;
  // Command mode: the command line so far (at most kMaxCommandLength bytes).
  std::array<char, kMaxCommandLength> command_{};
  std::size_t command_size_ = 0;
  std::string received_data_;  // message mode: a message that came in several pieces
  std::uint64_t expected_left_ = 0;  // message mode: bytes of the message not yet collected
  bool pushed_whole_ = false;        // message mode: the message was pushed from its one view
  std::uint64_t echoed_ = 0;
};

class MultiEchoServer : public asyncore::Dispatcher {
 public:
  static constexpr int kAcceptBatch = 64;
  static constexpr int kDefaultBacklog = 1024;

  // Listens on `address` (port 0: the kernel picks; see address()).
  // max_connections 0: no limit. Throws std::system_error on socket errors.
  MultiEchoServer(const asyncore::SocketAddress& address, asyncore::SocketMap* map, EchoSettings settings,
                  std::size_t max_connections = 0, int backlog = kDefaultBacklog);

  const asyncore::SocketAddress& address() const { return address_; }
  std::size_t accepted() const { return accepted_; }

  void handle_accept() override;
  void handle_close() override { close(); }

 private:
  EchoSettings settings_;
  asyncore::SocketAddress address_;
  std::size_t max_connections_;
  std::size_t accepted_ = 0;
};

}  // namespace examples::multi_echo

#endif  // ASYNCHAT_REFERENCE_EXAMPLES_MULTI_ECHO_H_
