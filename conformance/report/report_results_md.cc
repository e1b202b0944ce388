#include "conformance/report/report_results_md.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "conformance/cases/clause_coverage.h"
#include "conformance/report/implementation_notes.h"
#include "conformance/run/counterexample.h"
#include "spec/checked_in.h"
#include "traces/bytes_escape.h"

namespace conformance {
namespace {

// Markdown table cells: a '|' would end the cell, a newline the row.
std::string Cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string Code(const std::string& s) { return "`" + s + "`"; }

// What a case checks, as its clause ids in code spans.
std::string ClauseList(const Case& c) {
  std::string out;
  for (const std::string& id : c.clauses) out += (out.empty() ? "" : ", ") + Code(id);
  return c.clauses.empty() ? "no clause" : out;
}

std::string VerdictCell(const CaseReport* c) {
  if (!c) return "-";
  switch (c->result.verdict) {
    case Verdict::kPass: return "pass";
    case Verdict::kFail: return "**FAIL**";
    case Verdict::kUnsupported: return "unsupported";
    case Verdict::kAdapterFailure: return "**adapter failure**";
    case Verdict::kCaseError: return "**case error**";
  }
  return "?";
}

std::string Profile(const Case& c) { return c.profile == traces::Profile::kStrict ? "strict" : "semantic"; }

// The first `max_lines` lines of `text`, saying how many were left out.
std::string Clip(const std::string& text, std::size_t max_lines) {
  std::string out;
  std::size_t lines = 0, pos = 0;
  while (pos < text.size() && lines < max_lines) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    out += text.substr(pos, end - pos) + "\n";
    pos = end + 1;
    ++lines;
  }
  if (pos < text.size()) {
    std::size_t rest = 0;
    for (std::size_t i = pos; i < text.size(); ++i) rest += text[i] == '\n';
    out += "... (" + std::to_string(rest + 1) + " more lines)\n";
  }
  return out;
}

// A link to `path` from the directory of the results file, if both are
// relative to the same place; else the path as code.
std::string PathLink(const std::string& path, const std::string& results_path) {
  namespace fs = std::filesystem;
  fs::path p(path), r(results_path);
  if (p.is_relative() && r.is_relative()) {
    fs::path rel = p.lexically_relative(r.parent_path().empty() ? fs::path(".") : r.parent_path());
    if (!rel.empty()) return "[" + Code(path) + "](" + rel.generic_string() + ")";
  }
  return Code(path);
}

// A replay command as a reader of the checked-in file runs it: from the
// repository's top, with a relative counterexample path kept relative.
std::string RepositoryReplayCommand(const CaseReport& c, const ImplementationRun& run) {
  if (c.counterexample_path.empty() || std::filesystem::path(c.counterexample_path).is_absolute()) {
    return c.replay_command;
  }
  return ReplayCommandFromTop(c.counterexample_path, ImplFlag(run.impl));
}

struct Column {
  const ImplementationRun* run;
  std::map<std::string, const CaseReport*> by_id;
};

void Implementations(std::string& md, const std::vector<Column>& cols) {
  md += "## Implementations\n\n";
  md += "| column | implementation (its adapter's handshake) | cases | pass | fail (`--level cpython`) | "
        "fail (`--level documented`) | differs from CPython: cases (behaviours) | unsupported | adapter failure | "
        "properties passed |\n";
  md += "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  for (const Column& col : cols) {
    const ImplementationRun& run = *col.run;
    int pass = 0, fail = 0, unsupported = 0, adapter = 0, differs = 0;
    std::set<int> behaviours;  // the root causes of the differing cases
    for (const CaseReport& c : run.cases) {
      switch (c.result.verdict) {
        case Verdict::kPass: ++pass; break;
        case Verdict::kFail:
          ++fail;
          if (c.cpython_only) {
            ++differs;
            behaviours.insert(c.group);
          }
          break;
        case Verdict::kCaseError: ++fail; break;
        case Verdict::kUnsupported: ++unsupported; break;
        case Verdict::kAdapterFailure: ++adapter; break;
      }
    }
    int props = 0;
    for (const PropertyReport& p : run.properties) props += p.result.verdict == Verdict::kPass;
    md += "| " + Cell(run.label) + " | " + Cell(run.info.implementation.empty() ? "(no handshake)" : run.info.implementation) +
          " (`--impl " + Cell(run.impl) + "`) | " + std::to_string(run.cases.size()) + " | " + std::to_string(pass) +
          " | " + std::to_string(fail) + " | " + std::to_string(fail - differs) + " | " + std::to_string(differs) +
          " (" + std::to_string(behaviours.size()) + ") | " + std::to_string(unsupported) + " | " + std::to_string(adapter) + " | " +
          std::to_string(props) + "/" + std::to_string(run.properties.size()) + " |\n";
  }
  md += "\nVerdicts are raw: an expected-failure list does not change them. *pass*: the transcript agrees with the "
        "expected one under the case's profile; **FAIL**: it does not (the first mismatch is below); a failing case "
        "*differs from CPython* when, judged by the documents (`--level documented`, conformance/run/level.h), it "
        "fails only where CPython 3.11's code decides what the documents leave open: it fails at `--level cpython` "
        "only; *unsupported*: "
        "the adapter lacks a capability the case needs; **adapter failure**: the adapter crashed, hung or spoke "
        "garbage.\n\n";
}

