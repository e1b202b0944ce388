#include "spec/checked_in.h"

#include <map>
#include <string>

namespace spec {

extern const char kSpecText[];  // spec_text.cc, generated from SPEC.md

const std::vector<Clause>& CheckedInClauses() {
  static const std::vector<Clause> clauses = ParseClauses(kSpecText, "spec/SPEC.md");
  return clauses;
}

const Clause* FindCheckedInClause(std::string_view id) {
  static const std::map<std::string, const Clause*, std::less<>> by_id = [] {
    std::map<std::string, const Clause*, std::less<>> m;
    for (const Clause& c : CheckedInClauses()) m[c.id] = &c;
    return m;
  }();
  auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : it->second;
}

}  // namespace spec
