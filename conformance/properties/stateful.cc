#include "conformance/properties/stateful.h"

#include <algorithm>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>

#include <rapidcheck/state.h>

#include "conformance/properties/generators.h"
#include "conformance/properties/rapidcheck_runner.h"
#include "conformance/properties/scenario_builder.h"
#include "conformance/properties/scenario_check.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance::properties {
namespace {

using traces::Record;

// The model state the commands are generated against: what later commands
// need to stay valid (reads fit in_buffer) and distinct (fresh producer ids,
// fresh bytes to push).
struct ChatState {
  std::size_t in_buffer = 1;
  std::size_t out_buffer = 1;
  TerminatorSpec terminator;  // the last one set directly, for reads to contain
  int next_producer = 1;
  int next_byte = 0;
};

// The system under test, as the commands see it: the adapter's and the
// model's transcripts of the whole sequence, walked command by command.
class TranscriptPair {
 public:
  TranscriptPair(const std::vector<Record>& actual, const std::vector<Record>& expected)
      : actual_(actual), expected_(expected) {}

  // Compares the records the next `inputs` inputs produced; the first
  // difference is kept (and later commands are not compared).
  // `describe` names the step; called only when it differs.
  void Step(std::size_t inputs, const std::function<std::string()>& describe) {
    ++commands_;
    if (failure_) return;
    const std::size_t a_end = SliceEnd(actual_, a_, inputs), e_end = SliceEnd(expected_, e_, inputs);
    bool same = a_end - a_ == e_end - e_;
    for (std::size_t i = 0; same && i < a_end - a_; ++i) same = actual_[a_ + i].SameAs(expected_[e_ + i]);
    if (!same) {
      std::string m = "step " + std::to_string(commands_) + " (" + describe() + ") differs from the model";
      m += "\n  model:";
      for (std::size_t i = e_; i < e_end; ++i) m += "\n    " + traces::FormatRecord(expected_[i]);
      m += "\n  implementation:";
      for (std::size_t i = a_; i < a_end; ++i) m += "\n    " + traces::FormatRecord(actual_[i]);
      failure_ = m;
    }
    a_ = a_end;
    e_ = e_end;
  }

  const std::optional<std::string>& failure() const { return failure_; }

 private:
  // Past the outputs of the `inputs` inputs starting at `from`.
  static std::size_t SliceEnd(const std::vector<Record>& t, std::size_t from, std::size_t inputs) {
    std::size_t i = from;
    for (std::size_t seen = 0; i < t.size(); ++i) {
      if (t[i].direction == Record::Direction::kInput && seen++ == inputs) break;
    }
    return i;
  }

  const std::vector<Record>& actual_;
  const std::vector<Record>& expected_;
  std::size_t a_ = 0, e_ = 0;
  int commands_ = 0;
  std::optional<std::string> failure_;
};

// A command is the scenario inputs it stands for.
class ChatCommand : public rc::state::Command<ChatState, TranscriptPair> {
 public:
  virtual std::vector<Record> Inputs() const = 0;

  void run(const ChatState&, TranscriptPair& sut) const override {
    sut.Step(Inputs().size(), [this] {
      std::ostringstream os;
      show(os);
      return os.str();
    });
  }

  void show(std::ostream& os) const override {
    std::vector<Record> in = Inputs();
    for (std::size_t i = 0; i < in.size(); ++i) os << (i ? "; " : "") << traces::FormatRecord(in[i]);
  }
};

// Commands that end the channel's life are made rare, or most sequences
// would spend their second half on a closed channel.
void Rare() { RC_PRE(*rc::gen::inRange(0, 6) == 0); }

class ReadChunk : public ChatCommand {
 public:
  // Bytes of the stream, often with the current terminator in them, cut to
  // fit in_buffer.
  explicit ReadChunk(const ChatState& s) {
    data_ = *GenStream({s.terminator});
    if (data_.empty()) data_ = *rc::gen::container<std::string>(1, GenStreamByte());
    data_.resize(std::min(data_.size(), s.in_buffer));
  }
  void checkPreconditions(const ChatState& s) const override { RC_PRE(data_.size() <= s.in_buffer); }
  std::vector<Record> Inputs() const override { return {ReadInput(data_)}; }