// The notes of `impl`, or nullptr.
const ImplementationNotes* NotesOf(const NotesByImpl& notes, const std::string& impl) {
  auto it = notes.find(impl);
  return it == notes.end() ? nullptr : &it->second;
}

std::vector<const DivergenceNote*> NotesFor(const NotesByImpl& notes, const Case& c, const std::string& impl) {
  const ImplementationNotes* n = NotesOf(notes, impl);
  return n ? NotesFor(*n, c) : std::vector<const DivergenceNote*>{};
}

// For each implementation whose notes say where its code departs from its
// own documents (CPython's), those places and the cases that show them.
void Departures(std::string& md, const std::vector<Column>& cols, const std::vector<const Case*>& cases,
                const NotesByImpl& notes) {
  std::set<std::string> done;
  for (const Column& col : cols) {
    const ImplementationNotes* n = NotesOf(notes, col.run->impl);
    if (!n || n->departures_subject.empty() || !done.insert(col.run->impl).second) continue;
    const std::string& who = n->departures_subject;
    md += "## Where " + who + "'s code departs from its own documents\n\n";
    if (!n->departures_intro.empty()) md += n->departures_intro + "\n\n";
    for (const CodeDeparture& d : n->departures) {
      md += "### " + d.title + "\n\n";
      md += "- **The documents:** " + d.documents + "\n";
      md += "- **The code:** " + d.code + "\n";
      md += "- **Effect:** " + d.effect + "\n";
      if (d.cases.empty()) {
        md += "- **Cases:** none.\n\n";
        continue;
      }
      std::string list;
      for (const Case* c : cases) {
        if (fnmatch(d.cases.c_str(), c->id.c_str(), 0) != 0) continue;
        list += (list.empty() ? "" : ", ") + Code(c->id);
        list += " (" + who + ": " + VerdictCell(col.by_id.count(c->id) ? col.by_id.at(c->id) : nullptr) + ")";
      }
      md += "- **Cases** (`" + d.cases + "`): " + (list.empty() ? "none in this run" : list) + ".\n\n";
    }
  }
}

