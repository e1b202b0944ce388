#include "conformance/report/report_json.h"

#include <nlohmann/json.hpp>

namespace conformance {
namespace {

using nlohmann::json;

json TotalsJson(const Totals& t) {
  return json{{"passed", t.passed},           {"failed", t.failed},
              {"expected_fail", t.expected_fail}, {"unexpected_pass", t.unexpected_pass},
              {"unsupported", t.unsupported}, {"adapter_failure", t.adapter_failure},
              {"differs", t.differs}};
}

// Byte strings in details are already escaped to ASCII by the trace writer,
// but an adapter's stderr may hold anything: keep JSON valid whatever it is.
std::string Utf8Safe(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else {
      static const char* hex = "0123456789abcdef";
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::vector<std::string> Utf8Safe(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (const std::string& s : v) out.push_back(Utf8Safe(s));
  return out;
}

json RunJson(const ImplementationRun& run) {
  json cases = json::array();
  for (const CaseReport& c : run.cases) {
    json j{{"id", c.spec->id},
           {"area", AreaOf(c.spec->id)},
           {"description", Utf8Safe(c.spec->description)},
           {"clauses", c.spec->clauses},
           {"document", JoinedClauses(*c.spec)},  // format 1 only adds fields: kept, now the clause ids
           {"profile", c.spec->profile == traces::Profile::kStrict ? "strict" : "semantic"},
           {"tags", c.spec->tags},
           {"verdict", VerdictName(c.result.verdict)},
           {"outcome", OutcomeName(c.outcome)},
           {"cpython_only", c.cpython_only},
           {"seconds", c.result.seconds}};
    if (!c.result.detail.empty()) j["detail"] = Utf8Safe(c.result.detail);
    if (c.result.mismatch_line) j["mismatch_line"] = c.result.mismatch_line;
    if (!c.expected_reason.empty()) j["expected_failure_reason"] = Utf8Safe(c.expected_reason);
    if (!c.counterexample_path.empty()) {
      j["counterexample"] = Utf8Safe(c.counterexample_path);
      j["counterexample_inputs"] = c.counterexample_inputs;
    }
    if (!c.replay_command.empty()) j["replay"] = Utf8Safe(c.replay_command);
    if (c.group >= 0) {
      j["group"] = c.group;
      j["root_cause"] = Utf8Safe(c.signature.title);
    }
    cases.push_back(std::move(j));
  }
  json properties = json::array();
  for (const PropertyReport& p : run.properties) {
    const PropertyResult& r = p.result;
    json j{{"id", r.id},         {"description", Utf8Safe(r.description)}, {"status", VerdictName(r.verdict)},
           {"outcome", OutcomeName(p.outcome)}, {"runs", r.runs},          {"seed", r.seed}};
    if (!r.detail.empty()) j["detail"] = Utf8Safe(r.detail);
    if (!r.counterexample_path.empty()) j["counterexample"] = Utf8Safe(r.counterexample_path);
    if (!r.replay_command.empty()) j["replay"] = Utf8Safe(r.replay_command);
    if (!p.expected_reason.empty()) j["expected_failure_reason"] = Utf8Safe(p.expected_reason);
    j["seconds"] = p.seconds;
    properties.push_back(std::move(j));
  }
  json groups = json::array();
  for (const FailureGroup& g : run.groups) {
    std::vector<std::string> ids;
    for (std::size_t i : g.cases) ids.push_back(run.cases[i].spec->id);
    json j{{"root_cause", Utf8Safe(g.signature.title)},
           {"signature", Utf8Safe(g.signature.key)},
           {"cases", ids},
           {"unexpected", g.unexpected},
           {"differs", g.differs},
           {"clauses", Utf8Safe(g.clauses)}};
    if (!g.counterexample_path.empty()) {
      j["counterexample"] = Utf8Safe(g.counterexample_path);
      j["counterexample_inputs"] = g.counterexample_inputs;
    }
    if (!g.replay_command.empty()) j["replay"] = Utf8Safe(g.replay_command);
    groups.push_back(std::move(j));
  }
  json areas = json::object();
  for (const auto& [area, t] : TallyByArea(run)) areas[area] = TotalsJson(t);
  std::vector<std::string> caps(run.info.capabilities.begin(), run.info.capabilities.end());
  json j{{"impl", Utf8Safe(run.impl)},
         {"label", Utf8Safe(run.label)},
         {"implementation", Utf8Safe(run.info.implementation)},
         {"protocol_version", run.info.protocol_version},
         {"capabilities", caps},
         {"profile", run.profile},
         {"level", LevelName(run.level)},
         {"effort", run.effort},
         {"seed", run.seed},
         {"seconds", run.seconds},
         {"case_seconds", run.case_seconds},
         {"totals", TotalsJson(TallyCases(run))},
         {"property_totals", TotalsJson(TallyProperties(run))},
         {"areas", areas},
         {"unexpected_failure", HasUnexpectedFailure(run)},
         {"groups", groups},
         {"cases", cases},
         {"properties", properties}};
  if (run.cases_not_run) j["cases_not_run"] = run.cases_not_run;
  if (!run.expected_failures_file.empty()) j["expected_failures_file"] = Utf8Safe(run.expected_failures_file);
  if (!run.stale_expected.empty()) j["stale_expected_failures"] = run.stale_expected;
  if (!run.counterexample_dir.empty()) j["counterexample_dir"] = Utf8Safe(run.counterexample_dir);
  return j;
}

}  // namespace

std::string RenderJson(const std::vector<ImplementationRun>& runs) {
  json all = json::array();
  for (const ImplementationRun& r : runs) all.push_back(RunJson(r));
  json doc{{"format", kJsonReportFormat}, {"runs", all}};
  return doc.dump(2) + "\n";
}

}  // namespace conformance
