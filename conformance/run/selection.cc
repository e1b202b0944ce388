#include "conformance/run/selection.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "conformance/properties/property_suite.h"

namespace conformance {
namespace {

bool MatchesAny(const std::vector<std::string>& globs, const std::string& id) {
  if (globs.empty()) return true;
  for (const std::string& g : globs) {
    if (fnmatch(g.c_str(), id.c_str(), 0) == 0) return true;
  }
  return false;
}

bool ById(const TraceCase& a, const TraceCase& b) { return a.spec.id < b.spec.id; }

}  // namespace

Selection SelectCases(const SelectionOptions& o) {
  Selection s;
  if (o.trace_files.empty()) {
    if (!o.traces_root.empty()) s.trace_cases = LoadTraceCases(o.traces_root, o.traces_shown);
    if (!o.implementations_root.empty()) {
      for (TraceCase& tc : LoadTraceCases(o.implementations_root, o.implementations_shown, CounterexampleCaseId)) {
        s.trace_cases.push_back(std::move(tc));
      }
    }
    std::sort(s.trace_cases.begin(), s.trace_cases.end(), ById);
  } else {
    for (const TraceFile& f : o.trace_files) {
      std::string id = "trace.file." + std::filesystem::path(f.shown).stem().string();
      s.trace_cases.push_back(TraceFileCase(f.path, id, f.shown));
    }
  }
  auto wanted = [&](const Case& c) {
    if (!MatchesAny(o.filters, c.id)) return false;
    if (!o.excludes.empty() && MatchesAny(o.excludes, c.id)) return false;
    if (o.profile == "strict" && c.profile != traces::Profile::kStrict) return false;
    if (o.profile == "semantic" && c.profile != traces::Profile::kSemantic) return false;
    for (const std::string& t : o.tags) {
      if (std::find(c.tags.begin(), c.tags.end(), t) == c.tags.end()) return false;
    }
    for (const std::string& t : o.exclude_tags) {
      if (std::find(c.tags.begin(), c.tags.end(), t) != c.tags.end()) return false;
    }
    return true;
  };
  if (o.trace_files.empty()) {
    for (const Case& c : AllCases()) {
      if (wanted(c)) s.cases.push_back({&c, ""});
    }
  }
  for (const TraceCase& t : s.trace_cases) {
    if (wanted(t.spec)) s.cases.push_back({&t.spec, t.source_file});
  }
  std::sort(s.cases.begin(), s.cases.end(),
            [](const SelectedCase& a, const SelectedCase& b) { return a.spec->id < b.spec->id; });
  for (std::size_t i = 1; i < s.cases.size(); ++i) {
    if (s.cases[i].spec->id == s.cases[i - 1].spec->id) {
      throw std::invalid_argument("two cases have the id " + s.cases[i].spec->id + " (a trace file named like a case?)");
    }
  }
  if (o.properties && o.trace_files.empty() && o.tags.empty()) {
    for (const std::string& id : PropertyIds()) {
      if (MatchesAny(o.filters, id) && (o.excludes.empty() || !MatchesAny(o.excludes, id))) {
        s.property_ids.push_back(id);
      }
    }
  }
  s.whole_suite = o.filters.empty() && o.excludes.empty() && o.tags.empty() && o.exclude_tags.empty() &&
                  o.trace_files.empty() && o.profile == "all";
  return s;
}

}  // namespace conformance