// The failures again, grouped by the spec/SPEC.md clause the failing cases
// and properties cite: which rules an implementation breaks, in SPEC.md's
// order. Expected failures count (they are failures); unsupported does not.
void FailuresByClause(std::string& md, const std::vector<Column>& cols, const std::vector<const Case*>& cases) {
  std::map<std::string, std::vector<std::vector<std::string>>> failing;  // clause -> per column, the ids
  auto note = [&](const std::vector<std::string>& clauses, std::size_t col, const std::string& id) {
    for (const std::string& clause : clauses) {
      std::vector<std::vector<std::string>>& per = failing[clause];
      per.resize(cols.size());
      per[col].push_back(id);
    }
  };
  for (std::size_t i = 0; i < cols.size(); ++i) {
    for (const Case* c : cases) {
      auto it = cols[i].by_id.find(c->id);
      if (it == cols[i].by_id.end()) continue;
      const Verdict v = it->second->result.verdict;
      if (v != Verdict::kPass && v != Verdict::kUnsupported) note(c->clauses, i, c->id);
    }
    for (const PropertyReport& p : cols[i].run->properties) {
      const Verdict v = p.result.verdict;
      if (v != Verdict::kPass && v != Verdict::kUnsupported) note(PropertyClauses(p.result.id), i, p.result.id);
    }
  }
  md += "## Failures by clause\n\n";
  if (failing.empty()) {
    md += "None: no case or property fails.\n\n";
    return;
  }
  md += "Each clause of `spec/SPEC.md` (see `spec/COVERAGE.md` for all the cases citing it) that a failing case or "
        "property cites, with those cases per implementation (expected failures included).\n\n| clause | basis |";
  for (const Column& col : cols) md += " " + Cell(col.run->label) + " |";
  md += "\n| --- | --- |";
  for (std::size_t i = 0; i < cols.size(); ++i) md += " --- |";
  md += "\n";
  std::set<std::string> listed;
  auto row = [&](const std::string& clause, const std::string& basis) {
    auto it = failing.find(clause);
    if (it == failing.end() || !listed.insert(clause).second) return;
    md += "| " + Code(clause) + " | " + basis + " |";
    for (const std::vector<std::string>& ids : it->second) {
      md += ids.empty() ? std::string(" - |")
                        : " " + std::to_string(ids.size()) + ": " + Cell(SummarizeCaseIds(ids)) + " |";
    }
    md += "\n";
  };
  for (const spec::Clause& c : spec::CheckedInClauses()) {
    row(c.id, c.basis == spec::Basis::kDocumented ? "documented"
              : c.basis == spec::Basis::kImplied  ? "implied"
                                                  : "cpython-decided");
  }
  for (const auto& [clause, ids] : failing) row(clause, "not in SPEC.md");
  md += "\n";
}

void Divergences(std::string& md, const std::vector<Column>& cols, const std::vector<const Case*>& cases,
                 const NotesByImpl& notes, const std::string& results_path) {
  md += "## Divergences\n\n";
  md += "Every case some implementation does not pass: what the divergence is (from the notes in "
        "`conformance/implementations/<impl>/notes.md`), the document it contradicts, the first mismatch, and the "
        "minimal counterexample the shrinker wrote (replay it with the command shown).\n\n";
  int n = 0;
  for (const Case* c : cases) {
    std::vector<std::pair<const Column*, const CaseReport*>> bad;
    for (const Column& col : cols) {
      auto it = col.by_id.find(c->id);
      if (it != col.by_id.end() && it->second->result.verdict != Verdict::kPass) bad.emplace_back(&col, it->second);
    }
    if (bad.empty()) continue;
    ++n;
    md += "### " + Code(c->id) + "\n\n";
    md += c->description + " (" + Profile(*c) + "; checks " + ClauseList(*c) + ")\n\n";
    std::string verdicts;
    for (const Column& col : cols) {
      auto it = col.by_id.find(c->id);
      verdicts += (verdicts.empty() ? "" : " · ") + col.run->label + ": " +
                  VerdictCell(it == col.by_id.end() ? nullptr : it->second);
    }
    md += "Verdicts: " + verdicts + "\n\n";
    for (const auto& [col, rep] : bad) {
      const ImplementationRun& run = *col->run;
      md += "**" + run.label + "** (" + VerdictName(rep->result.verdict) + ")";
      std::vector<const DivergenceNote*> found = NotesFor(notes, *c, run.impl);
      if (rep->result.verdict == Verdict::kUnsupported) {
        md += ": the adapter cannot run this case.\n\n";
      } else if (found.empty()) {
        const ImplementationNotes* file = NotesOf(notes, run.impl);
        md += ": (no note yet" + (file ? " in " + Code(file->file) : std::string()) + "); the case checks " +
              ClauseList(*c) + ".\n\n";
      } else {
        md += ":\n\n";
        for (const DivergenceNote* note : found) {
          md += "- *" + note->title + ".* " + note->explanation +
                " Contradicts: " + (note->contradicts.empty() ? ClauseList(*c) : note->contradicts) + ".\n";
        }
        md += "\n";
      }
      if (!rep->result.detail.empty()) md += "```text\n" + Clip(ClipLongLines(rep->result.detail, 160), 14) + "```\n\n";
      if (!rep->counterexample_path.empty()) {
        md += "Minimal counterexample: " + PathLink(rep->counterexample_path, results_path) + " (" +
              std::to_string(rep->counterexample_inputs) + " inputs); replay: `" + RepositoryReplayCommand(*rep, run) + "`\n\n";
      } else if (!rep->replay_command.empty()) {
        md += "Replay: `" + rep->replay_command + "`\n\n";
      }
    }
  }
  if (n == 0) md += "None: every implementation passes every case.\n\n";
}

