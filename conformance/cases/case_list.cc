#include "conformance/cases/case_list.h"

#include <utility>

#include "conformance/cases/scenario_text.h"
#include "traces/trace_format.h"

namespace conformance::cases {

traces::Trace CaseList::Parse(const Meta& meta, std::string_view origin, std::string_view body) const {
  // The header is written here, not by each case, so every scenario prints
  // as a complete trace that replays on its own (tools/trace, adapters).
  std::string text = "asynchat-trace " + std::to_string(meta.format_version) + "\ndescription " + Q(meta.description) + "\norigin " + std::string(origin) +
                     "\n" + (meta.profile == traces::Profile::kSemantic ? "profile semantic\n" : "") +
                     std::string(body);
  // The file name in messages is the case id: that is what a reader can find.
  return traces::ParseTrace(text, "case " + meta.id);
}

void CaseList::Append(Meta meta, traces::Trace scenario, std::optional<std::vector<traces::Record>> expected) {
  Case c;
  c.id = std::move(meta.id);
  c.description = std::move(meta.description);
  c.clauses = std::move(meta.clauses);
  c.profile = meta.profile;
  c.tags = std::move(meta.tags);
  c.scenario = std::move(scenario);
  c.expected = std::move(expected);
  cases_.push_back(std::move(c));
}

void CaseList::Add(Meta meta, std::string_view scenario) {
  traces::Trace t = Parse(meta, "hand-written", scenario);
  Append(std::move(meta), std::move(t), std::nullopt);
}

void CaseList::AddDocumented(Meta meta, std::string_view origin, std::string_view trace) {
  traces::Trace scenario = Parse(meta, origin, trace);
  std::vector<traces::Record> expected = scenario.records;
  std::erase_if(scenario.records,
                [](const traces::Record& r) { return r.direction != traces::Record::Direction::kInput; });
  Append(std::move(meta), std::move(scenario), std::move(expected));
}

void CaseList::AddWithDocumentedMeaning(Meta meta, std::string_view origin, std::string_view scenario,
                                        std::string_view documented) {
  std::vector<traces::Record> expected = Parse(meta, origin, documented).records;
  traces::Trace t = Parse(meta, origin, scenario);
  Append(std::move(meta), std::move(t), std::move(expected));
}

}  // namespace conformance::cases
