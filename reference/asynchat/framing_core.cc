#include "reference/asynchat/framing_core.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "reference/asynchat/find_prefix_at_end.h"
#include "reference/asynchat/terminator_search.h"

namespace asynchat {

void FramingCore::Discard() {
  held_.clear();
  rest_ = {};
}

// Each branch calls collect_incoming_data() before it consumes the bytes, as
// CPython does, so a discard_buffers() made inside the callback (which empties
// rest_) leaves nothing to consume and nothing to hold back.
inline void FramingCore::Process(FramingHandler& handler) {
  while (!rest_.empty()) {
    if (terminator_.kind_ == Terminator::Kind::kString && !terminator_.bytes_.empty()) {
      if (!FrameByString(handler)) return;
    } else if (terminator_.kind_ == Terminator::Kind::kCount && terminator_.count_ != 0) {
      FrameByCount(handler);
    } else {
      CollectAll(handler);
    }
  }
}

inline void FramingCore::CollectAll(FramingHandler& handler) {
  const std::string_view all = rest_;
  handler.collect_incoming_data(all);
  rest_.remove_prefix(std::min(all.size(), rest_.size()));
}

inline void FramingCore::FrameByCount(FramingHandler& handler) {
  do {
    const std::uint64_t n = terminator_.count_;
    if (rest_.size() < n) {
      const std::string_view all = rest_;
      handler.collect_incoming_data(all);
      rest_.remove_prefix(std::min(all.size(), rest_.size()));
      if (terminator_.kind_ == Terminator::Kind::kCount && terminator_.count_ >= all.size()) {
        terminator_.count_ -= all.size();
      }
      return;
    }
    handler.collect_incoming_data(std::string_view(rest_.data(), n));
    rest_.remove_prefix(std::min<std::size_t>(n, rest_.size()));
    // Terminator::Count(0), whatever collect_incoming_data() may have set.
    terminator_.kind_ = Terminator::Kind::kCount;
    terminator_.count_ = 0;
    handler.found_terminator();
  } while (!rest_.empty() && terminator_.kind_ == Terminator::Kind::kCount && terminator_.count_ != 0);
}

// Frames message after message under one terminator without re-examining it
// between them; returns to Process() when a callback sets a terminator (even
// the same one) or the buffer is used up. `find_next` gives the offset of the
// terminator in rest_, or npos.
template <typename FindNext>
inline bool FramingCore::FrameMessages(FramingHandler& handler, std::size_t terminator_size, FindNext find_next) {
  const std::uint64_t changes = terminator_changes_;
  do {
    const std::size_t index = find_next();
    if (index == std::string_view::npos) return CollectOrHoldRest(handler, terminator_size);
    if (index > 0) handler.collect_incoming_data(std::string_view(rest_.data(), index));
    rest_.remove_prefix(std::min(index + terminator_size, rest_.size()));
    handler.found_terminator();
  } while (changes == terminator_changes_ && !rest_.empty());
  return true;
}

// rest_ holds no whole terminator: collect it, except for a proper prefix of
// the terminator at its end, which is held back for the next read (false).
inline bool FramingCore::CollectOrHoldRest(FramingHandler& handler, std::size_t terminator_size) {
  // A one-byte terminator has no proper prefix to hold back.
  const std::size_t prefix = terminator_size == 1 ? 0 : find_prefix_at_end(rest_, terminator_.bytes_);
  if (prefix == 0) {
    CollectAll(handler);
    return true;
  }
  if (prefix != rest_.size()) handler.collect_incoming_data(rest_.substr(0, rest_.size() - prefix));
  rest_.remove_prefix(rest_.size() - std::min(prefix, rest_.size()));
  held_.assign(rest_);
  rest_ = {};
  return false;
}

inline bool FramingCore::FrameByString(FramingHandler& handler) {
  // Valid while the terminator is not replaced, which ends FrameMessages().
  const std::string_view term = terminator_.bytes_;
  if (term.size() > 1) {
    const std::size_t anchor = terminator_.search_anchor_;
    return FrameMessages(handler, term.size(), [&] { return FindTerminator(rest_, term, anchor); });
  }
  const auto offset = [this](const void* p) {
    return p == nullptr ? std::string_view::npos
                        : static_cast<std::size_t>(static_cast<const char*>(p) - rest_.data());
  };
  // A short read holds at most a line or two: one memchr() each costs less
  // than setting up a scanner.
  constexpr std::size_t kHead = 64;
  if (rest_.size() < kHead) {
    return FrameMessages(handler, 1, [&] { return offset(std::memchr(rest_.data(), term[0], rest_.size())); });
  }
  // The first line end is looked for by memchr() in the first kHead bytes: a
  // read that starts with a short command line and goes on with a counted
  // body (the echo protocol, HTTP) then never pays for the scanner. Later
  // ones use the scanner, built over what follows: rest_ stays a suffix of
  // it until a callback discards it (then empty, which ends the loop).
  const char* const end = rest_.data() + rest_.size();
  std::optional<ByteScanner> line_ends;
  return FrameMessages(handler, 1, [&] {
    if (line_ends) return offset(line_ends->Next(rest_.data()));
    const char* const p = static_cast<const char*>(std::memchr(rest_.data(), term[0], kHead));
    const char* const from = p != nullptr ? p + 1 : rest_.data() + kHead;
    line_ends.emplace(from, end, term[0]);
    return offset(p != nullptr ? p : line_ends->Next(from));
  });
}

void FramingCore::Feed(std::string_view data, FramingHandler& handler) {
  if (held_.empty()) {
    rest_ = data;
  } else {
    // Held bytes are at most terminator length - 1 (unless a handler threw);
    // joining costs one copy of this read, which keeps the total linear.
    joined_.assign(held_);
    joined_.append(data);
    held_.clear();
    rest_ = joined_;
  }
  try {
    Process(handler);
  } catch (...) {
    // As CPython's handle_read(): what was not consumed when a handler threw
    // (including the bytes whose collect_incoming_data() threw) stays
    // buffered and is processed again with the next read.
    held_.assign(rest_.data(), rest_.size());
    rest_ = {};
    throw;
  }
}

}  // namespace asynchat
