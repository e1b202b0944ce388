#include "conformance/properties/producer_fifo.h"

#include <map>
#include <ostream>

#include "conformance/properties/generators.h"
#include "conformance/properties/rapidcheck_runner.h"
#include "conformance/properties/scenario_builder.h"
#include "traces/bytes_escape.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance::properties {
namespace {

using traces::Record;

struct FifoOp {
  enum class Kind { kWrite, kPush, kProducer, kSendBudget, kWouldBlock, kCloseWhenDone };
  Kind kind = Kind::kWrite;
  std::size_t n = 0;                // push length, send budget
  std::vector<std::size_t> chunks;  // producer chunk lengths; 0 is an empty chunk
};

std::ostream& operator<<(std::ostream& os, const FifoOp& op) {
  switch (op.kind) {
    case FifoOp::Kind::kWrite:
      return os << "write";
    case FifoOp::Kind::kPush:
      return os << "push " << op.n << " bytes";
    case FifoOp::Kind::kProducer:
      os << "producer of chunks";
      for (std::size_t c : op.chunks) os << ' ' << c;
      return os;
    case FifoOp::Kind::kSendBudget:
      return os << "send_budget " << op.n;
    case FifoOp::Kind::kWouldBlock:
      return os << "send_error EAGAIN";
    case FifoOp::Kind::kCloseWhenDone:
      break;
  }
  return os << "close_when_done";
}

rc::Gen<FifoOp> GenFifoOp() {
  return rc::gen::exec([] {
    using K = FifoOp::Kind;
    FifoOp op;
    op.kind = *rc::gen::weightedElement<K>({{3, K::kWrite},
                                            {4, K::kPush},
                                            {2, K::kProducer},
                                            {3, K::kSendBudget},
                                            {1, K::kWouldBlock},
                                            {1, K::kCloseWhenDone}});
    if (op.kind == K::kPush) op.n = *rc::gen::inRange<std::size_t>(0, 11);
    if (op.kind == K::kSendBudget) {
      // Mostly less than out_buffer offers, so sends are partial.
      op.n = *rc::gen::weightedOneOf<std::size_t>({{1, rc::gen::just<std::size_t>(0)},
                                                  {3, rc::gen::inRange<std::size_t>(1, 4)},
                                                  {1, rc::gen::inRange<std::size_t>(4, 9)}});
    }
    if (op.kind == K::kProducer) {
      op.chunks = *rc::gen::resize(
          5, rc::gen::container<std::vector<std::size_t>>(rc::gen::weightedOneOf<std::size_t>(
                 {{4, rc::gen::inRange<std::size_t>(1, 7)}, {1, rc::gen::just<std::size_t>(0)}})));
    }
    return op;
  });
}

// The bytes a push_with_producer of these chunks queues: up to the first
// empty one ([py3-asynchat]: the empty bytes object means the producer is exhausted).
std::string ProducedBytes(const Record& declaration) {
  std::string out;
  for (std::size_t i = 1; i < declaration.args.size(); ++i) {
    if (declaration.args[i].text.empty()) break;
    out += declaration.args[i].text;
  }
  return out;
}

std::string Quote(const std::string& s) { return "\"" + traces::EscapeBytes(s) + "\""; }

}  // namespace