 private:
  std::string data_;
};

class ReadEof : public ChatCommand {
 public:
  ReadEof() { Rare(); }
  std::vector<Record> Inputs() const override { return {Input("read", {Word("eof")})}; }
};

class SetTerminator : public ChatCommand {
 public:
  SetTerminator() : t_(*GenTerminator()) {}
  void apply(ChatState& s) const override { s.terminator = t_; }
  std::vector<Record> Inputs() const override { return {SetTerminatorInput(t_)}; }

 private:
  TerminatorSpec t_;
};

class React : public ChatCommand {
 public:
  React() : r_(*GenReaction(false)) {}
  std::vector<Record> Inputs() const override { return {r_.ToRecord()}; }

 private:
  ReactionSpec r_;
};

class Push : public ChatCommand {
 public:
  explicit Push(const ChatState& s) : first_(s.next_byte) {
    int next = first_;
    data_ = QueueBytes(*rc::gen::inRange<std::size_t>(0, 2 * s.out_buffer + 2), &next);
  }
  void apply(ChatState& s) const override { s.next_byte = std::max(s.next_byte, first_ + static_cast<int>(data_.size())); }
  std::vector<Record> Inputs() const override { return {Input("push", {Bytes(data_)})}; }

 private:
  int first_;
  std::string data_;
};

class PushProducer : public ChatCommand {
 public:
  explicit PushProducer(const ChatState& s) : id_("p" + std::to_string(s.next_producer)), number_(s.next_producer) {
    const auto lengths = *rc::gen::resize(
        5, rc::gen::container<std::vector<std::size_t>>(rc::gen::weightedOneOf<std::size_t>(
               {{4, rc::gen::inRange<std::size_t>(1, 7)}, {1, rc::gen::just<std::size_t>(0)}})));
    int next = s.next_byte;
    for (std::size_t n : lengths) chunks_.push_back(QueueBytes(n, &next));
    last_byte_ = next;
  }
  void apply(ChatState& s) const override {
    s.next_producer = std::max(s.next_producer, number_ + 1);
    s.next_byte = std::max(s.next_byte, last_byte_);
  }
  std::vector<Record> Inputs() const override {
    std::vector<traces::Arg> args = {Word(id_)};
    for (const std::string& c : chunks_) args.push_back(Bytes(c));
    return {Input("producer", std::move(args)), Input("push_with_producer", {Word(id_)})};
  }

 private:
  std::string id_;
  int number_;
  int last_byte_ = 0;
  std::vector<std::string> chunks_;
};

class Write : public ChatCommand {
 public:
  std::vector<Record> Inputs() const override { return {Input("write")}; }
};

class SendBudget : public ChatCommand {
 public:
  // Mostly less than a send offers, so sends are partial.
  SendBudget()
      : n_(*rc::gen::weightedOneOf<std::size_t>({{1, rc::gen::just<std::size_t>(0)},
                                                 {3, rc::gen::inRange<std::size_t>(1, 4)},
                                                 {1, rc::gen::inRange<std::size_t>(4, 9)}})) {}
  std::vector<Record> Inputs() const override { return {Input("send_budget", {Word(std::to_string(n_))})}; }

 private:
  std::size_t n_;
};

class WouldBlock : public ChatCommand {
 public:
  std::vector<Record> Inputs() const override { return {Input("send_error", {Word("EAGAIN")})}; }
};

class CloseWhenDone : public ChatCommand {
 public:
  CloseWhenDone() { Rare(); }
  std::vector<Record> Inputs() const override { return {Input("close_when_done")}; }
};

class DiscardBuffers : public ChatCommand {
 public:
  std::vector<Record> Inputs() const override { return {Input("discard_buffers")}; }
};

using Commands = rc::state::Commands<rc::state::Command<ChatState, TranscriptPair>>;

struct Generated {
  ChatState initial;
  Commands commands;
  traces::Trace scenario;
};

Generated Generate(const ChannelSizes& sizes) {
  Generated g;
  g.initial.in_buffer = *GenInBuffer(sizes);
  g.initial.out_buffer = *GenOutBuffer(sizes);
  // The application sets a terminator before its first read, as every
  // document's example does: reading with none set is AttributeError in
  // CPython (and the model) but collects everything in the reference, a
  // difference the named cases report, not this property.
  g.initial.terminator = *GenTerminator();
  // Reads and writes are listed more than once: they are what moves data.
  g.commands = *rc::state::gen::commands(
      g.initial,
      rc::state::gen::execOneOfWithArgs<ReadChunk, ReadChunk, ReadChunk, ReadEof, SetTerminator, React, Push,
                                        PushProducer, Write, Write, SendBudget, SendBudget, WouldBlock, CloseWhenDone,
                                        DiscardBuffers>());
  g.scenario = SingleChannelScenario(g.initial.in_buffer, g.initial.out_buffer);
  g.scenario.records.push_back(SetTerminatorInput(g.initial.terminator));
  for (const auto& c : g.commands) {
    for (Record& r : static_cast<const ChatCommand&>(*c).Inputs()) g.scenario.records.push_back(std::move(r));
  }
  return g;
}

}  // namespace

