#include "conformance/properties/model_agreement.h"

#include "conformance/properties/generators.h"
#include "conformance/properties/rapidcheck_runner.h"
#include "conformance/properties/scenario_builder.h"
#include "conformance/properties/scenario_check.h"

namespace conformance::properties {

rc::Gen<traces::Trace> GenModelAgreementScenario(ChannelSizes channel_sizes) {
  return rc::gen::exec([channel_sizes] {
    const std::size_t in_buffer = *GenInBuffer(channel_sizes);
    const std::size_t out_buffer = *GenOutBuffer(channel_sizes);
    const TerminatorSpec first = *GenTerminator();
    const auto reactions = *rc::gen::resize(8, rc::gen::container<std::vector<ReactionSpec>>(GenReaction(false)));
    std::vector<TerminatorSpec> terminators = {first};
    for (const ReactionSpec& r : reactions) terminators.push_back(r.terminator);
    const std::string stream = *GenStream(terminators);
    const auto sizes = *GenChunkSizes(stream.size(), in_buffer);
    // A write event after a read sends what reactions pushed; 0 (the shrink
    // target) means none.
    const auto writes = *rc::gen::container<std::vector<int>>(
        sizes.size(), rc::gen::weightedElement<int>({{3, 0}, {1, 1}, {1, 2}}));
    const bool eof = *rc::gen::weightedElement<bool>({{4, false}, {1, true}});

    traces::Trace s = SingleChannelScenario(in_buffer, out_buffer);
    s.records.push_back(SetTerminatorInput(first));
    for (const ReactionSpec& r : reactions) s.records.push_back(r.ToRecord());
    std::vector<std::string> chunks = SplitBySizes(stream, sizes);
    for (std::size_t i = 0; i < chunks.size(); ++i) {
      s.records.push_back(ReadInput(std::move(chunks[i])));
      for (int w = 0; w < writes[i]; ++w) s.records.push_back(Input("write"));
    }
    if (eof) s.records.push_back(Input("read", {Word("eof")}));
    return s;
  });
}

PropertyDefinition ModelAgreementProperty() {
  PropertyDefinition d;
  d.id = "property.model_agreement";
  d.clauses =
  {"chat.terminator.string.prefix-held",
   "chat.reaction.change-applies-to-rest",
   "chat.discard-buffers.rest-of-read",
   "chat.push.sends-at-once",
   "chat.send.one-per-initiate",
   "chat.close-when-done.order"};
  d.description = "any chunking of any stream, with reactions and writes, gives the model's exact transcript (strict)";
  d.probe = SingleChannelScenario(8, 8);
  d.probe.records = {SetTerminatorInput(TerminatorSpec::String("\r\n")),
                     ReactionInput(1, "set_terminator", TerminatorArgs(TerminatorSpec::Count(3))),
                     ReactionInput(2, "set_terminator", TerminatorArgs(TerminatorSpec::None())),
                     ReactionInput(3, "discard_buffers"),
                     ReactionInput(4, "push", {Bytes("x")}),
                     ReactionInput(5, "close_when_done"),
                     ReadInput("a\r\nbcd"),
                     Input("write")};
  d.run = [](const PropertyContext& ctx) {
    ScenarioCheck check = [&ctx](Adapter& adapter, const traces::Trace& s) {
      return CheckModelAgreement(adapter, ctx.id, s);
    };
    return RunRapidCheck(
        ctx,
        [&] {
          traces::Trace s = *GenModelAgreementScenario(ctx.sizes);
          CheckResult v = check(ctx.adapter, s);
          return GeneratedCase{std::move(s), std::move(v)};
        },
        check);
  };
  return d;
}

}  // namespace conformance::properties
