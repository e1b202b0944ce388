#include "fuzz/scenario_codec.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <stdexcept>
#include <vector>

#include "fuzz/byte_source.h"

namespace fuzz {
namespace {

using traces::Arg;
using traces::Record;

enum class Op {
  kRead,
  kReadEof,
  kReadWouldblock,
  kReadError,
  kWrite,
  kSendBudget,
  kSendError,
  kSetTerminator,
  kPush,
  kProducer,
  kPushWithProducer,
  kCloseWhenDone,
  kDiscardBuffers,
  kClose,
  kOn,
};

const std::vector<Op>& Ops(Surface s) {
  static const std::vector<Op> framing = {Op::kRead, Op::kSetTerminator, Op::kOn, Op::kDiscardBuffers, Op::kReadEof};
  static const std::vector<Op> output = {Op::kWrite,         Op::kPush,           Op::kProducer,
                                         Op::kPushWithProducer, Op::kSendBudget, Op::kSendError,
                                         Op::kCloseWhenDone, Op::kDiscardBuffers, Op::kClose};
  static const std::vector<Op> session = {
      Op::kRead,     Op::kReadEof,  Op::kReadWouldblock,   Op::kReadError,     Op::kWrite,
      Op::kSendBudget, Op::kSendError, Op::kSetTerminator, Op::kPush,          Op::kProducer,
      Op::kPushWithProducer, Op::kCloseWhenDone, Op::kDiscardBuffers, Op::kClose, Op::kOn};
  switch (s) {
    case Surface::kFraming: return framing;
    case Surface::kOutput: return output;
    case Surface::kSession: return session;
  }
  return session;
}

// Actions a reaction may perform; empty: the surface has no reactions.
const std::vector<Op>& Actions(Surface s) {
  static const std::vector<Op> framing = {Op::kSetTerminator, Op::kDiscardBuffers, Op::kClose};
  static const std::vector<Op> none = {};
  static const std::vector<Op> session = {Op::kSetTerminator, Op::kPush,           Op::kPushWithProducer,
                                          Op::kCloseWhenDone, Op::kDiscardBuffers, Op::kClose};
  switch (s) {
    case Surface::kFraming: return framing;
    case Surface::kOutput: return none;
    case Surface::kSession: return session;
  }
  return none;
}

const char* const kReadErrors[] = {"ECONNRESET", "ETIMEDOUT", "ECONNABORTED", "EHOSTUNREACH"};
const char* const kSendErrors[] = {"EAGAIN", "EPIPE", "ECONNRESET", "ENOBUFS"};
constexpr std::size_t kMaxProducers = 4;
constexpr std::size_t kMaxChunks = 4;
constexpr std::size_t kMaxStringTerminator = 8;

Arg Word(std::string s) { return Arg{Arg::Kind::kWord, std::move(s)}; }
Arg Bytes(std::string_view s) { return Arg{Arg::Kind::kBytes, std::string(s)}; }
std::string ProducerId(std::size_t i) { return "p" + std::to_string(i); }

std::size_t Pick(std::uint8_t b, std::size_t n) { return b % n; }

// --- decoding ------------------------------------------------------------------

class Decoder {
 public:
  Decoder(std::string_view input, Surface surface) : src_(input), surface_(surface) {}

  traces::Trace Run() {
    traces::Trace t;
    // The newest format: the differential targets (framing_core,
    // output_queue) compare every observable, the recv and handle_close
    // records of version 2 too. Its new inputs are not generated: the
    // session checker's invariants do not cover them yet.
    t.version = traces::kFormatVersion;
    t.description = std::string("decoded fuzz input (") + SurfaceName(surface_) + ")";
    traces::ChannelConfig c;
    c.id = kChannel;
    const std::uint8_t flags = src_.TakeByte();
    c.connected = (flags & 1) == 0;
    if (flags & 2) c.in_buffer = Size();
    if (flags & 4) c.out_buffer = Size();
    if (flags & 8) c.send_cap = Size();
    in_buffer_ = c.in_buffer.value_or(kMaxBuffer);
    t.channels.push_back(c);
    if (surface_ == Surface::kFraming) {
      std::vector<Arg> t0 = Terminator();
      if (t0[0].text.rfind("int:-", 0) == 0) t0 = {Word("none")};  // it would raise and leave no terminator
      Emit(&t.records, "set_terminator", std::move(t0));
    }
    const std::vector<Op>& ops = Ops(surface_);
    for (std::size_t n = 0; n < kMaxOps && !src_.empty(); ++n) {
      Op op = ops[Pick(src_.TakeByte(), ops.size())];
      DecodeOp(op, &t.records);
    }
    return t;
  }