// Per implementation, each known divergence (the notes' titles) with the
// cases that catch it and their minimal counterexamples: the answer to "is
// every known difference found?".
void KnownDivergences(std::string& md, const std::vector<Column>& cols, const std::vector<const Case*>& cases,
                      const NotesByImpl& notes, const std::string& results_path) {
  bool any = false;
  for (const Column& col : cols) {
    std::vector<std::string> titles;
    std::map<std::string, std::vector<const CaseReport*>> by_title;
    for (const Case* c : cases) {
      auto it = col.by_id.find(c->id);
      // Unsupported is not a divergence: the implementation was not asked.
      if (it == col.by_id.end() || it->second->result.verdict == Verdict::kPass ||
          it->second->result.verdict == Verdict::kUnsupported) {
        continue;
      }
      std::vector<const DivergenceNote*> found = NotesFor(notes, *c, col.run->impl);
      std::string title = found.empty() ? "(no note yet)" : found.front()->title;
      if (!by_title.count(title)) titles.push_back(title);
      by_title[title].push_back(it->second);
    }
    if (titles.empty()) continue;
    if (!any) {
      md += "## Known divergences, and the cases that catch them\n\n";
      any = true;
    }
    md += "### " + col.run->label + "\n\n| divergence | cases that catch it | smallest counterexample |\n| --- | --- | --- |\n";
    for (const std::string& title : titles) {
      const std::vector<const CaseReport*>& reps = by_title[title];
      std::string ids;
      const CaseReport* smallest = nullptr;
      for (std::size_t i = 0; i < reps.size(); ++i) {
        if (i < 6) ids += (ids.empty() ? "" : ", ") + Code(reps[i]->spec->id);
        if (!reps[i]->counterexample_path.empty() &&
            (!smallest || reps[i]->counterexample_inputs < smallest->counterexample_inputs)) {
          smallest = reps[i];
        }
      }
      if (reps.size() > 6) ids += " and " + std::to_string(reps.size() - 6) + " more";
      std::string ce = smallest ? PathLink(smallest->counterexample_path, results_path) + " (" +
                                      std::to_string(smallest->counterexample_inputs) + " inputs)"
                                : "-";
      md += "| " + Cell(title) + " | " + ids + " | " + ce + " |\n";
    }
    md += "\n";
  }
}

