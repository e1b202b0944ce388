#include "conformance/cases/clause_coverage.h"

#include <set>

namespace conformance {
namespace {

const char* BasisName(spec::Basis b) {
  switch (b) {
    case spec::Basis::kDocumented: return "documented";
    case spec::Basis::kImplied: return "implied";
    case spec::Basis::kCpythonDecided: return "cpython-decided";
  }
  return "?";
}

std::string Family(const std::string& id) {
  std::size_t dot = std::string::npos;
  for (int parts = 0; parts < 3; ++parts) {
    dot = id.find('.', dot + 1);
    if (dot == std::string::npos) return id;
  }
  return id.substr(0, dot);
}

}  // namespace

ClauseCoverage CheckClauseCoverage(const std::vector<spec::Clause>& clauses, const std::vector<Citation>& citations) {
  ClauseCoverage out;
  std::map<std::string, const spec::Clause*> by_id;
  for (const spec::Clause& c : clauses) by_id[c.id] = &c;
  for (const Citation& cit : citations) {
    if (cit.clauses.empty()) out.problems.push_back(cit.id + " cites no clause");
    std::set<std::string> seen;
    for (const std::string& id : cit.clauses) {
      auto it = by_id.find(id);
      if (it == by_id.end()) {
        out.problems.push_back(cit.id + " cites clause " + id + ", which spec/SPEC.md does not define");
      } else if (!it->second->testable) {
        out.problems.push_back(cit.id + " cites clause " + id + ", which spec/SPEC.md:" +
                               std::to_string(it->second->line) + " marks untestable");
      } else if (seen.insert(id).second) {
        out.citers[id].push_back(cit.id);
      }
    }
  }
  for (const spec::Clause& c : clauses) {
    if (c.testable && !out.citers.count(c.id)) {
      out.problems.push_back("clause " + c.id + " (spec/SPEC.md:" + std::to_string(c.line) +
                             ") is testable but no case cites it");
    }
  }
  return out;
}

std::string SummarizeCaseIds(const std::vector<std::string>& ids) {
  std::vector<std::pair<std::string, std::vector<std::string>>> families;  // in first-seen order
  std::map<std::string, std::size_t> index;
  for (const std::string& id : ids) {
    const std::string f = Family(id);
    auto [it, added] = index.emplace(f, families.size());
    if (added) families.push_back({f, {}});
    families[it->second].second.push_back(id);
  }
  std::string out;
  for (const auto& [family, members] : families) {
    if (!out.empty()) out += ", ";
    if (members.size() == 1) out += members[0];
    else out += family + ".* (" + std::to_string(members.size()) + ")";
  }
  return out;
}

std::string CoverageText(const std::vector<spec::Clause>& clauses, const ClauseCoverage& coverage) {
  std::string out;
  int testable = 0, covered = 0;
  for (const spec::Clause& c : clauses) {
    if (!c.testable) continue;
    ++testable;
    auto it = coverage.citers.find(c.id);
    const std::size_t n = it == coverage.citers.end() ? 0 : it->second.size();
    if (n) ++covered;
    out += c.id + "  " + std::to_string(n) + (n == 1 ? " case" : " cases") +
           (n ? ": " + SummarizeCaseIds(it->second) : "") + "\n";
  }
  out += std::to_string(covered) + " of " + std::to_string(testable) + " testable clauses cited; " +
         std::to_string(clauses.size() - testable) + " untestable\n";
  for (const std::string& p : coverage.problems) out += "problem: " + p + "\n";
  return out;
}

std::string CoverageMarkdown(const std::vector<spec::Clause>& clauses, const ClauseCoverage& coverage,
                             const std::string& command) {
  int testable = 0;
  for (const spec::Clause& c : clauses) testable += c.testable;
  std::string out =
      "# Clause coverage\n\n"
      "Generated from `SPEC.md` and the suite's citations (the named cases, the checked-in traces, the "
      "implementations' counterexamples, the properties) by\n\n"
      "```sh\n" + command + "\n```\n\n"
      "Do not edit. Each testable clause, with its basis, the number of cases and properties citing it, and "
      "who they are: ids sharing their first three parts are one family, written `family.* (N)`. "
      "`conformance/README.md` (\"Clauses\") explains how to read it.\n\n" +
      std::to_string(clauses.size()) + " clauses: " + std::to_string(testable) + " testable, " +
      std::to_string(clauses.size() - testable) + " untestable.\n\n"
      "| clause | basis | cases | checked by |\n| --- | --- | ---: | --- |\n";
  std::vector<const spec::Clause*> uncovered, untestable;
  for (const spec::Clause& c : clauses) {
    if (!c.testable) {
      untestable.push_back(&c);
      continue;
    }
    auto it = coverage.citers.find(c.id);
    if (it == coverage.citers.end()) {
      uncovered.push_back(&c);
      continue;
    }
    out += "| `" + c.id + "` | " + BasisName(c.basis) + " | " + std::to_string(it->second.size()) + " | " +
           SummarizeCaseIds(it->second) + " |\n";
  }
  out += "\n## Testable clauses no case checks\n\n";
  if (uncovered.empty()) out += "None.\n";
  for (const spec::Clause* c : uncovered) out += "- `" + c->id + "` (SPEC.md line " + std::to_string(c->line) + ")\n";
  if (!coverage.problems.empty()) {
    out += "\n## Problems\n\n";
    for (const std::string& p : coverage.problems) out += "- " + p + "\n";
  }
  out += "\n## Untestable clauses\n\n| clause | basis | why no case can check it |\n| --- | --- | --- |\n";
  for (const spec::Clause* c : untestable) {
    out += "| `" + c->id + "` | " + BasisName(c->basis) + " | " + c->untestable_reason + " |\n";
  }
  return out;
}

}  // namespace conformance