 private:
  std::size_t Size() { return 1 + src_.TakeU16() % kMaxBuffer; }

  // Keeps the bytes a scenario can queue for output bounded.
  bool Queue(std::size_t n) {
    if (queued_ + n > kMaxQueuedBytes) return false;
    queued_ += n;
    return true;
  }

  void Emit(std::vector<Record>* out, std::string verb, std::vector<Arg> args) {
    out->push_back(Record{Record::Direction::kInput, kChannel, std::move(verb), std::move(args), 0});
  }

  std::vector<Arg> Terminator() {
    switch (src_.TakeByte() % 4) {
      case 0: return {Word("none")};
      case 1: return {Word("int:" + std::to_string(src_.TakeU16()))};
      case 2: {
        std::size_t n = src_.TakeByte() % (kMaxStringTerminator + 1);
        return {Word("str:"), Bytes(src_.TakeBytes(n))};
      }
      default: return {Word("int:-" + std::to_string(src_.TakeByte() + 1))};
    }
  }

  // The verb and arguments of an action shared by inputs and reactions, or
  // nothing when it cannot be expressed (an undeclared producer).
  bool Action(Op op, std::string* verb, std::vector<Arg>* args) {
    switch (op) {
      case Op::kSetTerminator:
        *verb = "set_terminator";
        *args = Terminator();
        return true;
      case Op::kPush: {
        std::string_view data = src_.TakeBytes(src_.TakeU16() % (kMaxBuffer + 1));
        if (!Queue(data.size())) return false;
        *verb = "push";
        *args = {Bytes(data)};
        return true;
      }
      case Op::kPushWithProducer: {
        std::size_t p = Pick(src_.TakeByte(), kMaxProducers);
        if (!declared_[p] || !Queue(producer_bytes_[p])) return false;
        *verb = "push_with_producer";
        *args = {Word(ProducerId(p))};
        return true;
      }
      case Op::kCloseWhenDone: *verb = "close_when_done"; return true;
      case Op::kDiscardBuffers: *verb = "discard_buffers"; return true;
      case Op::kClose: *verb = "close"; return true;
      default: return false;
    }
  }

  void DecodeOp(Op op, std::vector<Record>* out) {
    switch (op) {
      case Op::kRead: {
        std::string_view data = src_.TakeBytes(1 + src_.TakeU16() % in_buffer_);
        if (!data.empty()) Emit(out, "read", {Bytes(data)});
        return;
      }
      case Op::kReadEof: Emit(out, "read", {Word("eof")}); return;
      case Op::kReadWouldblock: Emit(out, "read", {Word("wouldblock")}); return;
      case Op::kReadError:
        Emit(out, "read", {Word("error"), Word(kReadErrors[Pick(src_.TakeByte(), std::size(kReadErrors))])});
        return;
      case Op::kWrite: Emit(out, "write", {}); return;
      case Op::kSendBudget: Emit(out, "send_budget", {Word(std::to_string(src_.TakeU16() % (kMaxBuffer + 1)))}); return;
      case Op::kSendError:
        Emit(out, "send_error", {Word(kSendErrors[Pick(src_.TakeByte(), std::size(kSendErrors))])});
        return;
      case Op::kProducer: {
        std::size_t p = Pick(src_.TakeByte(), kMaxProducers);
        std::size_t chunks = src_.TakeByte() % (kMaxChunks + 1);
        std::vector<Arg> args = {Word(ProducerId(p))};
        producer_bytes_[p] = 0;
        for (std::size_t i = 0; i < chunks; ++i) {
          args.push_back(Bytes(src_.TakeBytes(src_.TakeU16() % (kMaxBuffer + 1))));
          producer_bytes_[p] += args.back().text.size();
        }
        declared_[p] = true;
        Emit(out, "producer", std::move(args));
        return;
      }
      case Op::kOn: {
        const std::vector<Op>& actions = Actions(surface_);
        std::size_t call = 1 + src_.TakeByte() % kMaxReactionCall;
        if (actions.empty()) return;
        std::string verb;
        std::vector<Arg> args;
        if (!Action(actions[Pick(src_.TakeByte(), actions.size())], &verb, &args)) return;
        std::vector<Arg> all = {Word("found_terminator"), Word(std::to_string(call)), Word(verb)};
        all.insert(all.end(), args.begin(), args.end());
        Emit(out, "on", std::move(all));
        return;
      }
      default: {
        std::string verb;
        std::vector<Arg> args;
        if (Action(op, &verb, &args)) Emit(out, verb, std::move(args));
        return;
      }
    }
  }

