#include "reference/examples/pymotw_echo.h"

#include <stdexcept>
#include <utility>

namespace examples::pymotw {
namespace {

constexpr std::string_view kWhitespace = " \t\r\n\v\f";

// Python's str.strip().
std::string_view Strip(std::string_view s) {
  std::size_t begin = s.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  std::size_t end = s.find_last_not_of(kWhitespace);
  return s.substr(begin, end - begin + 1);
}

// A non-empty run of decimal digits whose value is at most `max`.
bool ParseLength(std::string_view digits, std::int64_t max, std::int64_t* out) {
  if (digits.empty()) return false;
  std::int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
    if (value > max) return false;  // also keeps value from overflowing
  }
  *out = value;
  return true;
}

}  // namespace

std::string TripleQuoted(std::string_view data) {
  std::string out = "\"\"\"";
  out.append(data);
  out += "\"\"\"";
  return out;
}

// ---------------------------------------------------------------------------
// EchoProducer

EchoProducer::EchoProducer(std::string data, std::size_t buffer_size, LogSink log)
    : asynchat::SimpleProducer(std::move(data), buffer_size), log_(std::move(log)) {}

std::string EchoProducer::more() {
  std::string response = asynchat::SimpleProducer::more();
  if (log_) log_("EchoProducer: more() -> (" + std::to_string(response.size()) + " bytes) " + TripleQuoted(response));
  return response;
}

// ---------------------------------------------------------------------------
// EchoHandler

EchoHandler::EchoHandler(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map, LogSink log,
                         std::int64_t max_message)
    : asynchat::AsyncChat(std::move(sock), map), log_(std::move(log)), max_message_(max_message) {
  set_ac_in_buffer_size(kEchoBufferSize);
  set_ac_out_buffer_size(kEchoBufferSize);
  // Start looking for the ECHO command.
  set_terminator("\n");
}

void EchoHandler::Log(const std::string& message) const {
  if (log_) log_("EchoHandler: " + message);
}

void EchoHandler::collect_incoming_data(std::string_view data) {
  Log("collect_incoming_data() -> (" + std::to_string(data.size()) + " bytes) " + TripleQuoted(data));
  if (mode_ == Mode::kDone) return;  // after the message: ignored
  if (mode_ == Mode::kCommand && received_data_.size() + data.size() > kMaxCommandLength) {
    Abort("command longer than " + std::to_string(kMaxCommandLength) + " bytes");
    return;
  }
  received_data_.append(data);
}

void EchoHandler::found_terminator() {
  Log("found_terminator()");
  if (mode_ == Mode::kCommand) {
    process_command();
  } else if (mode_ == Mode::kMessage) {
    process_message();
  }
}

void EchoHandler::process_command() {
  std::string command = std::move(received_data_);
  received_data_.clear();
  Log("_process_command() \"" + command + "\"");
  // command_verb, command_arg = command.strip().split(' ')
  std::string_view stripped = Strip(command);
  std::size_t space = stripped.find(' ');
  std::int64_t expected_data_len = 0;
  if (space == std::string_view::npos || stripped.substr(0, space) != "ECHO" ||
      !ParseLength(stripped.substr(space + 1), max_message_, &expected_data_len)) {
    Abort("bad command \"" + command + "\" (expected \"ECHO <length>\", length at most " +
          std::to_string(max_message_) + ")");
    return;
  }
  mode_ = Mode::kMessage;
  if (expected_data_len == 0) {
    // An integer terminator of 0 would never call found_terminator().
    process_message();
    return;
  }
  set_terminator(expected_data_len);
}

void EchoHandler::process_message() {
  std::string to_echo = std::move(received_data_);
  received_data_.clear();
  Log("_process_message() echoing " + TripleQuoted(to_echo));
  mode_ = Mode::kDone;
  set_terminator(asynchat::Terminator::None());  // anything after the message is ignored
  push(to_echo);
  // Disconnect after sending the entire response.
  close_when_done();
}

void EchoHandler::Abort(const std::string& why) {
  Log(why + ", closing");
  mode_ = Mode::kDone;
  received_data_.clear();
  discard_buffers();
  close();
}

// ---------------------------------------------------------------------------
// EchoServer

EchoServer::EchoServer(const asyncore::SocketAddress& address, asyncore::SocketMap* map, LogSink log)
    : asyncore::Dispatcher(map), log_(std::move(log)) {
  create_socket(address.family(), SOCK_STREAM);
  bind(address);
  address_ = LocalAddress(*this);
  listen(1);
}

EchoServer::EchoServer(std::unique_ptr<asyncore::Transport> listener, asyncore::SocketMap* map, LogSink log)
    : asyncore::Dispatcher(map), log_(std::move(log)) {
  set_socket(std::move(listener));
  listen(1);
}

void EchoServer::handle_accept() {
  std::optional<asyncore::AcceptedConnection> client_info = accept();
  if (!client_info) return;  // nothing to accept after all: keep listening
  handler_ = asyncore::make_channel<EchoHandler>(std::move(client_info->transport), &socket_map(), log_);
  // Only one client: close as soon as the handler is set up.
  handle_close();
}

// ---------------------------------------------------------------------------
// EchoClient

EchoClient::EchoClient(std::string message, asyncore::SocketMap* map, LogSink log)
    : asynchat::AsyncChat(nullptr, map), message_(std::move(message)), log_(std::move(log)) {
  if (message_.empty()) {
    throw std::invalid_argument("EchoClient: the message must not be empty (an integer terminator of 0 never fires)");
  }
  set_ac_in_buffer_size(kEchoBufferSize);
  set_ac_out_buffer_size(kEchoBufferSize);
}

void EchoClient::Log(const std::string& message) const {
  if (log_) log_("EchoClient: " + message);
}

void EchoClient::Connect(const asyncore::SocketAddress& address) {
  create_socket(address.family(), SOCK_STREAM);
  Log("connecting to " + PyAddressRepr(address));
  connect(address);
}

void EchoClient::Connect(std::unique_ptr<asyncore::Transport> sock, const asyncore::SocketAddress& address) {
  set_socket(std::move(sock));
  Log("connecting to " + PyAddressRepr(address));
  connect(address);
}

void EchoClient::handle_connect() {
  Log("handle_connect()");
  // Send the command, then the data through a producer.
  push("ECHO " + std::to_string(message_.size()) + "\n");
  push_with_producer(std::make_shared<EchoProducer>(message_, ac_out_buffer_size(), log_));
  // The data comes back as-is: a length-based terminator.
  set_terminator(static_cast<std::int64_t>(message_.size()));
}

void EchoClient::collect_incoming_data(std::string_view data) {
  Log("collect_incoming_data() -> (" + std::to_string(data.size()) + ") " + TripleQuoted(data));
  if (!finished_) received_data_.append(data);
}

void EchoClient::found_terminator() {
  Log("found_terminator()");
  finished_ = true;
  if (received_data_ == message_) {
    received_copy_ = true;
    Log("RECEIVED COPY OF MESSAGE");
  } else {
    Log("ERROR IN TRANSMISSION");
    Log("EXPECTED \"" + message_ + "\"");
    Log("RECEIVED \"" + received_data_ + "\"");
  }
  close();
}

void EchoClient::handle_close() {
  if (fileno() < 0) return;  // already closed (a hang-up reported after the read that closed us)
  if (!finished_) {
    finished_ = true;
    Log("handle_close() before the whole copy arrived (" + std::to_string(received_data_.size()) + " of " +
        std::to_string(message_.size()) + " bytes)");
  }
  close();
}

}  // namespace examples::pymotw
