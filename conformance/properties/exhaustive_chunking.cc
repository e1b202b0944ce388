#include "conformance/properties/exhaustive_chunking.h"

#include <algorithm>
#include <cmath>

#include "conformance/properties/counterexample_writer.h"
#include "conformance/properties/scenario_check.h"

namespace conformance::properties {
namespace {

using traces::Record;

// Lengths added to every schedule's maximum at effort `runs`: one per
// fourfold of runs over the default 100, clamped so a typo cannot ask for
// hours.
int ExtraLength(int runs) {
  if (runs <= 0) return -100;
  const double steps = std::log(static_cast<double>(runs) / 100.0) / std::log(4.0);
  return std::clamp(static_cast<int>(std::lround(steps)), -4, 3);
}

// Chunkings of one stream run on the adapter together: at most this many
// (all of them up to streams of 7 bytes).
constexpr std::size_t kBatchSize = 64;

// The stream cut into reads: bit i of `mask` ends a read after byte i.
std::vector<std::string> ChunksOf(const std::string& stream, std::size_t mask) {
  std::vector<std::string> chunks(1);
  for (std::size_t i = 0; i < stream.size(); ++i) {
    chunks.back() += stream[i];
    if (i + 1 < stream.size() && (mask >> i & 1)) chunks.emplace_back();
  }
  return chunks;
}

traces::Trace ScenarioOf(const ExhaustiveSchedule& s, std::size_t in_buffer, const std::vector<std::string>& chunks) {
  traces::Trace t = SingleChannelScenario(in_buffer, std::nullopt);
  t.records.push_back(SetTerminatorInput(s.first));
  for (std::size_t i = 0; i < s.then.size(); ++i) {
    t.records.push_back(ReactionInput(i + 1, "set_terminator", TerminatorArgs(s.then[i])));
  }
  for (const std::string& c : chunks) t.records.push_back(ReadInput(c));
  return t;
}

std::vector<traces::Record> OutputsOf(const std::vector<Record>& transcript) {
  std::vector<Record> out;
  for (const Record& r : transcript) {
    if (r.direction == Record::Direction::kOutput) out.push_back(r);
  }
  return out;
}

// The judgement the enumeration makes, as a check on any scenario (for the
// trace-level shrink): strict agreement with the model, then meaning equal
// to the whole stream's.
CheckResult CheckExhaustive(Adapter& adapter, const std::string& id, const traces::Trace& s) {
  CheckResult v = CheckModelAgreement(adapter, id, s);
  if (v.verdict != Verdict::kPass) {
    if (v.failed()) v.category = "strict: " + v.category;
    return v;
  }
  v = CheckChunkingInvariance(adapter, id, s);
  if (v.failed()) v.category = "semantic: " + v.category;
  return v;
}

}  // namespace

std::vector<ExhaustiveSchedule> ExhaustiveSchedules(int runs) {
  using T = TerminatorSpec;
  std::vector<ExhaustiveSchedule> all = {
      {"crlf", "a\r\n", T::String("\r\n"), {}, 5},
      {"aa", "ab", T::String("aa"), {}, 7},
      {"aba", "ab", T::String("aba"), {}, 7},
      {"int3", "ab", T::Count(3), {}, 7},
      {"none", "ab", T::None(), {}, 7},
      {"switching", "a\r\n", T::String("\r\n"), {T::Count(2), T::String("aa"), T::None()}, 5},
  };
  const int extra = ExtraLength(runs);
  for (ExhaustiveSchedule& s : all) {
    s.max_length = static_cast<std::size_t>(std::max(0, static_cast<int>(s.max_length) + extra));
  }
  return all;
}

std::size_t ExhaustiveScenarioCount(int runs) {
  std::size_t total = 0;
  for (const ExhaustiveSchedule& s : ExhaustiveSchedules(runs)) {
    std::size_t streams = 1;
    for (std::size_t n = 1; n <= s.max_length; ++n) {
      streams *= s.alphabet.size();
      total += streams << (n - 1);
    }
  }
  return total;
}

PropertyDefinition ExhaustiveChunkingProperty() {
  PropertyDefinition d;
  d.id = "property.exhaustive_chunking";
  d.clauses =
  {"chat.collect.arbitrary-chunks",
   "chat.terminator.string.split-across-reads",
   "chat.terminator.string.prefix-held",
   "chat.terminator.integer.across-reads",
   "chat.reaction.change-applies-to-rest"};
  d.description =
      "every chunking of every short stream over terminator-relevant bytes, for six terminator schedules, gives the "
      "model's transcript and the whole stream's meaning";
  d.probe = SingleChannelScenario(8, std::nullopt);
  d.probe.records = {SetTerminatorInput(TerminatorSpec::String("\r\n")),
                     ReactionInput(1, "set_terminator", TerminatorArgs(TerminatorSpec::Count(2))),
                     ReactionInput(2, "set_terminator", TerminatorArgs(TerminatorSpec::None())), ReadInput("a\r\n")};
  d.run = [](const PropertyContext& ctx) {
    PropertyResult result;
    result.verdict = Verdict::kPass;
    const ScenarioCheck check = [&ctx](Adapter& adapter, const traces::Trace& s) {
      return CheckExhaustive(adapter, ctx.id, s);
    };
    for (const ExhaustiveSchedule& schedule : ExhaustiveSchedules(ctx.options.runs)) {
      const std::size_t k = schedule.alphabet.size();
      const std::size_t in_buffer =
          ctx.sizes.fixed_in_buffer ? *ctx.sizes.fixed_in_buffer : std::max<std::size_t>(schedule.max_length, 1);
      std::size_t streams = 1;
      for (std::size_t n = 1; n <= schedule.max_length; ++n) {
        streams *= k;
        for (std::size_t index = 0; index < streams; ++index) {
          std::string stream(n, ' ');
          for (std::size_t i = 0, rest = index; i < n; ++i, rest /= k) stream[i] = schedule.alphabet[rest % k];
          std::vector<Record> whole_out;
          const std::size_t chunkings = std::size_t{1} << (n - 1);
          std::vector<traces::Trace> batch;
          std::vector<CaseOutcome> outcomes;
          for (std::size_t mask = 0; mask < chunkings; ++mask) {
            if (mask % kBatchSize == 0) {
              // The next chunkings of this stream, run together (Adapter::RunBatch:
              // the outcomes are those of running each in turn).
              batch.clear();
              for (std::size_t m = mask; m < std::min(chunkings, mask + kBatchSize); ++m) {
                batch.push_back(ScenarioOf(schedule, in_buffer, ChunksOf(stream, m)));
              }
              try {
                outcomes = ctx.adapter.RunBatch(ctx.id + "/" + schedule.name, batch);
              } catch (const std::exception& e) {
                ReportAbort(CheckResult::SuiteError(std::string("the adapter rejected a generated scenario: ") + e.what()),
                            result);
                return result;
              }
            }
            const traces::Trace& scenario = batch[mask % kBatchSize];
            std::vector<Record> actual, expected;
            if (auto v = VerdictOfOutcome(std::move(outcomes[mask % kBatchSize]), scenario, actual)) {
              ReportAbort(*v, result);
              return result;
            }
            if (auto v = RunOnModel(scenario, expected)) {
              ReportAbort(*v, result);
              return result;
            }
            ++result.runs;
            // Mask 0 is the stream in one read: the meaning the others must have.
            if (mask == 0) whole_out = OutputsOf(actual);
            const bool ok = StrictCategory(expected, actual).empty() &&
                            (mask == 0 || SemanticCategory(whole_out, actual).empty());
            if (ok) continue;
            CheckResult v = CheckExhaustive(ctx.adapter, ctx.id, scenario);
            if (!v.failed()) {
              v = CheckResult::Fail("flaky", "failed once, passed when run again (is the implementation deterministic?)",
                                "", scenario);
            }
            ReportFailure(ctx, GeneratedCase{scenario, v}, check,
                          "schedule " + schedule.name + ", stream " + std::to_string(result.runs) + " of " +
                              std::to_string(ExhaustiveScenarioCount(ctx.options.runs)) + " (enumerated, shortest first)",
                          result);
            return result;
          }
        }
      }
    }
    return result;
  };
  return d;
}

}  // namespace conformance::properties