  ByteSource src_;
  Surface surface_;
  std::size_t in_buffer_ = kMaxBuffer;
  bool declared_[kMaxProducers] = {};
  std::size_t producer_bytes_[kMaxProducers] = {};
  std::size_t queued_ = 0;
};

// --- encoding --------------------------------------------------------------------

// Thrown (and caught in EncodeChannel) for an input the surface cannot say.
struct Skip {};

bool ParseCount(const std::string& s, long long* v) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *v);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

class Encoder {
 public:
  explicit Encoder(Surface surface) : surface_(surface) {}

  bool Header(const traces::ChannelConfig& c) {
    std::uint8_t flags = c.connected ? 0 : 1;
    if (c.in_buffer) flags |= 2;
    if (c.out_buffer) flags |= 4;
    if (c.send_cap) flags |= 8;
    sink_.PutByte(flags);
    // Sizes above the codec's range (an application's 65536) are clamped:
    // the seed then makes more, smaller reads of the same bytes.
    for (const std::optional<std::size_t>& v : {c.in_buffer, c.out_buffer, c.send_cap}) {
      if (!v) continue;
      if (*v < 1) return false;
      sink_.PutU16(static_cast<std::uint16_t>(std::min(*v, kMaxBuffer) - 1));
    }
    in_buffer_ = std::min(c.in_buffer.value_or(kMaxBuffer), kMaxBuffer);
    return true;
  }

  // Encodes one input record, or leaves the sink untouched if it cannot.
  bool Input(const Record& r) {
    ByteSink saved = sink_;
    auto saved_ids = ids_;
    auto saved_bytes = producer_bytes_;
    std::size_t saved_queued = queued_;
    try {
      EncodeInput(r);
      ++ops_;
      return true;
    } catch (const Skip&) {
      sink_ = saved;
      ids_ = saved_ids;
      producer_bytes_ = saved_bytes;
      queued_ = saved_queued;
      return false;
    } catch (const std::out_of_range&) {  // a record with fewer arguments than its verb takes
      sink_ = saved;
      ids_ = saved_ids;
      producer_bytes_ = saved_bytes;
      queued_ = saved_queued;
      return false;
    }
  }

  // The terminator every framing scenario starts with.
  bool InitialTerminator(const Record& r) {
    if (!r.args.empty() && r.args[0].text.rfind("int:-", 0) == 0) return false;  // decoded as none
    ByteSink saved = sink_;
    try {
      PutTerminator(r.args, 0);
      return true;
    } catch (const Skip&) {
      sink_ = saved;
      return false;
    }
  }

  std::size_t ops() const { return ops_; }
  std::size_t size() const { return sink_.size(); }
  std::string Finish() const { return sink_.Finish(); }

 private:
  void PutOp(Op op, const std::vector<Op>& list) {
    auto it = std::find(list.begin(), list.end(), op);
    if (it == list.end()) throw Skip{};
    sink_.PutByte(static_cast<std::uint8_t>(it - list.begin()));
  }

  void Queue(std::size_t n) {
    if (queued_ + n > kMaxQueuedBytes) throw Skip{};
    queued_ += n;
  }

