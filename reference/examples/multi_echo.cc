#include "reference/examples/multi_echo.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

namespace examples::multi_echo {
namespace {

// The ASCII whitespace Python's bytes.strip() removes.
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// Python's bytes.strip(). (A loop: find_first_not_of() would search the set
// of six characters once per byte of every command line.)
std::string_view Strip(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A non-empty run of decimal digits whose value is at most `max`.
bool ParseLength(std::string_view digits, std::int64_t max, std::int64_t* out) {
  if (digits.empty()) return false;
  std::int64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
    if (value > max) return false;
  }
  *out = value;
  return true;
}

}  // namespace

MultiEchoHandler::MultiEchoHandler(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map,
                                   EchoSettings settings)
    : asynchat::AsyncChat(std::move(sock), map), settings_(std::move(settings)) {
  set_ac_in_buffer_size(settings_.buffer_size);
  set_ac_out_buffer_size(settings_.buffer_size);
  set_terminator("\n");
  // readable() (below) and AsyncChat's writable() change only in this
  // handler's own calls, which keeps the promise; under epoll an idle
  // connection then costs a loop pass nothing.
  set_interest_notifications(true);
}

void MultiEchoHandler::collect_incoming_data(std::string_view data) {
  if (mode_ == Mode::kCommand) {
    if (command_size_ + data.size() > kMaxCommandLength) {
      Abort("command longer than " + std::to_string(kMaxCommandLength) + " bytes");
      return;
    }
    if (!data.empty()) std::memcpy(command_.data() + command_size_, data.data(), data.size());
    command_size_ += data.size();
    return;
  }
  if (received_data_.empty() && data.size() == expected_left_) {
    expected_left_ = 0;
    pushed_whole_ = true;
    push(data);
    return;
  }
  if (received_data_.empty()) received_data_.reserve(static_cast<std::size_t>(expected_left_));
  expected_left_ -= std::min<std::uint64_t>(expected_left_, data.size());
  received_data_.append(data);
}

void MultiEchoHandler::found_terminator() {
  if (mode_ == Mode::kCommand) {
    process_command();
  } else {
    process_message();
  }
}

void MultiEchoHandler::process_command() {
  const std::string_view command(command_.data(), command_size_);
  std::string_view stripped = Strip(command);
  std::size_t space = stripped.find(' ');
  std::int64_t expected_data_len = 0;
  if (space == std::string_view::npos || stripped.substr(0, space) != "ECHO" ||
      !ParseLength(stripped.substr(space + 1), settings_.max_message, &expected_data_len)) {
    Abort("bad command \"" + std::string(command) + "\" (expected \"ECHO <length>\", length at most " +
          std::to_string(settings_.max_message) + ")");
    return;
  }
  command_size_ = 0;
  if (expected_data_len == 0) {
    ++echoed_;  // the empty message: nothing to send, stay in command mode
    return;
  }
  expected_left_ = static_cast<std::uint64_t>(expected_data_len);
  pushed_whole_ = false;
  mode_ = Mode::kMessage;
  set_terminator(expected_data_len);
}

void MultiEchoHandler::process_message() {
  mode_ = Mode::kCommand;
  set_terminator("\n");
  ++echoed_;
  if (pushed_whole_) return;        // already pushed from collect_incoming_data()
  push(std::move(received_data_));  // handed over, not copied (AsyncChat::push(std::string&&))
  received_data_.clear();           // moved-from: make it empty again
}

void MultiEchoHandler::Abort(const std::string& why) {
  if (settings_.errors) settings_.errors(repr() + ": " + why + ", closing");
  command_size_ = 0;
  received_data_.clear();
  discard_buffers();
  close();
}

MultiEchoServer::MultiEchoServer(const asyncore::SocketAddress& address, asyncore::SocketMap* map,
                                 EchoSettings settings, std::size_t max_connections, int backlog)
    : asyncore::Dispatcher(map), settings_(std::move(settings)), max_connections_(max_connections) {
  create_socket(address.family(), SOCK_STREAM);
  set_reuse_addr();
  bind(address);
  address_ = LocalAddress(*this);
  listen(backlog);
  // readable() is always true, and an accept pause (dispatcher.h) begins in
  // handle_accept and keeps the listener marked while it lasts: the promise
  // holds, and under epoll a pass does not ask the listener again.
  set_interest_notifications(true);
}

void MultiEchoServer::handle_accept() {
  for (int i = 0; i < kAcceptBatch; ++i) {
    std::optional<asyncore::AcceptedConnection> pair = accept();
    if (!pair) return;  // nothing (more) waiting
    std::unique_ptr<asyncore::Transport> transport = std::move(pair->transport);
    if (settings_.wrap_transport) transport = settings_.wrap_transport(std::move(transport));
    asyncore::make_channel<MultiEchoHandler>(std::move(transport), &socket_map(), settings_);
    ++accepted_;
    if (max_connections_ > 0 && accepted_ >= max_connections_) {
      close();  // handlers still open keep the loop running
      return;
    }
  }
}

}  // namespace examples::multi_echo
