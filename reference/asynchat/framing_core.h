// FramingCore: async_chat's input side, with no I/O.
//
// Bytes go in through Feed() in any chunking; the core calls
// collect_incoming_data() and found_terminator() on a FramingHandler exactly
// as the documented algorithm (and CPython 3's handle_read) does:
//  - the buffer is the bytes held back from earlier reads plus the new read;
//  - a string terminator found in it: the bytes before it are collected
//    (never an empty collect), the terminator is skipped, found_terminator()
//    runs, and the rest of the same buffer continues under whatever
//    terminator found_terminator() left in place;
//  - no terminator, but the buffer ends with a proper prefix of it: collect
//    up to the prefix and hold the prefix back for the next read;
//  - an integer terminator collects min(n, available) bytes and counts down;
//    reaching 0 fires found_terminator();
//  - None, "" and 0 collect everything.
// Collected data are views into the caller's bytes (or into a small join
// buffer when held-back bytes precede them); they are valid only during the
// call. Work is linear in the bytes fed, whatever the chunking.
//
// Re-entrancy: handlers may call set_terminator() and Discard() from inside
// their callbacks; Discard() drops the rest of the buffer being processed, as
// discard_buffers() does in CPython. Feed() must not be called re-entrantly.
// An exception from a callback propagates out of Feed(); the bytes not yet
// consumed (including those passed to a collect_incoming_data() that threw)
// are kept and processed again at the next Feed(), as CPython's
// ac_in_buffer keeps them.
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_FRAMING_CORE_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_FRAMING_CORE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "reference/asynchat/terminator.h"

namespace asynchat {

class FramingHandler {
 public:
  virtual ~FramingHandler() = default;
  virtual void collect_incoming_data(std::string_view data) = 0;
  virtual void found_terminator() = 0;
};

class FramingCore {
 public:
  // Setting an integer or None terminator only stores the kind and count
  // (the usual found_terminator() of a length-prefixed protocol re-arms one).
  void set_terminator(Terminator terminator) {
    ++terminator_changes_;
    if (terminator.kind_ != Terminator::Kind::kString) {
      terminator_.kind_ = terminator.kind_;
      terminator_.count_ = terminator.count_;
    } else {
      terminator_ = std::move(terminator);
    }
  }
  // The same as set_terminator(Terminator::String(bytes)), and only a change
  // of kind when `bytes` are those of the last string terminator (still held,
  // see Terminator): a protocol alternating "\n" with an integer terminator.
  void set_terminator(std::string_view bytes) {
    if (terminator_.kind_ != Terminator::Kind::kString && !bytes.empty() && bytes == terminator_.bytes_) {
      ++terminator_changes_;
      terminator_.kind_ = Terminator::Kind::kString;
      return;
    }
    set_terminator(Terminator::String(bytes));
  }
  // The same as set_terminator(Terminator::Count(count)) for count >= 0.
  void set_count_terminator(std::uint64_t count) {
    ++terminator_changes_;
    terminator_.kind_ = Terminator::Kind::kCount;
    terminator_.count_ = count;
  }
  // The current terminator; an integer one reads as the bytes still expected.
  const Terminator& terminator() const { return terminator_; }

  void Feed(std::string_view data, FramingHandler& handler);

  // Appends `data` to the held-back bytes without framing them: input that
  // arrived while there was no terminator to frame it by.
  void Hold(std::string_view data) { held_.append(data); }

  // Drops held-back bytes and, during Feed(), the rest of the current buffer.
  void Discard();

  // Bytes held back as a possible terminator prefix (or left unprocessed by
  // a callback that threw).
  std::string_view held_back() const { return held_; }

 private:
  void Process(FramingHandler& handler);
  // One stretch of rest_ under the current string terminator; false when
  // bytes were held back (the buffer is done).
  bool FrameByString(FramingHandler& handler);
  template <typename FindNext>
  bool FrameMessages(FramingHandler& handler, std::size_t terminator_size, FindNext find_next);
  bool CollectOrHoldRest(FramingHandler& handler, std::size_t terminator_size);
  void FrameByCount(FramingHandler& handler);
  void CollectAll(FramingHandler& handler);

  Terminator terminator_;
  // Counts set_terminator() calls, so a search built for one string
  // terminator is dropped when a callback replaces it.
  std::uint64_t terminator_changes_ = 0;
  std::string held_;     // possible terminator prefix from the last read
  std::string joined_;   // held_ + new data, only when held_ was not empty
  std::string_view rest_;  // unprocessed part of the current buffer
};

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_FRAMING_CORE_H_
