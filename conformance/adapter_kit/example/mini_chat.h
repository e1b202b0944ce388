// MiniChat: a small chat channel in the style of Python's asynchat.async_chat,
// written for this repository's adapter-kit example (it shares no code with
// the reference): input is split by a terminator (a byte string, a byte
// count, or none) and handed to collect_incoming_data / found_terminator;
// output is queued by push (in pieces of at most the output size) and sent
// one send() at a time; close_when_done queues a close after the data.
//
// It runs over any Socket (POSIX-style results: -1 and errno on failure)
// and is driven by its owner's event loop: on_readable / on_writable when
// the descriptor is ready. Exceptions raised while handling an event go to
// handle_error (inside the catch block), whose default closes; a would-block
// is ignored; the end of input or a reset or broken connection runs
// handle_close, and what input is still held is split once more.
//
// Built with MINI_CHAT_BROKEN_PREFIX it is deliberately wrong: it never
// holds back the end of a read that may begin a string terminator, so a
// terminator split across two reads is missed (the conformance example's
// negative control).
#ifndef ASYNCHAT_CONFORMANCE_ADAPTER_KIT_EXAMPLE_MINI_CHAT_H_
#define ASYNCHAT_CONFORMANCE_ADAPTER_KIT_EXAMPLE_MINI_CHAT_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mini_chat {

class Socket {
 public:
  virtual ~Socket() = default;
  virtual long recv(void* buf, std::size_t n) = 0;
  virtual long send(const void* data, std::size_t n) = 0;
  virtual void close() = 0;
};

// Input arrived before any terminator was chosen.
class NoTerminatorError : public std::logic_error {
 public:
  NoTerminatorError() : std::logic_error("input arrived before set_terminator") {}
};

class MiniChat {
 public:
  static constexpr std::size_t kDefaultBufferSize = 4096;

  explicit MiniChat(Socket& socket, std::size_t in_size = kDefaultBufferSize,
                    std::size_t out_size = kDefaultBufferSize);
  virtual ~MiniChat() = default;

  void set_terminator(std::string bytes);
  // Throws std::invalid_argument for a negative count.
  void set_terminator(std::int64_t count);
  void clear_terminator();
  void push(std::string_view data);
  void close_when_done();
  void close();

  void on_readable();
  void on_writable();

 protected:
  virtual void collect_incoming_data(std::string_view data) = 0;
  virtual void found_terminator() = 0;
  virtual void handle_close() { close(); }
  virtual void handle_error() { close(); }

 private:
  enum class TerminatorKind { kUnset, kNone, kString, kCount };
  void ReadSome();
  void SplitInput();
  void SendSome();
  long SendOrZero(const std::string& data);

  Socket& socket_;
  std::size_t in_size_, out_size_;
  TerminatorKind kind_ = TerminatorKind::kUnset;
  std::string string_terminator_;
  std::int64_t count_ = 0;
  std::string input_;                            // received, not yet handed on
  std::deque<std::optional<std::string>> queue_;  // nullopt: close here
  bool closed_ = false;
};

}  // namespace mini_chat

#endif  // ASYNCHAT_CONFORMANCE_ADAPTER_KIT_EXAMPLE_MINI_CHAT_H_