void Properties(std::string& md, const std::vector<Column>& cols) {
  std::vector<std::string> ids;
  std::set<std::string> seen;
  for (const Column& col : cols) {
    for (const PropertyReport& p : col.run->properties) {
      if (seen.insert(p.result.id).second) ids.push_back(p.result.id);
    }
  }
  if (ids.empty()) return;
  md += "## Properties\n\n| property |";
  for (const Column& col : cols) md += " " + Cell(col.run->label) + " |";
  md += "\n| --- |";
  for (std::size_t i = 0; i < cols.size(); ++i) md += " --- |";
  md += "\n";
  std::string failures;
  for (const std::string& id : ids) {
    md += "| " + Code(id) + " |";
    for (const Column& col : cols) {
      const PropertyReport* found = nullptr;
      for (const PropertyReport& p : col.run->properties) {
        if (p.result.id == id) found = &p;
      }
      if (!found) {
        md += " - |";
        continue;
      }
      const PropertyResult& r = found->result;
      const char* word = r.verdict == Verdict::kPass          ? "pass"
                         : r.verdict == Verdict::kFail        ? "**FAIL**"
                         : r.verdict == Verdict::kUnsupported ? "unsupported"
                                                           : "**adapter failure**";
      md += std::string(" ") + word + " (" + std::to_string(r.runs) + " runs) |";
      if (r.verdict != Verdict::kPass && !r.detail.empty()) {
        failures += "**" + col.run->label + ", " + Code(id) + "** (seed " + std::to_string(r.seed) + "):\n\n```text\n" +
                    Clip(ClipLongLines(r.detail, 160), 10) + "```\n\n";
      }
    }
    md += "\n";
  }
  md += "\n" + failures;
}

void AllCases(std::string& md, const std::vector<Column>& cols, const std::vector<const Case*>& cases) {
  md += "## All cases\n\n| case | profile | checks clauses |";
  for (const Column& col : cols) md += " " + Cell(col.run->label) + " |";
  md += "\n| --- | --- | --- |";
  for (std::size_t i = 0; i < cols.size(); ++i) md += " --- |";
  md += "\n";
  for (const Case* c : cases) {
    md += "| " + Code(c->id) + " | " + Profile(*c) + " | " + Cell(ClauseList(*c)) + " |";
    for (const Column& col : cols) {
      auto it = col.by_id.find(c->id);
      md += " " + VerdictCell(it == col.by_id.end() ? nullptr : it->second) + " |";
    }
    md += "\n";
  }
  md += "\n";
}

}  // namespace

std::string RenderResultsMarkdown(const std::vector<ImplementationRun>& runs, const NotesByImpl& notes,
                                  const std::string& command, const std::string& results_path) {
  std::vector<Column> cols;
  std::vector<const Case*> cases;
  std::set<std::string> seen;
  for (const ImplementationRun& run : runs) {
    Column col{&run, {}};
    for (const CaseReport& c : run.cases) {
      col.by_id[c.spec->id] = &c;
      if (seen.insert(c.spec->id).second) cases.push_back(c.spec);
    }
    cols.push_back(std::move(col));
  }
  std::sort(cases.begin(), cases.end(), [](const Case* a, const Case* b) { return a->id < b->id; });

  std::string md = "# Conformance results\n\n";
  md += "<!-- Generated; do not edit. Regenerate with the command below. -->\n";
  md += "Generated by the conformance command, not written by hand. To regenerate (after changing the cases, the "
        "adapters or the notes in `conformance/implementations/<impl>/notes.md`):\n\n";
  md += "```sh\n" + command + "\n```\n\n";
  std::string seeds;
  for (const ImplementationRun& run : runs) {
    if (!run.properties.empty()) seeds = std::to_string(run.seed);
  }
  md += std::to_string(cases.size()) + " cases" +
        (seeds.empty() ? std::string(", no properties") : ", properties with seed " + seeds) + ".\n\n";
  Implementations(md, cols);
  Departures(md, cols, cases, notes);
  KnownDivergences(md, cols, cases, notes, results_path);
  FailuresByClause(md, cols, cases);
  Divergences(md, cols, cases, notes, results_path);
  Properties(md, cols);
  AllCases(md, cols, cases);
  // Adapter text (stderr in details, an implementation's name) may hold
  // terminal escapes or NULs: none reaches the file raw.
  return traces::EscapeControlBytes(md);
}

}  // namespace conformance
