// AsyncChat: asynchat.async_chat ([py3-asynchat], [py2-asynchat-ja]), a Dispatcher that splits its
// input by a terminator and sends from a FIFO of data and producers.
//
// Input: each read event recv()s up to ac_in_buffer_size bytes (at most 64 MiB
// per read, however large the setting) and feeds them
// to a FramingCore (framing_core.h states the splitting rules); subclasses
// receive collect_incoming_data() and found_terminator(), whose base versions
// throw NotImplementedError. Would-block on recv is ignored; other recv
// errors go to handle_error().
// Output: push() splits data into ac_out_buffer_size pieces and queues them,
// push_with_producer() queues a producer, close_when_done() queues the close
// sentinel; each then calls initiate_send(), which makes at most one send()
// call (OutputQueue states the order). writable() is true while anything is
// queued or the channel is not yet connected. Send errors other than
// would-block and disconnects go to handle_error(). Every queue change calls
// interest_changed(), so these two keep the promise that
// set_interest_notifications(true) asks for (a subclass overriding them must
// keep it too, or leave notifications off).
//
// Until set_terminator() is first called there is no terminator: a read that
// brings bytes keeps them and throws TerminatorUnsetError, which the dispatcher
// hands to handle_error() (closing the channel by default). The documents are
// silent; CPython 3.11 fails the same way, with an AttributeError, because
// async_chat.__init__ never sets self.terminator.
// Buffer sizes default to 4096 as the documents say (CPython 3.11's code uses
// 65536); both must be at least 1. C++ types make "push of non-bytes" a
// compile-time error rather than a TypeError.
// An optional ChatObserver (chat_observer.h) sees events, handler calls and
// the application's calls; it is for recording and changes no behaviour.
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_ASYNC_CHAT_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_ASYNC_CHAT_H_

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "reference/asynchat/chat_observer.h"
#include "reference/asynchat/framing_core.h"
#include "reference/asynchat/output_queue.h"
#include "reference/asynchat/producer.h"
#include "reference/asynchat/terminator.h"
#include "reference/asyncore/dispatcher.h"

namespace asynchat {

class NotImplementedError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

// Input arrived before any set_terminator() (CPython: AttributeError).
class TerminatorUnsetError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class AsyncChat : public asyncore::Dispatcher, private FramingHandler {
 public:
  static constexpr std::size_t kDefaultBufferSize = 4096;

  explicit AsyncChat(std::unique_ptr<asyncore::Transport> sock = nullptr, asyncore::SocketMap* map = nullptr);

  // --- input ---------------------------------------------------------------
  void set_terminator(Terminator terminator) {
    if (observer_) observer_->OnSetTerminator(*this, terminator);
    framing_.set_terminator(std::move(terminator));
    terminator_set_ = true;
  }
  void set_terminator(std::string_view bytes) {
    if (observer_) {
      set_terminator(Terminator::String(bytes));
      return;
    }
    framing_.set_terminator(bytes);
    terminator_set_ = true;
  }
  // A count of any integer type. Throws std::invalid_argument naming the
  // value if it is negative or beyond int64: an unsigned SIZE_MAX is refused
  // as itself, not wrapped to -1. A character is not a count, so
  // set_terminator('\n') does not compile (write "\n").
  template <std::integral I>
    requires(!std::same_as<I, bool> && !std::same_as<I, char> && !std::same_as<I, wchar_t> &&
             !std::same_as<I, char8_t> && !std::same_as<I, char16_t> && !std::same_as<I, char32_t>)
  void set_terminator(I count) {
    if (!std::in_range<std::int64_t>(count)) {
      throw std::invalid_argument("set_terminator: the number of received bytes must be at most " +
                                  std::to_string(INT64_MAX) + ", got " + std::to_string(count));
    }
    if (std::cmp_less(count, 0) || observer_) {
      set_terminator(Terminator::Count(static_cast<std::int64_t>(count)));  // refuses a negative count
      return;
    }
    framing_.set_count_terminator(static_cast<std::uint64_t>(count));
    terminator_set_ = true;
  }
  // The current terminator; an integer one reads as the bytes still expected.
  // None until set_terminator() is first called (see has_terminator()).
  const Terminator& get_terminator() const { return framing_.terminator(); }
  // False until set_terminator() succeeds once.
  bool has_terminator() const { return terminator_set_; }

