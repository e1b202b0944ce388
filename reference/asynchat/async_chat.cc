#include "reference/asynchat/async_chat.h"

namespace asynchat {

AsyncChat::AsyncChat(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map)
    : asyncore::Dispatcher(std::move(sock), map) {}

void AsyncChat::collect_incoming_data(std::string_view) {
  throw NotImplementedError("collect_incoming_data must be implemented in a subclass of AsyncChat");
}

void AsyncChat::found_terminator() {
  throw NotImplementedError("found_terminator must be implemented in a subclass of AsyncChat");
}

void AsyncChat::set_ac_in_buffer_size(std::size_t n) {
  if (n == 0) throw std::invalid_argument("ac_in_buffer_size must be at least 1, got 0");
  ac_in_buffer_size_ = n;
}

void AsyncChat::set_ac_out_buffer_size(std::size_t n) {
  if (n == 0) throw std::invalid_argument("ac_out_buffer_size must be at least 1, got 0");
  ac_out_buffer_size_ = n;
}

void AsyncChat::handle_read() {
  if (in_buffer_.size() < ac_in_buffer_size_) in_buffer_.resize(ac_in_buffer_size_);
  std::size_t n;
  try {
    n = recv_into(in_buffer_.data(), ac_in_buffer_size_);
  } catch (const asyncore::BlockingIOError&) {
    return;
  } catch (const std::system_error&) {
    handle_error();
    return;
  }
  // Also after EOF (n == 0, channel already closed): held-back bytes are
  // re-examined under the current terminator, as CPython's loop does.
  framing_.Feed(std::string_view(in_buffer_.data(), n), *this);
}

void AsyncChat::push(std::string_view data) {
  out_.Push(data, ac_out_buffer_size_);
  initiate_send();
}

void AsyncChat::push_with_producer(std::shared_ptr<Producer> producer) {
  out_.PushProducer(std::move(producer));
  initiate_send();
}

void AsyncChat::close_when_done() { out_.PushClose(); }

void AsyncChat::initiate_send() {
  while (!out_.empty() && connected()) {
    OutputQueue::Step step = out_.Next(ac_out_buffer_size_);
    switch (step.action) {
      case OutputQueue::Step::Action::kClose:
        handle_close();
        return;
      case OutputQueue::Step::Action::kProduce:
        continue;
      case OutputQueue::Step::Action::kSend: {
        std::size_t sent;
        try {
          sent = send(step.data);
        } catch (const std::system_error&) {
          handle_error();
          return;
        }
        out_.Commit(sent);
        return;  // at most one send per call
      }
    }
  }
}

void AsyncChat::discard_buffers() {
  framing_.Discard();
  out_.Clear();
}

}  // namespace asynchat
