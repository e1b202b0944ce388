// The generated scenarios are valid input for any implementation (parse back
// as written, reads non-empty and within in_buffer, producers declared before
// use, accepted by the model), need no capability beyond their property's
// probe, and keep their documented shape. Plus the pieces with arithmetic in
// them: chunk sizes, the exhaustive count, the drain and the FIFO rules.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <iostream>
#include <map>
#include <numeric>

#include "conformance/driver/capabilities.h"
#include "conformance/model/chat_model.h"
#include "conformance/properties/chunking_invariance.h"
#include "conformance/properties/exhaustive_chunking.h"
#include "conformance/properties/generators.h"
#include "conformance/properties/model_agreement.h"
#include "conformance/properties/producer_fifo.h"
#include "conformance/properties/scenario_builder.h"
#include "conformance/properties/scenario_check.h"
#include "conformance/properties/stateful.h"
#include "conformance/properties/whole_stream.h"
#include "reference/harness/reference_replay.h"
#include "traces/trace_format.h"

namespace conformance::properties {
namespace {

using traces::Record;

void CheckValid(const traces::Trace& s, const traces::Trace& probe) {
  const traces::Trace back = traces::ParseTrace(traces::FormatTrace(s));
  RC_ASSERT(back.records.size() == s.records.size());
  for (std::size_t i = 0; i < s.records.size(); ++i) RC_ASSERT(back.records[i].SameAs(s.records[i]));
  RC_ASSERT(s.channels.size() == 1u);
  for (const Record& r : s.records) {
    RC_ASSERT(r.direction == Record::Direction::kInput);
    if (!IsByteRead(r)) continue;
    RC_ASSERT(!r.args[0].text.empty());
    if (s.channels[0].in_buffer) RC_ASSERT(r.args[0].text.size() <= *s.channels[0].in_buffer);
  }
  const std::set<std::string> allowed = RequiredCapabilities(probe);
  for (const std::string& c : RequiredCapabilities(s)) {
    RC_ASSERT(allowed.count(c) == 1u);
  }
  RC_ASSERT(SetsTerminatorBeforeReading(s));
  RunModel(s);  // throws TraceError for a scenario no implementation could be given
}

RC_GTEST_PROP(Generators, ChunkingInvarianceScenariosAreValid, ()) {
  CheckValid(*GenChunkingInvarianceScenario(), ChunkingInvarianceProperty().probe);
}

RC_GTEST_PROP(Generators, ModelAgreementScenariosAreValid, ()) {
  CheckValid(*GenModelAgreementScenario(), ModelAgreementProperty().probe);
}

RC_GTEST_PROP(Generators, ProducerFifoScenariosAreValid, ()) {
  const traces::Trace s = *GenProducerFifoScenario();
  CheckValid(s, ProducerFifoProperty().probe);
  CheckValid(WithDrain(s), ProducerFifoProperty().probe);
  // The model keeps the FIFO rules on everything generated.
  RC_ASSERT(!CheckFifoRules(RunModel(WithDrain(s))));
}

RC_GTEST_PROP(Generators, StatefulScenariosAreValidAndSetATerminatorFirst, ()) {
  const traces::Trace s = *GenStatefulScenario();
  CheckValid(s, StatefulProperty().probe);
  RC_ASSERT(!s.records.empty());
  RC_ASSERT(s.records.front().verb == "set_terminator");
}

RC_GTEST_PROP(Generators, ChunkSizesCoverTheStreamWithinTheCap, (unsigned char total_byte, unsigned char cap_byte)) {
  const std::size_t total = total_byte % 64, cap = 1 + cap_byte % 9;
  const std::vector<std::size_t> sizes = *GenChunkSizes(total, cap);
  RC_ASSERT(std::accumulate(sizes.begin(), sizes.end(), std::size_t{0}) == total);
  for (std::size_t n : sizes) RC_ASSERT(n >= 1u && n <= cap);
}

TEST(Generators, QueueBytesAreDistinctRuns) {
  int next = 0;
  EXPECT_EQ(QueueBytes(3, &next), "ABC");
  EXPECT_EQ(QueueBytes(2, &next), "DE");
  EXPECT_EQ(next, 5);
}

TEST(ExhaustiveChunking, EffortScalesTheLengths) {
  EXPECT_EQ(ExhaustiveScenarioCount(100), 53018u);
  EXPECT_LT(ExhaustiveScenarioCount(25), ExhaustiveScenarioCount(100));
  EXPECT_GT(ExhaustiveScenarioCount(400), ExhaustiveScenarioCount(100));
  EXPECT_EQ(ExhaustiveScenarioCount(0), 0u);
  for (const ExhaustiveSchedule& s : ExhaustiveSchedules(400)) EXPECT_LE(s.max_length, 8u) << s.name;
}

traces::Trace Parse(const std::string& body) { return traces::ParseTrace("asynchat-trace 1\n" + body); }

TEST(ProducerFifo, DrainWritesFollowTheScenario) {
  traces::Trace s = Parse("channel c out_buffer=2\n> c send_budget 0\n> c push \"ABC\"\n> c close_when_done\n");
  traces::Trace drained = WithDrain(s);
  ASSERT_GT(drained.records.size(), s.records.size());
  for (std::size_t i = s.records.size(); i < drained.records.size(); ++i) EXPECT_EQ(drained.records[i].verb, "write");
  EXPECT_FALSE(CheckFifoRules(RunModel(drained))) << traces::FormatTrace(drained);
}

TEST(ProducerFifo, RulesCatchWhatTheyShould) {
  auto rule = [](const std::string& body) {
    std::optional<FifoViolation> v = CheckFifoRules(Parse(body).records);
    return v ? v->rule : std::string("holds");
  };
  const std::string head = "channel c\n> c push \"AB\"\n< c send \"AB\" 1\n> c close_when_done\n> c push \"CD\"\n";
  EXPECT_EQ(rule(head + "> c write\n< c send \"B\" 1\n> c write\n< c close\n"), "holds");
  EXPECT_EQ(rule(head + "> c write\n< c send \"BC\" 2\n"), "offered bytes that are not the next queued ones");
  EXPECT_EQ(rule(head + "> c write\n< c close\n"),
            "closed before everything queued before close_when_done was sent");
  EXPECT_EQ(rule(head + "> c write\n< c send \"B\" 1\n"), "never closed");
  EXPECT_EQ(rule(head + "> c write\n< c send \"B\" 1\n< c close\n< c send \"\" 0\n"), "sent after the channel closed");
  EXPECT_EQ(rule("channel c\n> c push \"AB\"\n< c send \"AB\" 1\n"), "not everything queued was sent");
  EXPECT_EQ(rule("channel c\n> c producer p \"AB\" \"\" \"X\"\n> c push_with_producer p\n< c more p \"AB\"\n"
                 "< c send \"AB\" 2\n< c more p \"\"\n"),
            "holds");  // chunks after an empty one never go out
  EXPECT_EQ(rule("channel c\n> c push \"A\"\n< c send \"A\" 1\n< c close\n"), "closed without close_when_done");
  // An empty push is one empty send, before close_when_done only.
  EXPECT_EQ(rule("channel c\n> c push \"\"\n< c send \"\" 0\n> c close_when_done\n> c write\n< c close\n"), "holds");
  EXPECT_EQ(rule("channel c\n> c close_when_done\n> c push \"\"\n< c send \"\" 0\n"),
            "offered bytes that are not the next queued ones");
  EXPECT_EQ(rule("channel c\n> c push \"\"\n< c send \"\" 0\n< c send \"\" 0\n"),
            "offered bytes that are not the next queued ones");
}

}  // namespace
}  // namespace conformance::properties

