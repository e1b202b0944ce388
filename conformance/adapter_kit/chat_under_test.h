// ChatUnderTest: the narrow interface a C++ async_chat-like implementation
// offers the adapter kit (adapter_kit.h), one object per channel of a case.
//
// Application calls (the case's inputs, and the reactions' actions) may
// throw: an exception escaping one is reported `raise KIND` for an input,
// and reaches the implementation's own handling inside a reaction. Events
// are what asyncore's loop does for a ready channel (handle_read_event /
// handle_write_event, including connecting a channel that is not yet
// connected and passing exceptions to the implementation's handle_error);
// an exception escaping an event is reported `raise KIND` (it escaped even
// the loop's handling). The kit never calls a channel whose socket closed
// with an event; application calls still reach it.
//
// Only what Features (adapter_kit.h) declares is ever called: the optional
// methods below have defaults that refuse to run (a fatal answer naming the
// method), for an adapter that declared a feature it did not write.
#ifndef ASYNCHAT_CONFORMANCE_ADAPTER_KIT_CHAT_UNDER_TEST_H_
#define ASYNCHAT_CONFORMANCE_ADAPTER_KIT_CHAT_UNDER_TEST_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "conformance/adapter_kit/recorder.h"

namespace adapter_kit {

// set_terminator's argument: a byte string, a count (any int64, negative
// included: refusing one is the implementation's job), or none.
struct Terminator {
  enum class Kind { kString, kCount, kNone } kind = Kind::kNone;
  std::string bytes;       // kString
  std::int64_t count = 0;  // kCount
};

// What a channel line asks for: sizes only when the case gives them (and
// the implementation declared buffer_sizes), connected=0 only with connect,
// log= only with logging.
struct ChannelSetup {
  std::string id;
  std::optional<std::size_t> in_buffer;
  std::optional<std::size_t> out_buffer;
  bool connected = true;
  // traces/FORMAT.md "Logging": "" (log records are not reported), "default"
  // (the implementation's own ignored log types) or "all" (the application
  // has set the ignored types to none).
  std::string log;
};

class ChatUnderTest {
 public:
  virtual ~ChatUnderTest() = default;

  // --- application calls ---------------------------------------------------
  virtual void set_terminator(const Terminator& terminator) = 0;
  virtual void push(std::string_view data) = 0;
  virtual void close() = 0;
  virtual void close_when_done() { Missing("close_when_done"); }
  virtual void discard_buffers() { Missing("discard_buffers"); }
  // `producer` records each more() call; it lives as long as the pointer.
  virtual void push_with_producer(std::shared_ptr<Producer> /*producer*/) { Missing("push_with_producer"); }
  // push_with_producer of a plain byte string (format 2).
  virtual void push_bytes_with_producer(std::string_view /*data*/) { Missing("push_bytes_with_producer"); }
  // push of an integer, or of nothing (Python's None) when `integer` is
  // empty (format 2): for a class whose push takes values other than bytes
  // (a variant, a dynamic value), which must refuse these.
  virtual void push_object(std::optional<std::int64_t> /*integer*/) { Missing("push_object"); }

  // --- loop events -----------------------------------------------------------
  virtual void handle_read_event() = 0;
  virtual void handle_write_event() = 0;
  // Asked by a `poll` (format 2, Features::poll).
  virtual bool readable() { Missing("readable"); return false; }
  virtual bool writable() { Missing("writable"); return false; }

 protected:
  // Throws the kit's "declared but not written" error.
  [[noreturn]] static void Missing(const char* method);
};

}  // namespace adapter_kit

#endif  // ASYNCHAT_CONFORMANCE_ADAPTER_KIT_CHAT_UNDER_TEST_H_
