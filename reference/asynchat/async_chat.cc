#include "reference/asynchat/async_chat.h"

#include <algorithm>
#include <optional>

namespace asynchat {
namespace {

// Stands between the framing core and the channel while an observer is
// attached, so the observer sees each handler call (and where found_terminator
// ends) without a cost to unobserved channels.
class ObservedFraming final : public FramingHandler {
 public:
  ObservedFraming(AsyncChat& chat, FramingHandler& target, ChatObserver& observer)
      : chat_(chat), target_(target), observer_(observer) {}

  void collect_incoming_data(std::string_view data) override {
    observer_.OnCollect(chat_, data);
    target_.collect_incoming_data(data);
  }

  void found_terminator() override {
    observer_.OnFoundTerminator(chat_);
    try {
      target_.found_terminator();
    } catch (...) {
      observer_.OnFoundTerminatorReturned(chat_);
      throw;
    }
    observer_.OnFoundTerminatorReturned(chat_);
  }

 private:
  AsyncChat& chat_;
  FramingHandler& target_;
  ChatObserver& observer_;
};

// One read buffer for every channel of the thread, instead of one per channel:
// reads land in memory that stays in cache however many connections take
// turns, and an idle channel holds no buffer (10,000 connections with the
// 65536-byte buffers CPython uses would otherwise hold 640 MiB). The framing
// core copies what it keeps, so the bytes are dead once handle_read returns.
// A read made while the buffer is in use (a handler running loop() itself)
// gets a buffer of its own, since the outer read's views are still live.
struct SharedReadBuffer {
  std::string bytes;  // grows to the largest ac_in_buffer_size read with
  bool in_use = false;
};
thread_local SharedReadBuffer t_read_buffer;

// One read asks for at most this much, whatever ac_in_buffer_size says: a
// buffer of 2^63 bytes cannot be allocated, and recv() may return less than
// it was asked for anyway. (CPython's socket.recv(n) allocates n bytes first
// and raises MemoryError for an absurd n.)
constexpr std::size_t kLargestRead = std::size_t{64} << 20;

// Lends the shared buffer, or a private one when it is taken.
class ReadBufferLoan {
 public:
  explicit ReadBufferLoan(std::size_t size) : shared_(!t_read_buffer.in_use) {
    buffer_ = shared_ ? &t_read_buffer.bytes : &own_;
    if (shared_) t_read_buffer.in_use = true;
    if (buffer_->size() < size) buffer_->resize(size);
  }
  ~ReadBufferLoan() {
    if (shared_) t_read_buffer.in_use = false;
  }
  ReadBufferLoan(const ReadBufferLoan&) = delete;
  ReadBufferLoan& operator=(const ReadBufferLoan&) = delete;
  char* data() { return buffer_->data(); }

 private:
  bool shared_;
  std::string own_;
  std::string* buffer_;
};

}  // namespace

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
  if (observer_) observer_->OnReadEvent(*this);
  const std::size_t read_size = std::min(ac_in_buffer_size_, kLargestRead);
  ReadBufferLoan buffer(read_size);
  std::size_t n;
  try {
    n = recv_into(buffer.data(), read_size);
  } catch (const asyncore::BlockingIOError&) {
    return;
  } catch (const std::system_error&) {
    handle_error();
    return;
  }
  // Also after EOF (n == 0, channel already closed): held-back bytes are
  // re-examined under the current terminator, as CPython's loop does.
  std::string_view data(buffer.data(), n);
  if (!terminator_set_) {
    framing_.Hold(data);
    if (framing_.held_back().empty()) return;
    throw TerminatorUnsetError("input arrived before set_terminator() was called (" +
                               std::to_string(framing_.held_back().size()) + " bytes kept)");
  }
  if (observer_) {
    ObservedFraming observed(*this, *this, *observer_);
    framing_.Feed(data, observed);
  } else {
    framing_.Feed(data, *this);
  }
}

void AsyncChat::handle_error() {
  if (observer_) observer_->OnError(*this);
  asyncore::Dispatcher::handle_error();
}