namespace conformance::properties {
namespace {

// How often generated scenarios reach the behaviour a property is about, on
// the reference: a generator that stopped finding terminators or stopped
// cutting inside them would still pass every property, vacuously.
struct Coverage {
  int cases = 0;
  std::map<std::string, int> hits;
  void Hit(const std::string& what, bool yes) { hits[what] += yes ? 1 : 0; }
  double Share(const std::string& what) const { return static_cast<double>(hits.at(what)) / cases; }
  std::string Describe() const {
    std::string s;
    for (const auto& [k, v] : hits) s += "  " + k + ": " + std::to_string(100 * v / cases) + "%\n";
    return s;
  }
};

template <typename F>
Coverage Sample(const rc::Gen<traces::Trace>& gen, F&& measure) {
  Coverage c;
  rc::Random random(20240611);
  for (int i = 0; i < 1000; ++i) {
    const traces::Trace s = gen(random.split(), i % 100).value();
    ++c.cases;
    measure(s, harness::ReplayOnReference(s), c);
  }
  return c;
}

int CountOutputs(const std::vector<Record>& t, const std::string& verb) {
  int n = 0;
  for (const Record& r : t) n += r.direction == Record::Direction::kOutput && r.verb == verb ? 1 : 0;
  return n;
}

bool PartialSend(const std::vector<Record>& t) {
  for (const Record& r : t) {
    if (r.direction == Record::Direction::kOutput && r.verb == "send" && r.args.size() == 2 &&
        std::stoull(r.args[1].text) < r.args[0].text.size()) {
      return true;
    }
  }
  return false;
}

TEST(GeneratorCoverage, ChunkingInvarianceReachesTerminatorsCutsAndReactions) {
  Coverage c = Sample(GenChunkingInvarianceScenario(), [](const traces::Trace& s, const auto& out, Coverage& c) {
    c.Hit("two or more found_terminator", CountOutputs(out, "found_terminator") >= 2);
    c.Hit("two or more reads", CountByteReads(s) >= 2);
    c.Hit("a discard or close cuts the whole delivery", !RequiredCuts(s).empty());
    std::size_t first_reaction = 0;
    for (const Record& r : s.records) {
      if (r.verb == "on" && (!first_reaction || std::stoull(r.args[1].text) < first_reaction)) {
        first_reaction = std::stoull(r.args[1].text);
      }
    }
    c.Hit("a reaction runs", first_reaction && CountOutputs(out, "found_terminator") >= static_cast<int>(first_reaction));
  });
  std::cout << "chunking_invariance coverage:\n" << c.Describe();
  EXPECT_GE(c.Share("two or more found_terminator"), 0.3) << c.Describe();
  EXPECT_GE(c.Share("two or more reads"), 0.5) << c.Describe();
  EXPECT_GE(c.Share("a discard or close cuts the whole delivery"), 0.03) << c.Describe();
  EXPECT_GE(c.Share("a reaction runs"), 0.2) << c.Describe();
}

TEST(GeneratorCoverage, ModelAgreementReachesSendsAndCloses) {
  Coverage c = Sample(GenModelAgreementScenario(), [](const traces::Trace&, const auto& out, Coverage& c) {
    c.Hit("two or more found_terminator", CountOutputs(out, "found_terminator") >= 2);
    c.Hit("a send", CountOutputs(out, "send") >= 1);
    c.Hit("a close", CountOutputs(out, "close") >= 1);
  });
  std::cout << "model_agreement coverage:\n" << c.Describe();
  EXPECT_GE(c.Share("two or more found_terminator"), 0.3) << c.Describe();
  EXPECT_GE(c.Share("a send"), 0.1) << c.Describe();
  EXPECT_GE(c.Share("a close"), 0.05) << c.Describe();
}

TEST(GeneratorCoverage, ProducerFifoReachesPartialSendsProducersAndClose) {
  Coverage c = Sample(GenProducerFifoScenario(), [](const traces::Trace& s, const auto&, Coverage& c) {
    const std::vector<Record> out = harness::ReplayOnReference(WithDrain(s));
    c.Hit("a partial send", PartialSend(out));
    c.Hit("a would-block", CountOutputs(out, "send") > 0 && traces::FormatTrace(s).find("EAGAIN") != std::string::npos);
    c.Hit("a producer runs dry", traces::FormatTrace(WithExpected(s, out, traces::Profile::kStrict))
                                     .find("< c more p1 \"\"") != std::string::npos);
    c.Hit("closes", CountOutputs(out, "close") >= 1);
  });
  std::cout << "producer_fifo coverage:\n" << c.Describe();
  EXPECT_GE(c.Share("a partial send"), 0.2) << c.Describe();
  EXPECT_GE(c.Share("a would-block"), 0.1) << c.Describe();
  EXPECT_GE(c.Share("a producer runs dry"), 0.1) << c.Describe();
  EXPECT_GE(c.Share("closes"), 0.2) << c.Describe();
}

TEST(GeneratorCoverage, StatefulReachesFramingAndSending) {
  Coverage c = Sample(GenStatefulScenario(), [](const traces::Trace&, const auto& out, Coverage& c) {
    c.Hit("two or more found_terminator", CountOutputs(out, "found_terminator") >= 2);
    c.Hit("a partial send", PartialSend(out));
    c.Hit("a close", CountOutputs(out, "close") >= 1);
  });
  std::cout << "stateful coverage:\n" << c.Describe();
  EXPECT_GE(c.Share("two or more found_terminator"), 0.2) << c.Describe();
  EXPECT_GE(c.Share("a partial send"), 0.1) << c.Describe();
  EXPECT_GE(c.Share("a close"), 0.1) << c.Describe();
}

}  // namespace
}  // namespace conformance::properties