rc::Gen<traces::Trace> GenProducerFifoScenario(ChannelSizes channel_sizes) {
  return rc::gen::exec([channel_sizes] {
    const std::size_t out_buffer = *GenOutBuffer(channel_sizes);
    // A third of the channels accept at most a few bytes per send unless a
    // budget says otherwise: partial sends everywhere.
    const std::size_t send_cap = *rc::gen::weightedElement<std::size_t>({{6, 0}, {1, 1}, {1, 2}, {1, 3}});
    const auto ops = *rc::gen::scale(0.5, rc::gen::container<std::vector<FifoOp>>(GenFifoOp()));
    traces::Trace s = SingleChannelScenario(std::nullopt, out_buffer);
    if (send_cap) s.channels[0].send_cap = send_cap;
    int next_byte = 0, producers = 0;
    for (const FifoOp& op : ops) {
      switch (op.kind) {
        case FifoOp::Kind::kWrite:
          s.records.push_back(Input("write"));
          break;
        case FifoOp::Kind::kPush:
          s.records.push_back(Input("push", {Bytes(QueueBytes(op.n, &next_byte))}));
          break;
        case FifoOp::Kind::kProducer: {
          const std::string id = "p" + std::to_string(++producers);
          std::vector<traces::Arg> args = {Word(id)};
          for (std::size_t c : op.chunks) args.push_back(Bytes(QueueBytes(c, &next_byte)));
          s.records.push_back(Input("producer", std::move(args)));
          s.records.push_back(Input("push_with_producer", {Word(id)}));
          break;
        }
        case FifoOp::Kind::kSendBudget:
          s.records.push_back(Input("send_budget", {Word(std::to_string(op.n))}));
          break;
        case FifoOp::Kind::kWouldBlock:
          s.records.push_back(Input("send_error", {Word("EAGAIN")}));
          break;
        case FifoOp::Kind::kCloseWhenDone:
          s.records.push_back(Input("close_when_done"));
          break;
      }
    }
    return s;
  });
}

traces::Trace WithDrain(const traces::Trace& scenario) {
  // Each write either sends at least one byte or uses up one of: a queued
  // budget of 0 or would-block, an empty queued item, the close sentinel.
  std::size_t writes = 3;
  std::map<std::string, std::size_t> producer_chunks;
  for (const Record& r : scenario.records) {
    if (r.direction != Record::Direction::kInput) continue;
    if (r.verb == "send_budget" || r.verb == "send_error" || r.verb == "close_when_done") ++writes;
    if (r.verb == "push") writes += 1 + r.args[0].text.size();
    if (r.verb == "producer") {
      std::size_t n = 1;
      for (std::size_t i = 1; i < r.args.size(); ++i) n += 1 + r.args[i].text.size();
      producer_chunks[r.args[0].text] = n;
    }
    if (r.verb == "push_with_producer") writes += producer_chunks[r.args[0].text];
  }
  traces::Trace drained = scenario;
  for (std::size_t i = 0; i < writes; ++i) drained.records.push_back(Input("write"));
  return drained;
}

std::optional<FifoViolation> CheckFifoRules(const std::vector<Record>& transcript) {
  std::map<std::string, std::string> producers;  // id -> bytes it queues
  std::string queued;     // before the first close_when_done (all of it, without one)
  std::string sent;
  // Empty pushes queued (before the sentinel) and not yet offered: each is
  // one send() of no bytes (CPython pops it, then still calls send(b"")).
  int empty_items = 0;
  bool sentinel = false, closed = false;
  for (std::size_t i = 0; i < transcript.size(); ++i) {
    const Record& r = transcript[i];
    auto broken = [&](std::string rule, const std::string& how) {
      return FifoViolation{rule, rule + " at record " + std::to_string(i + 1) + " (" + traces::FormatRecord(r) + ")" +
                                     (how.empty() ? "" : ": " + how)};
    };
    if (r.direction == Record::Direction::kInput) {
      if (r.verb == "producer") producers[r.args[0].text] = ProducedBytes(r);
      if (sentinel) continue;  // queued after the sentinel: must never go out
      if (r.verb == "push") queued += r.args[0].text;
      if (r.verb == "push" && r.args[0].text.empty()) ++empty_items;
      if (r.verb == "push_with_producer") queued += producers[r.args[0].text];
      if (r.verb == "close_when_done") sentinel = true;
      continue;
    }
    if (r.verb == "send") {
      if (closed) return broken("sent after the channel closed", "");
      const std::string& offered = r.args[0].text;
      if (offered.empty() && empty_items-- <= 0) {
        // Only an empty push is ever offered as no bytes; one queued after
        // close_when_done must not be offered at all.
        return broken("offered bytes that are not the next queued ones",
                      std::string("an empty send, with no empty push queued") +
                          (sentinel ? " before close_when_done" : ""));
      }
      if (queued.compare(sent.size(), offered.size(), offered) != 0 || sent.size() + offered.size() > queued.size()) {
        return broken("offered bytes that are not the next queued ones",
                      "after " + Quote(sent) + " the queue " + (sentinel ? "(up to close_when_done) " : "") +
                          "holds " + Quote(queued.substr(sent.size())));
      }
      if (r.args.size() == 2) {
        const std::size_t n = std::stoull(r.args[1].text);
        if (n > offered.size()) return broken("accepted more than offered", "");
        sent += offered.substr(0, n);
      }
    } else if (r.verb == "close") {
      if (!sentinel) return broken("closed without close_when_done", "");
      if (sent != queued) {
        return broken("closed before everything queued before close_when_done was sent",
                      "sent " + Quote(sent) + " of " + Quote(queued));
      }
      closed = true;
    } else if (r.verb == "error") {
      return broken("handle_error ran", "");
    }
  }
  if (sent != queued) {
    return FifoViolation{"not everything queued was sent", "after draining, sent " + Quote(sent) + " but queued " +
                                                               Quote(queued) + (sentinel ? " before close_when_done" : "")};
  }
  if (sentinel && !closed) {
    return FifoViolation{"never closed", "everything before close_when_done was sent but the channel never closed"};
  }
  return std::nullopt;
}