  void PutLength(std::size_t n) {
    if (n > kMaxBuffer) throw Skip{};
    sink_.PutU16(static_cast<std::uint16_t>(n));
  }

  static std::size_t IndexOf(const char* const* names, std::size_t n, const std::string& name) {
    for (std::size_t i = 0; i < n; ++i) {
      if (name == names[i]) return i;
    }
    throw Skip{};
  }

  void PutTerminator(const std::vector<Arg>& a, std::size_t i) {
    if (a.size() <= i) throw Skip{};
    const std::string& w = a[i].text;
    if (w == "none") {
      sink_.PutByte(0);
      return;
    }
    if (w == "str:") {
      if (a.size() <= i + 1 || a[i + 1].text.size() > kMaxStringTerminator) throw Skip{};
      sink_.PutByte(2);
      sink_.PutByte(static_cast<std::uint8_t>(a[i + 1].text.size()));
      sink_.PutBytes(a[i + 1].text);
      return;
    }
    long long v;
    if (w.rfind("int:", 0) != 0 || !ParseCount(w.substr(4), &v)) throw Skip{};
    if (v >= 0 && v <= 0xffff) {
      sink_.PutByte(1);
      sink_.PutU16(static_cast<std::uint16_t>(v));
    } else if (v < 0 && v >= -256) {
      sink_.PutByte(3);
      sink_.PutByte(static_cast<std::uint8_t>(-v - 1));
    } else {
      throw Skip{};
    }
  }

  std::size_t ProducerIndex(const std::string& id, bool declare) {
    auto it = ids_.find(id);
    if (it != ids_.end()) return it->second;
    if (!declare || ids_.size() >= kMaxProducers) throw Skip{};
    std::size_t i = ids_.size();
    ids_[id] = i;
    return i;
  }

  // An action of an input or a reaction (verb, its arguments from a[first]).
  void PutAction(const std::string& verb, const std::vector<Arg>& a, std::size_t first, const std::vector<Op>& list) {
    if (verb == "set_terminator") {
      PutOp(Op::kSetTerminator, list);
      PutTerminator(a, first);
    } else if (verb == "push" || verb == "push_typed") {
      std::size_t data = verb == "push" ? first : first + 1;
      if (a.size() <= data || (verb == "push_typed" && a[first].text == "str")) throw Skip{};
      Queue(a[data].text.size());
      PutOp(Op::kPush, list);
      PutLength(a[data].text.size());
      sink_.PutBytes(a[data].text);
    } else if (verb == "push_with_producer") {
      std::size_t p = ProducerIndex(a.at(first).text, false);
      Queue(producer_bytes_[p]);
      PutOp(Op::kPushWithProducer, list);
      sink_.PutByte(static_cast<std::uint8_t>(p));
    } else if (verb == "close_when_done") {
      PutOp(Op::kCloseWhenDone, list);
    } else if (verb == "discard_buffers") {
      PutOp(Op::kDiscardBuffers, list);
    } else if (verb == "close") {
      PutOp(Op::kClose, list);
    } else {
      throw Skip{};
    }
  }