  void collect_incoming_data(std::string_view data) override;
  void found_terminator() override;

  // --- output --------------------------------------------------------------
  // Queues `data` (in ac_out_buffer_size pieces) and calls initiate_send().
  // The first send() goes out straight from `data`; only bytes still queued
  // when push() returns are copied (observably the same as copying first).
  // Into an empty queue, data of one piece with no observer attached is not
  // queued at all unless the socket leaves some of it or a handler runs
  // inside the send (async_chat_push_property_test holds both paths to the
  // same sends, items and handler calls); only an override of send() could
  // tell, seeing the queue still empty.
  void push(std::string_view data);
  // push() of a std::string the caller gives up (push(std::move(s))): the
  // same observer call, queue items and sends as push(std::string_view), but
  // data that fits in one ac_out_buffer_size piece is queued without a copy.
  // Only an rvalue std::string selects it; everything else takes the view.
  template <class S>
    requires std::same_as<S, std::string>
  void push(S&& data) {
    if (observer_) observer_->OnPush(*this, data);
    out_.PushOwned(std::move(data), ac_out_buffer_size_);
    initiate_send();
    interest_changed();
  }
  void push_with_producer(std::shared_ptr<Producer> producer);
  // push_with_producer of a bytes object (CPython accepts one: its
  // initiate_send slices what it can): queued as one entry, not cut into
  // ac_out_buffer_size pieces as push() cuts, so after a partial send the
  // next offer starts at the unsent byte, not at a piece boundary.
  void push_with_producer(std::string data);
  void close_when_done();
  void initiate_send();
  // Drops held-back input (and, inside found_terminator, the rest of the
  // current read) and everything queued for output.
  void discard_buffers();

  // --- dispatcher overrides ------------------------------------------------
  bool readable() override { return true; }
  bool writable() override { return !out_.empty() || !connected(); }
  void handle_read() override;
  void handle_write() override {
    if (observer_) observer_->OnWriteEvent(*this);
    initiate_send();
  }
  void handle_close() override { close(); }
  // Dispatcher's, reported to the observer first.
  void handle_error() override;
  void close() override;

  std::size_t ac_in_buffer_size() const { return ac_in_buffer_size_; }
  std::size_t ac_out_buffer_size() const { return ac_out_buffer_size_; }
  // Both throw std::invalid_argument for 0.
  void set_ac_in_buffer_size(std::size_t n);
  void set_ac_out_buffer_size(std::size_t n);

  const OutputQueue& output_queue() const { return out_; }
  std::string_view held_back_input() const { return framing_.held_back(); }

  // Not owned; null (the default) detaches. It must outlive its attachment.
  void set_observer(ChatObserver* observer) { observer_ = observer; }
  ChatObserver* observer() const { return observer_; }

 protected:
  // A push() lends its bytes to the queue until send() returns.
  void BeforeCloseOnSendDisconnect() override { KeepLentBytes(); }

 private:
  // push() into an empty queue of data that fits in one piece, with no
  // observer: initiate_send()'s one send() made straight from `data`, and
  // the queue touched only for what it does not take (or for a handler
  // that runs meanwhile). A busy server's usual push, at a fraction of the
  // queue's cost; the sends, the items and handler calls are the queue's.
  // True when all of it was sent and no handler ran: the queue is unchanged.
  bool SendDirect(std::string_view data);
  // Before a handler of ours runs while a push() still lends its bytes
  // (SendDirect's data, borrowed queue items): copies them into the queue,
  // since the handler is the application's code and may change them.
  void KeepLentBytes();
  // initiate_send()'s one send(): the count accepted, or nullopt when it
  // failed and handle_error() ran (a disconnect is handle_close, in send()).
  std::optional<std::size_t> SendOnce(std::string_view data);

  FramingCore framing_;
  OutputQueue out_;
  std::size_t ac_in_buffer_size_ = kDefaultBufferSize;
  std::size_t ac_out_buffer_size_ = kDefaultBufferSize;
  ChatObserver* observer_ = nullptr;
  bool terminator_set_ = false;
  std::string_view direct_;  // SendDirect()'s data while its send() runs and it is not queued
};

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_ASYNC_CHAT_H_
