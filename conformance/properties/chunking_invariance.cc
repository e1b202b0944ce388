#include "conformance/properties/chunking_invariance.h"

#include <algorithm>

#include "conformance/properties/generators.h"
#include "conformance/properties/rapidcheck_runner.h"
#include "conformance/properties/scenario_builder.h"
#include "conformance/properties/scenario_check.h"

namespace conformance::properties {

rc::Gen<traces::Trace> GenChunkingInvarianceScenario(ChannelSizes channel_sizes) {
  return rc::gen::exec([channel_sizes] {
    const TerminatorSpec first = *GenTerminator();
    const auto reactions = *rc::gen::resize(8, rc::gen::container<std::vector<ReactionSpec>>(GenReaction(true)));
    std::vector<TerminatorSpec> terminators = {first};
    for (const ReactionSpec& r : reactions) terminators.push_back(r.terminator);
    const std::string stream = *GenStream(terminators);
    const std::size_t widest_read =
        channel_sizes.fixed_in_buffer ? *channel_sizes.fixed_in_buffer : std::max<std::size_t>(stream.size(), 1);
    const auto sizes = *GenChunkSizes(stream.size(), widest_read);
    const bool eof = *rc::gen::weightedElement<bool>({{4, false}, {1, true}});
    // in_buffer has no say in framing; any value that fits the reads will do.
    const std::size_t widest = sizes.empty() ? 1 : *std::max_element(sizes.begin(), sizes.end());
    traces::Trace s = SingleChannelScenario(
        channel_sizes.fixed_in_buffer ? *channel_sizes.fixed_in_buffer : widest + *rc::gen::inRange<std::size_t>(0, 4),
        std::nullopt);
    s.records.push_back(SetTerminatorInput(first));
    for (const ReactionSpec& r : reactions) s.records.push_back(r.ToRecord());
    for (std::string& chunk : SplitBySizes(stream, sizes)) s.records.push_back(ReadInput(std::move(chunk)));
    if (eof) s.records.push_back(Input("read", {Word("eof")}));
    return s;
  });
}

PropertyDefinition ChunkingInvarianceProperty() {
  PropertyDefinition d;
  d.id = "property.chunking_invariance";
  d.clauses =
  {"chat.collect.arbitrary-chunks",
   "chat.reaction.change-applies-to-rest",
   "chat.discard-buffers.rest-of-read",
   "chat.terminator.kinds"};
  d.description =
      "any stream, terminator schedule and chunking means what the same stream delivered whole means (semantic)";
  d.probe = SingleChannelScenario(8, std::nullopt);
  d.probe.records = {SetTerminatorInput(TerminatorSpec::String("\r\n")),
                     ReactionInput(1, "set_terminator", TerminatorArgs(TerminatorSpec::Count(3))),
                     ReactionInput(2, "set_terminator", TerminatorArgs(TerminatorSpec::None())),
                     ReactionInput(3, "discard_buffers"), ReadInput("a\r\nbcd")};
  d.run = [](const PropertyContext& ctx) {
    ScenarioCheck check = [&ctx](Adapter& adapter, const traces::Trace& s) {
      return CheckChunkingInvariance(adapter, ctx.id, s);
    };
    return RunRapidCheck(
        ctx,
        [&] {
          traces::Trace s = *GenChunkingInvarianceScenario(ctx.sizes);
          CheckResult v = check(ctx.adapter, s);
          return GeneratedCase{std::move(s), std::move(v)};
        },
        check);
  };
  return d;
}

}  // namespace conformance::properties
