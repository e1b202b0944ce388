#include "reference/asynchat/framing_core.h"

#include <algorithm>
#include <cstring>

#include "reference/asynchat/find_prefix_at_end.h"
#include "reference/asynchat/terminator_search.h"

namespace asynchat {

void FramingCore::ReplaceTerminator(Terminator&& terminator) { terminator_ = std::move(terminator); }

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
    // Terminator::Count(0) without building a temporary when it is still an
    // integer (collect_incoming_data() may have replaced it).
    if (terminator_.kind_ == Terminator::Kind::kCount) {
      terminator_.count_ = 0;
    } else {
      terminator_ = Terminator::Count(0);
    }
    handler.found_terminator();
  } while (!rest_.empty() && terminator_.kind_ == Terminator::Kind::kCount && terminator_.count_ != 0);
}

// Frames message after message under one terminator without re-examining it
// between them; returns to Process() when a callback sets a terminator (even
// the same one) or the buffer is used up.
inline bool FramingCore::FrameByString(FramingHandler& handler) {
  const std::uint64_t changes = terminator_changes_;
  // Valid while terminator_changes_ == changes: only set_terminator() replaces the bytes.
  const std::string_view term = terminator_.bytes_;
  const std::size_t anchor = terminator_.search_anchor_;
  do {
    std::size_t index;
    if (term.size() == 1) {
      const void* p = std::memchr(rest_.data(), term[0], rest_.size());
      if (p == nullptr) {
        CollectAll(handler);  // a one-byte terminator has no proper prefix to hold back
        return true;
      }
      index = static_cast<std::size_t>(static_cast<const char*>(p) - rest_.data());
    } else {
      index = FindTerminator(rest_, term, anchor);
      if (index == std::string_view::npos) {
        const std::size_t prefix = find_prefix_at_end(rest_, term);
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
    }
    if (index > 0) handler.collect_incoming_data(std::string_view(rest_.data(), index));
    rest_.remove_prefix(std::min(index + term.size(), rest_.size()));
    handler.found_terminator();
  } while (changes == terminator_changes_ && !rest_.empty());
  return true;
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