void AsyncChat::close() {
  if (observer_) observer_->OnClose(*this);
  asyncore::Dispatcher::close();
}

// The pieces are queued as views of `data` and the send goes out from the
// caller's bytes; only what is still queued when initiate_send() returns (or
// before a handler of ours runs) is copied, so data one send() takes whole
// is never copied at all.
void AsyncChat::push(std::string_view data) {
  if (observer_) observer_->OnPush(*this, data);
  if (observer_ == nullptr && out_.empty() && direct_.data() == nullptr && connected() && !data.empty() &&
      data.size() <= ac_out_buffer_size_) {
    // All of it sent and no handler run: the queue is as it was, and so
    // are writable() and anything a subclass derives from the queue.
    if (!SendDirect(data)) interest_changed();
    return;
  }
  out_.PushBorrowed(data, ac_out_buffer_size_);
  try {
    initiate_send();
  } catch (...) {
    KeepLentBytes();
    throw;
  }
  KeepLentBytes();
  interest_changed();
}

// Inline: it is on every send of the echo path.
inline std::optional<std::size_t> AsyncChat::SendOnce(std::string_view data) {
  try {
    return send(data);
  } catch (const std::system_error&) {
    KeepLentBytes();
    handle_error();
    return std::nullopt;
  }
}

// What initiate_send() does with `data` as the queue's only item (it fits
// in one piece): one send() of all of it, then the unsent rest queued. The
// item is put in the queue only when someone could see it there: when the
// socket leaves part of it, and before a handler of ours runs (KeepLentBytes).
bool AsyncChat::SendDirect(std::string_view data) {
  direct_ = data;
  std::optional<std::size_t> sent;
  try {
    sent = SendOnce(data);
  } catch (...) {
    KeepLentBytes();
    throw;
  }
  if (direct_.data() == nullptr) return false;  // a handler ran (send error, disconnect): queued for it
  direct_ = {};
  if (*sent == data.size()) return true;
  if (*sent < data.size()) {
    out_.Push(data.substr(*sent), ac_out_buffer_size_);
    return false;
  }
  out_.Push(data, ac_out_buffer_size_);
  out_.Next(ac_out_buffer_size_);
  out_.Commit(*sent);  // throws, as initiate_send's would: more sent than offered
  return false;
}

void AsyncChat::KeepLentBytes() {
  if (direct_.data() != nullptr) {
    out_.Push(direct_, ac_out_buffer_size_);
    direct_ = {};
  }
  out_.AdoptBorrowed();
}


void AsyncChat::push_with_producer(std::shared_ptr<Producer> producer) {
  if (observer_) producer = observer_->OnPushWithProducer(*this, std::move(producer));
  out_.PushProducer(std::move(producer));
  initiate_send();
  interest_changed();
}

void AsyncChat::push_with_producer(std::string data) {
  if (observer_) observer_->OnPushBytesAsProducer(*this, data);
  out_.PushUnsplit(std::move(data));
  initiate_send();
  interest_changed();
}

void AsyncChat::close_when_done() {
  if (observer_) observer_->OnCloseWhenDone(*this);
  out_.PushClose();
  interest_changed();
}

void AsyncChat::initiate_send() {
  while (!out_.empty() && connected()) {
    OutputQueue::Step step = out_.Next(ac_out_buffer_size_);
    switch (step.action) {
      case OutputQueue::Step::Action::kClose:
        if (observer_) observer_->OnCloseStep(*this);
        KeepLentBytes();  // the handler may change the bytes a push() lent
        handle_close();
        return;
      case OutputQueue::Step::Action::kProduce:
        continue;
      case OutputQueue::Step::Action::kSend:
        if (const std::optional<std::size_t> sent = SendOnce(step.data)) out_.Commit(*sent);
        return;  // at most one send per call
    }
  }
}

void AsyncChat::discard_buffers() {
  if (observer_) observer_->OnDiscardBuffers(*this);
  framing_.Discard();
  out_.Clear();
  interest_changed();
}

}  // namespace asynchat