rc::Gen<traces::Trace> GenStatefulScenario(ChannelSizes sizes) {
  return rc::gen::exec([sizes] { return Generate(sizes).scenario; });
}

PropertyDefinition StatefulProperty() {
  PropertyDefinition d;
  d.id = "property.stateful";
  d.clauses =
  {"chat.push.queue",
   "chat.producer.lazy",
   "chat.send.partial-tail",
   "chat.close-when-done.order",
   "chat.discard-buffers.drops",
   "chat.discard-buffers.close-sentinel",
   "chat.eof.partial-message"};
  d.description =
      "any sequence of reads, terminator changes, reactions, pushes, producers, writes, budgets, close_when_done and "
      "discard_buffers runs as the model says, command by command (strict)";
  d.probe = SingleChannelScenario(8, 8);
  d.probe.records = {SetTerminatorInput(TerminatorSpec::String("\r\n")),
                     SetTerminatorInput(TerminatorSpec::Count(3)),
                     SetTerminatorInput(TerminatorSpec::None()),
                     ReactionInput(1, "discard_buffers"),
                     ReactionInput(2, "close_when_done"),
                     Input("producer", {Word("p"), Bytes("ab")}),
                     Input("push_with_producer", {Word("p")}),
                     Input("send_budget", {Word("0")}),
                     Input("send_error", {Word("EAGAIN")}),
                     Input("discard_buffers"),
                     Input("close_when_done"),
                     ReadInput("a\r\n")};
  d.run = [](const PropertyContext& ctx) {
    ScenarioCheck check = [&ctx](Adapter& adapter, const traces::Trace& s) {
      return CheckModelAgreement(adapter, ctx.id, s);
    };
    return RunRapidCheck(
        ctx,
        [&] {
          Generated g = Generate(ctx.sizes);
          std::vector<Record> actual, expected;
          if (auto v = RunOnAdapter(ctx.adapter, ctx.id, g.scenario, actual)) return GeneratedCase{g.scenario, *v};
          if (auto v = RunOnModel(g.scenario, expected)) return GeneratedCase{g.scenario, *v};
          TranscriptPair sut(actual, expected);
          sut.Step(1, [&] { return "the initial " + traces::FormatRecord(g.scenario.records.front()); });
          rc::state::runAll(g.commands, g.initial, sut);
          if (!sut.failure()) {
            // Every command agreed; anything left over (there should be
            // nothing) is still a difference.
            if (StrictCategory(expected, actual).empty()) return GeneratedCase{g.scenario, CheckResult::Pass()};
          }
          traces::Trace want = WithExpected(g.scenario, expected, traces::Profile::kStrict);
          want.notes.push_back("expected records: the model's transcript (conformance/model), compared strictly");
          std::optional<traces::Mismatch> m = traces::CompareTranscript(want, actual, traces::Profile::kStrict);
          std::string detail = sut.failure().value_or("the transcripts differ after the last command");
          const std::string headline = detail.substr(0, detail.find('\n'));
          if (m) detail += "\n" + m->message;
          return GeneratedCase{g.scenario, CheckResult::Fail(StrictCategory(expected, actual), headline, std::move(detail),
                                                         std::move(want))};
        },
        check);
  };
  return d;
}

}  // namespace conformance::properties
