#include "conformance/properties/generators.h"

#include <algorithm>

#include "traces/bytes_escape.h"

namespace conformance::properties {

rc::Gen<char> GenStreamByte() {
  return rc::gen::weightedElement<char>({{4, 'a'}, {3, 'b'}, {2, '\r'}, {2, '\n'}, {1, 'x'}, {1, '\0'}});
}

rc::Gen<TerminatorSpec> GenTerminator() {
  static const std::vector<std::string> kPool = {"\r\n", "\n", "aa", "aba", "abab", "\r\n\r\n", "ab\r", "b"};
  return rc::gen::weightedOneOf<TerminatorSpec>({
      {8, rc::gen::map(rc::gen::elementOf(kPool), [](std::string s) { return TerminatorSpec::String(std::move(s)); })},
      {3, rc::gen::map(rc::gen::mapcat(rc::gen::inRange<std::size_t>(1, 4),
                                       [](std::size_t n) { return rc::gen::container<std::string>(n, GenStreamByte()); }),
                       [](std::string s) { return TerminatorSpec::String(std::move(s)); })},
      {5, rc::gen::map(rc::gen::inRange<long long>(1, 13), [](long long n) { return TerminatorSpec::Count(n); })},
      {1, rc::gen::just(TerminatorSpec::None())},
      {1, rc::gen::just(TerminatorSpec::Count(0))},
      {1, rc::gen::just(TerminatorSpec::String(""))},
  });
}

rc::Gen<std::string> GenStream(std::vector<TerminatorSpec> terminators) {
  std::vector<std::string> texts;
  for (const TerminatorSpec& t : terminators) {
    if (t.kind == TerminatorSpec::Kind::kString && !t.text.empty()) texts.push_back(t.text);
  }
  rc::Gen<std::string> random_piece =
      rc::gen::resize(4, rc::gen::container<std::string>(GenStreamByte()));
  rc::Gen<std::string> piece =
      texts.empty() ? random_piece
                    : rc::gen::weightedOneOf<std::string>({{3, random_piece}, {2, rc::gen::elementOf(texts)}});
  // Scaled: at RapidCheck's size 100 a stream is up to ~30 pieces.
  return rc::gen::map(rc::gen::scale(0.3, rc::gen::container<std::vector<std::string>>(piece)),
                      [](const std::vector<std::string>& pieces) {
                        std::string s;
                        for (const std::string& p : pieces) s += p;
                        return s;
                      });
}

ChannelSizes ChannelSizesFor(const AdapterInfo& info) {
  if (info.capabilities.count("buffer_sizes")) return {};
  return {info.in_buffer, info.out_buffer};
}

rc::Gen<std::size_t> GenInBuffer(const ChannelSizes& sizes) {
  return sizes.fixed_in_buffer ? rc::gen::just(*sizes.fixed_in_buffer) : rc::gen::inRange<std::size_t>(1, 13);
}

rc::Gen<std::size_t> GenOutBuffer(const ChannelSizes& sizes) {
  return sizes.fixed_out_buffer ? rc::gen::just(*sizes.fixed_out_buffer) : rc::gen::inRange<std::size_t>(1, 13);
}

rc::Gen<std::vector<std::size_t>> GenChunkSizes(std::size_t total, std::size_t max_chunk) {
  return rc::gen::exec([total, max_chunk] {
    std::vector<std::size_t> sizes;
    if (total == 0) return sizes;
    // How often to cut, chosen per case so some cases are byte by byte and
    // some nearly whole; 0 (the shrink target) cuts rarely.
    const int density = *rc::gen::inRange(0, 4);
    static const std::size_t kCutWeight[] = {1, 3, 6, 19};
    const std::size_t cut = kCutWeight[density];
    const auto flags =
        *rc::gen::container<std::vector<int>>(total - 1, rc::gen::weightedElement<int>({{20 - cut, 0}, {cut, 1}}));
    std::size_t run = 1;
    auto emit = [&](std::size_t n) {
      for (; n > max_chunk; n -= max_chunk) sizes.push_back(max_chunk);
      if (n > 0) sizes.push_back(n);
    };
    for (int f : flags) {
      if (f) {
        emit(run);
        run = 1;
      } else {
        ++run;
      }
    }
    emit(run);
    return sizes;
  });
}

std::vector<std::string> SplitBySizes(const std::string& data, const std::vector<std::size_t>& sizes) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (std::size_t n : sizes) {
    out.push_back(data.substr(at, n));
    at += n;
  }
  return out;
}

std::string QueueBytes(std::size_t length, int* next) {
  static const char kLetters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  constexpr int kCount = sizeof(kLetters) - 1;
  std::string s;
  for (std::size_t i = 0; i < length; ++i) s += kLetters[(*next)++ % kCount];
  return s;
}

traces::Record ReactionSpec::ToRecord() const {
  switch (action) {
    case Action::kSetTerminator:
      return ReactionInput(call, "set_terminator", TerminatorArgs(terminator));
    case Action::kDiscardBuffers:
      return ReactionInput(call, "discard_buffers");
    case Action::kPush:
      return ReactionInput(call, "push", {Bytes(data)});
    case Action::kCloseWhenDone:
      break;
  }
  return ReactionInput(call, "close_when_done");
}

std::ostream& operator<<(std::ostream& os, const ReactionSpec& r) {
  os << "on found_terminator " << r.call << ' ';
  switch (r.action) {
    case ReactionSpec::Action::kSetTerminator:
      return os << "set_terminator " << r.terminator;
    case ReactionSpec::Action::kDiscardBuffers:
      return os << "discard_buffers";
    case ReactionSpec::Action::kPush:
      return os << "push \"" << traces::EscapeBytes(r.data) << '"';
    case ReactionSpec::Action::kCloseWhenDone:
      break;
  }
  return os << "close_when_done";
}

rc::Gen<ReactionSpec> GenReaction(bool input_only) {
  return rc::gen::exec([input_only] {
    ReactionSpec r;
    r.call = *rc::gen::inRange<std::size_t>(1, 9);
    using A = ReactionSpec::Action;
    r.action = input_only ? *rc::gen::weightedElement<A>({{4, A::kSetTerminator}, {1, A::kDiscardBuffers}})
                          : *rc::gen::weightedElement<A>({{4, A::kSetTerminator},
                                                          {1, A::kDiscardBuffers},
                                                          {2, A::kPush},
                                                          {1, A::kCloseWhenDone}});
    if (r.action == A::kSetTerminator) r.terminator = *GenTerminator();
    if (r.action == A::kPush) {
      int next = static_cast<int>(r.call) * 7;
      r.data = QueueBytes(*rc::gen::inRange<std::size_t>(0, 7), &next);
    }
    return r;
  });
}

}  // namespace conformance::properties