  void EncodeInput(const Record& r) {
    const std::vector<Op>& ops = Ops(surface_);
    const std::vector<Arg>& a = r.args;
    if (r.verb == "read") {
      if (a.empty()) throw Skip{};
      if (a[0].kind == Arg::Kind::kBytes) {
        const std::string& d = a[0].text;
        if (d.empty()) throw Skip{};
        // A read larger than in_buffer (clamped above) arrives as several,
        // each counted as EncodeChannel counts inputs (so that re-encoding
        // the decoded scenario stops at the same piece).
        for (std::size_t at = 0; at < d.size(); at += in_buffer_) {
          if (at > 0) {
            if (ops_ + 1 >= kMaxOps || sink_.size() >= kMaxEncodedBytes) break;
            ++ops_;  // the record's own op is counted by Input
          }
          std::string_view piece = std::string_view(d).substr(at, in_buffer_);
          PutOp(Op::kRead, ops);
          sink_.PutU16(static_cast<std::uint16_t>(piece.size() - 1));
          sink_.PutBytes(piece);
        }
      } else if (a[0].text == "eof") {
        PutOp(Op::kReadEof, ops);
      } else if (a[0].text == "wouldblock") {
        PutOp(Op::kReadWouldblock, ops);
      } else {
        PutOp(Op::kReadError, ops);
        sink_.PutByte(static_cast<std::uint8_t>(IndexOf(kReadErrors, std::size(kReadErrors), a.at(1).text)));
      }
    } else if (r.verb == "write") {
      PutOp(Op::kWrite, ops);
    } else if (r.verb == "send_budget") {
      long long v;
      if (a.empty() || !ParseCount(a[0].text, &v) || v < 0 || v > static_cast<long long>(kMaxBuffer)) throw Skip{};
      PutOp(Op::kSendBudget, ops);
      sink_.PutU16(static_cast<std::uint16_t>(v));
    } else if (r.verb == "send_error") {
      PutOp(Op::kSendError, ops);
      sink_.PutByte(static_cast<std::uint8_t>(IndexOf(kSendErrors, std::size(kSendErrors), a.at(0).text)));
    } else if (r.verb == "producer") {
      PutOp(Op::kProducer, ops);
      std::size_t p = ProducerIndex(a.at(0).text, true);
      std::size_t chunks = std::min(a.size() - 1, kMaxChunks);
      sink_.PutByte(static_cast<std::uint8_t>(p));
      sink_.PutByte(static_cast<std::uint8_t>(chunks));
      producer_bytes_[p] = 0;
      for (std::size_t i = 1; i <= chunks; ++i) {
        PutLength(a[i].text.size());
        sink_.PutBytes(a[i].text);
        producer_bytes_[p] += a[i].text.size();
      }
    } else if (r.verb == "on") {
      long long call;
      if (a.size() < 3 || !ParseCount(a[1].text, &call) || call < 1 ||
          call > static_cast<long long>(kMaxReactionCall)) {
        throw Skip{};
      }
      PutOp(Op::kOn, ops);
      sink_.PutByte(static_cast<std::uint8_t>(call - 1));
      PutAction(a[2].text, a, 3, Actions(surface_));
    } else {
      PutAction(r.verb, a, 0, ops);
    }
  }

  Surface surface_;
  ByteSink sink_;
  std::map<std::string, std::size_t> ids_;
  std::array<std::size_t, kMaxProducers> producer_bytes_ = {};
  std::size_t queued_ = 0;
  std::size_t in_buffer_ = kMaxBuffer;
  std::size_t ops_ = 0;
};

}  // namespace

const char* SurfaceName(Surface surface) {
  switch (surface) {
    case Surface::kFraming: return "framing";
    case Surface::kOutput: return "output";
    case Surface::kSession: return "session";
  }
  return "?";
}

traces::Trace DecodeScenario(std::string_view input, Surface surface) { return Decoder(input, surface).Run(); }

std::optional<std::string> EncodeChannel(const traces::Trace& trace, const std::string& channel, Surface surface) {
  const traces::ChannelConfig* c = trace.FindChannel(channel);
  // The scenarios are async_chat channels; an app= channel's inputs would
  // decode to a channel running something else.
  if (!c || !c->app.empty()) return std::nullopt;
  Encoder e(surface);
  if (!e.Header(*c)) return std::nullopt;
  bool first = true;
  for (const Record& r : trace.records) {
    if (r.direction != Record::Direction::kInput || r.channel != channel) continue;
    if (first && surface == Surface::kFraming) {
      // The header's terminator: the channel's first input if it sets one.
      first = false;
      if (r.verb == "set_terminator" && e.InitialTerminator(r)) continue;
      e.InitialTerminator(Record{Record::Direction::kInput, channel, "set_terminator", {Arg{Arg::Kind::kWord, "none"}}, 0});
    }
    if (e.ops() >= kMaxOps || e.size() >= kMaxEncodedBytes) break;
    e.Input(r);
  }
  if (e.ops() == 0) return std::nullopt;
  return e.Finish();
}

}  // namespace fuzz
