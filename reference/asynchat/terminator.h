// Terminator: the three kinds of value set_terminator() accepts.
//
// Documents ([py3-asynchat], set_terminator table): a string ends a message where it
// appears in the stream; an integer ends it after that many bytes; None never
// ends it ("collect forever"). An integer terminator counts down across reads
// and reads 0 once reached (CPython 3; the documents are silent). An empty
// string and the integer 0 behave like None: every byte is collected and
// found_terminator() never fires (CPython's `if not terminator` test).
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_TERMINATOR_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_TERMINATOR_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace asynchat {

class Terminator {
 public:
  enum class Kind { kNone, kString, kCount };

  // None: collect forever.
  Terminator() = default;
  static Terminator None() { return Terminator(); }
  static Terminator String(std::string_view bytes);
  // Throws std::invalid_argument naming `count` when it is negative
  // (CPython raises ValueError the same way).
  static Terminator Count(std::int64_t count) {
    if (count < 0) ThrowNegativeCount(count);
    Terminator t;
    t.kind_ = Kind::kCount;
    t.count_ = static_cast<std::uint64_t>(count);
    return t;
  }

  Kind kind() const { return kind_; }
  // Empty unless a string terminator.
  const std::string& bytes() const { return kind_ == Kind::kString ? bytes_ : kNoBytes; }
  // 0 unless an integer terminator.
  std::uint64_t count() const { return kind_ == Kind::kCount ? count_ : 0; }

  // True when input is collected without ever calling found_terminator():
  // None, the empty string, or a count of 0.
  bool collects_everything() const {
    return kind_ == Kind::kNone || (kind_ == Kind::kString ? bytes_.empty() : count_ == 0);
  }

  // Printable form used in messages and traces: none, int:N, str:"..".
  std::string Describe() const;

  // Compares what the kind uses: the bytes of a string, the count of an integer.
  friend bool operator==(const Terminator& a, const Terminator& b) {
    return a.kind_ == b.kind_ && a.bytes() == b.bytes() && a.count() == b.count();
  }

 private:
  // Counts an integer terminator down in place, and keeps the bytes (and
  // search anchor) of a string terminator it replaced by an integer or None
  // one: a protocol that alternates the two sets the same string again and
  // again, which then costs no allocation.
  friend class FramingCore;
  static const std::string kNoBytes;
  [[noreturn]] static void ThrowNegativeCount(std::int64_t count);
  Kind kind_ = Kind::kNone;
  std::string bytes_;
  // Which byte of bytes_ the framing core's search memchr()s for
  // (terminator_search.h); follows from bytes_, so equality is unaffected.
  std::size_t search_anchor_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_TERMINATOR_H_
