#include "reference/asynchat/framing_core.h"

#include <algorithm>
#include <cstring>

#include "reference/asynchat/find_prefix_at_end.h"

namespace asynchat {
namespace {

// Position of `needle` in `haystack`, or npos. memchr for one byte (the
// common "\n"), memmem otherwise.
std::size_t Find(std::string_view haystack, std::string_view needle) {
  if (needle.size() == 1) {
    const void* p = std::memchr(haystack.data(), needle[0], haystack.size());
    return p ? static_cast<const char*>(p) - haystack.data() : std::string_view::npos;
  }
  const void* p = memmem(haystack.data(), haystack.size(), needle.data(), needle.size());
  return p ? static_cast<const char*>(p) - haystack.data() : std::string_view::npos;
}

}  // namespace

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

void FramingCore::Discard() {
  held_.clear();
  rest_ = {};
}

// Each branch calls collect_incoming_data() before it consumes the bytes, as
// CPython does, so a discard_buffers() made inside the callback (which empties
// rest_) leaves nothing to consume and nothing to hold back.
void FramingCore::Process(FramingHandler& handler) {
  auto consume = [this](std::size_t k) { rest_.remove_prefix(std::min(k, rest_.size())); };
  while (!rest_.empty()) {
    if (terminator_.collects_everything()) {
      std::string_view all = rest_;
      handler.collect_incoming_data(all);
      consume(all.size());
    } else if (terminator_.kind() == Terminator::Kind::kCount) {
      const std::uint64_t n = terminator_.count_;
      if (rest_.size() < n) {
        std::string_view all = rest_;
        handler.collect_incoming_data(all);
        consume(all.size());
        if (terminator_.kind() == Terminator::Kind::kCount && terminator_.count_ >= all.size()) {
          terminator_.count_ -= all.size();
        }
      } else {
        handler.collect_incoming_data(rest_.substr(0, n));
        consume(n);
        // Terminator::Count(0) without building a temporary when it is still
        // an integer (collect_incoming_data() may have replaced it).
        if (terminator_.kind_ == Terminator::Kind::kCount) {
          terminator_.count_ = 0;
        } else {
          terminator_ = Terminator::Count(0);
        }
        handler.found_terminator();
      }
    } else {
      const std::string& term = terminator_.bytes();
      const std::size_t term_size = term.size();
      std::size_t index = Find(rest_, term);
      if (index != std::string_view::npos) {
        if (index > 0) handler.collect_incoming_data(rest_.substr(0, index));
        consume(index + term_size);
        handler.found_terminator();
      } else {
        std::size_t prefix = find_prefix_at_end(rest_, term);
        if (prefix == 0) {
          std::string_view all = rest_;
          handler.collect_incoming_data(all);
          consume(all.size());
        } else {
          if (prefix != rest_.size()) handler.collect_incoming_data(rest_.substr(0, rest_.size() - prefix));
          consume(rest_.size() - std::min(prefix, rest_.size()));
          held_.assign(rest_);
          rest_ = {};
          return;
        }
      }
    }
  }
}

}  // namespace asynchat
