#include "conformance/adapter_kit/example/mini_chat.h"

#include <cerrno>
#include <system_error>
#include <utility>

namespace mini_chat {
namespace {

bool WouldBlock(int err) { return err == EAGAIN || err == EWOULDBLOCK; }

// The errors that mean the peer is gone rather than that something failed.
bool Disconnected(int err) {
  return err == ECONNRESET || err == ENOTCONN || err == ESHUTDOWN || err == ECONNABORTED || err == EPIPE ||
         err == EBADF;
}

// How many bytes at the end of `data` begin `terminator` (never all of it).
[[maybe_unused]] std::size_t PrefixAtEnd(std::string_view data, std::string_view terminator) {
  for (std::size_t n = terminator.size() - 1; n > 0; --n) {
    if (data.size() >= n && data.substr(data.size() - n) == terminator.substr(0, n)) return n;
  }
  return 0;
}

}  // namespace

MiniChat::MiniChat(Socket& socket, std::size_t in_size, std::size_t out_size)
    : socket_(socket), in_size_(in_size), out_size_(out_size) {}

void MiniChat::set_terminator(std::string bytes) {
  kind_ = TerminatorKind::kString;
  string_terminator_ = std::move(bytes);
}

void MiniChat::set_terminator(std::int64_t count) {
  if (count < 0) throw std::invalid_argument("a byte count terminator cannot be negative");
  kind_ = TerminatorKind::kCount;
  count_ = count;
}

void MiniChat::clear_terminator() { kind_ = TerminatorKind::kNone; }

void MiniChat::push(std::string_view data) {
  if (data.size() <= out_size_) {
    queue_.emplace_back(std::string(data));
  } else {
    for (std::size_t at = 0; at < data.size(); at += out_size_) queue_.emplace_back(std::string(data.substr(at, out_size_)));
  }
  SendSome();
}

void MiniChat::close_when_done() { queue_.emplace_back(std::nullopt); }

void MiniChat::close() {
  if (!closed_) socket_.close();
  closed_ = true;
}

void MiniChat::on_readable() {
  try {
    ReadSome();
  } catch (...) {
    handle_error();
  }
}

void MiniChat::on_writable() {
  try {
    SendSome();
  } catch (...) {
    handle_error();
  }
}

void MiniChat::ReadSome() {
  std::string buf(in_size_, '\0');
  const long got = socket_.recv(buf.data(), buf.size());
  if (got < 0) {
    const int err = errno;
    if (WouldBlock(err)) return;
    if (!Disconnected(err)) throw std::system_error(err, std::generic_category(), "recv");
  }
  // At the end of input the held bytes are split once more (by a terminator
  // that may have changed since they arrived), after handle_close.
  if (got <= 0) handle_close();
  else input_.append(buf.data(), static_cast<std::size_t>(got));
  SplitInput();
}

void MiniChat::SplitInput() {
  // The terminator is looked at again for every piece: found_terminator may
  // change it, and the rest of the input is then split by the new one.
  while (!input_.empty()) {
    if (kind_ == TerminatorKind::kUnset) throw NoTerminatorError();
    const bool none = kind_ == TerminatorKind::kNone || (kind_ == TerminatorKind::kString && string_terminator_.empty()) ||
                      (kind_ == TerminatorKind::kCount && count_ == 0);
    if (none) {
      collect_incoming_data(input_);
      input_.clear();
    } else if (kind_ == TerminatorKind::kCount) {
      if (static_cast<std::uint64_t>(count_) > input_.size()) {
        collect_incoming_data(input_);
        count_ -= static_cast<std::int64_t>(input_.size());
        input_.clear();
      } else {
        collect_incoming_data(std::string_view(input_).substr(0, count_));
        input_.erase(0, count_);
        count_ = 0;
        found_terminator();
      }
    } else if (std::size_t at = input_.find(string_terminator_); at != std::string::npos) {
      if (at > 0) collect_incoming_data(std::string_view(input_).substr(0, at));
      input_.erase(0, at + string_terminator_.size());
      found_terminator();
    } else {
#ifdef MINI_CHAT_BROKEN_PREFIX
      const std::size_t held = 0;
#else
      // The end of the input may be the start of a terminator the next read
      // completes: keep it back.
      const std::size_t held = PrefixAtEnd(input_, string_terminator_);
#endif
      if (held == input_.size()) break;
      collect_incoming_data(std::string_view(input_).substr(0, input_.size() - held));
      input_.erase(0, input_.size() - held);
      if (held) break;
    }
  }
}

void MiniChat::SendSome() {
  while (!queue_.empty() && !closed_) {
    if (!queue_.front()) {
      queue_.pop_front();
      return handle_close();
    }
    const std::string data = queue_.front()->substr(0, out_size_);
    const bool whole = data.size() == queue_.front()->size();
    if (data.empty()) queue_.pop_front();  // an empty push is still offered once
    long sent = 0;
    try {
      sent = SendOrZero(data);
    } catch (const std::system_error&) {
      return handle_error();
    }
    if (sent > 0) {
      if (static_cast<std::size_t>(sent) < data.size() || !whole) queue_.front()->erase(0, sent);
      else queue_.pop_front();
    }
    return;
  }
}

long MiniChat::SendOrZero(const std::string& data) {
  const long sent = socket_.send(data.data(), data.size());
  if (sent >= 0) return sent;
  const int err = errno;
  if (WouldBlock(err)) return 0;
  if (Disconnected(err)) {
    handle_close();
    return 0;
  }
  throw std::system_error(err, std::generic_category(), "send");
}

}  // namespace mini_chat