CheckResult CheckProducerFifo(Adapter& adapter, const std::string& case_id, const traces::Trace& scenario) {
  const traces::Trace drained = WithDrain(scenario);
  std::vector<Record> actual, expected;
  if (auto v = RunOnAdapter(adapter, case_id, drained, actual)) return *v;
  if (auto v = RunOnModel(drained, expected)) return *v;
  traces::Trace want = WithExpected(drained, std::move(expected), traces::Profile::kStrict);
  want.notes.push_back("expected records: the model's transcript (conformance/model), compared strictly");
  if (std::optional<FifoViolation> broken = CheckFifoRules(actual)) {
    return CheckResult::Fail("fifo: " + broken->rule, "FIFO rule broken: " + broken->message,
                         "FIFO rule broken: " + broken->message, std::move(want));
  }
  std::optional<traces::Mismatch> m = traces::CompareTranscript(want, actual, traces::Profile::kStrict);
  if (!m) return CheckResult::Pass();
  std::string category = "model: " + StrictCategory(want.records, actual);
  return CheckResult::Fail(std::move(category), "the FIFO rules hold, but the transcript differs from the model", m->message,
                       std::move(want));
}

PropertyDefinition ProducerFifoProperty() {
  PropertyDefinition d;
  d.id = "property.producer_fifo";
  d.clauses =
  {"chat.push.queue",
   "chat.push.empty",
   "chat.producer.order",
   "chat.producer.exhausted",
   "chat.send.partial-tail",
   "chat.send.nothing-lost",
   "chat.close-when-done.order",
   "chat.close-when-done.after-marker",
   "core.send.would-block"};
  d.description =
      "sends carry exactly the queued bytes in order, nothing after close_when_done, and close only once all is sent";
  d.probe = SingleChannelScenario(std::nullopt, 4);
  d.probe.records = {Input("producer", {Word("p"), Bytes("ab")}), Input("push_with_producer", {Word("p")}),
                     Input("send_budget", {Word("0")}), Input("send_error", {Word("EAGAIN")}),
                     Input("push", {Bytes("cd")}), Input("close_when_done"), Input("write")};
  d.run = [](const PropertyContext& ctx) {
    ScenarioCheck check = [&ctx](Adapter& adapter, const traces::Trace& s) {
      return CheckProducerFifo(adapter, ctx.id, s);
    };
    return RunRapidCheck(
        ctx,
        [&] {
          traces::Trace s = *GenProducerFifoScenario(ctx.sizes);
          CheckResult v = check(ctx.adapter, s);
          return GeneratedCase{std::move(s), std::move(v)};
        },
        check);
  };
  return d;
}

}  // namespace conformance::properties
