#include "conformance/report/report_console.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <vector>
#include <sstream>
#include <string>

#include "conformance/run/level.h"
#include "spec/clauses.h"
#include "traces/bytes_escape.h"

namespace conformance {
namespace {

std::string Indent(const std::string& text, const std::string& prefix) {
  std::string out = prefix;
  for (char c : text) {
    out += c;
    if (c == '\n') out += prefix;
  }
  return out;
}

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

void Row(std::ostream& out, const std::string& name, const Totals& t) {
  out << fmt::format("  {:<16} {:>6} {:>6} {:>7} {:>13} {:>15} {:>11} {:>15}\n", name, t.passed, t.failed, t.differs,
                     t.expected_fail, t.unexpected_pass, t.unsupported, t.adapter_failure);
}

// A group whose every case only differs from CPython (level.h).
bool OnlyDiffers(const FailureGroup& g) { return g.differs == static_cast<int>(g.cases.size()); }

// The cpython-decided ones among a group's clauses: what a difference is about.
std::vector<std::string> CpythonDecided(const std::vector<std::string>& clauses) {
  std::vector<std::string> out;
  const std::vector<spec::Basis> bases = BasesOf(clauses);
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    if (bases[i] == spec::Basis::kCpythonDecided) out.push_back(clauses[i]);
  }
  return out;
}

const char* PropertyStatusWord(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "passed";
    case Outcome::kFailed: return "FAILED";
    case Outcome::kExpectedFail: return "expected-fail";
    case Outcome::kUnexpectedPass: return "unexpected-pass";
    case Outcome::kUnsupported: return "unsupported";
    case Outcome::kAdapterFailure: return "ADAPTER-FAILURE";
    case Outcome::kDiffers: return "differs";
  }
  return "?";
}

// What an unsupported case lacks, as its detail says it (the words of
// Adapter::Run's capability check, or an adapter's own refusal).
std::string Lacking(const std::string& detail) {
  const std::string line = FirstLine(detail);
  const std::string needs = "needs: ";
  if (std::size_t at = line.find(needs); at != std::string::npos) return "needs " + line.substr(at + needs.size());
  return line.empty() ? "(no reason given)" : line;
}

// The clauses of a group, the first few of them.
std::string Clauses(const std::vector<std::string>& clauses) {
  constexpr std::size_t kShown = 3;
  std::string out;
  for (std::size_t i = 0; i < clauses.size() && i < kShown; ++i) out += (i ? ", " : "") + clauses[i];
  if (clauses.size() > kShown) out += fmt::format(", +{} more", clauses.size() - kShown);
  return "[" + out + "]";
}

std::string Plural(std::size_t n, const std::string& word) {
  return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// The unexpected failures shown in full: with verbose all, in run order;
// otherwise up to failures_in_full, one per root cause in the groups' order
// (the case whose counterexample was written, else the group's first), then
// the next ones in run order.
std::vector<std::size_t> InFullOrder(const ImplementationRun& run, const ConsoleOptions& options) {
  std::vector<std::size_t> order;
  const std::size_t max = options.verbose ? run.cases.size() : static_cast<std::size_t>(options.failures_in_full);
  auto taken = [&](std::size_t i) { return std::find(order.begin(), order.end(), i) != order.end(); };
  if (!options.verbose) {
    for (const FailureGroup& g : run.groups) {
      if (order.size() >= max) break;
      std::size_t pick = run.cases.size();
      for (std::size_t i : g.cases) {
        if (!IsUnexpectedFailure(run.cases[i].outcome)) continue;
        if (pick == run.cases.size() || !run.cases[i].counterexample_path.empty()) pick = i;
        if (!run.cases[i].counterexample_path.empty()) break;
      }
      if (pick != run.cases.size()) order.push_back(pick);
    }
  }
  for (std::size_t i = 0; i < run.cases.size() && order.size() < max; ++i) {
    if (IsUnexpectedFailure(run.cases[i].outcome) && !taken(i)) order.push_back(i);
  }
  return order;
}

}  // namespace

void PrintConsoleSummary(std::ostream& console, const ImplementationRun& run, const ConsoleOptions& options) {
  // Adapter text (stderr in details, the implementation's name) may hold
  // terminal escapes or NULs: the whole summary is written escaped.
  std::ostringstream out;
  Totals cases = TallyCases(run);
  out << "\n== " << run.impl << ": " << (run.info.implementation.empty() ? "(no handshake)" : run.info.implementation)
      << "\n";
  out << fmt::format("   level {}, profile {}, seed {}, effort {}; {} cases in {:.2f} s ({:.0f} cases/s), {:.2f} s in all\n",
                     LevelName(run.level), run.profile, run.seed, run.effort.empty() ? "-" : run.effort, run.cases.size(), run.case_seconds,
                     run.case_seconds > 0 ? static_cast<double>(run.cases.size()) / run.case_seconds : 0.0,
                     run.seconds);
  if (!run.expected_failures_file.empty()) out << "   expected failures from " << run.expected_failures_file << "\n";
  if (run.cases_not_run) {
    out << "   stopped early (--max-failures): " << Plural(run.cases_not_run, "case") << " and the properties not run\n";
  }

  if (!run.cases.empty()) {
    out << "\n"
        << fmt::format("  {:<16} {:>6} {:>6} {:>7} {:>13} {:>15} {:>11} {:>15}\n", "area", "passed", "failed",
                       "differs", "expected-fail", "unexpected-pass", "unsupported", "adapter-failure");
    for (const auto& [area, t] : TallyByArea(run)) Row(out, area, t);
    Row(out, "total", cases);
  }

  std::vector<std::size_t> failing_groups, differing_groups;  // indices into run.groups
  for (std::size_t k = 0; k < run.groups.size(); ++k) {
    (OnlyDiffers(run.groups[k]) ? differing_groups : failing_groups).push_back(k);
  }
  if (!failing_groups.empty()) {
    std::size_t failing = 0;
    for (std::size_t k : failing_groups) failing += run.groups[k].cases.size();
    out << "\n" << Plural(failing, "failing case") << ", " << Plural(failing_groups.size(), "root cause")
        << " (grouped by the first mismatch):\n";
    const std::size_t shown = options.verbose ? failing_groups.size()
                                              : std::min<std::size_t>(failing_groups.size(), options.groups_shown);
    for (std::size_t n = 0; n < shown; ++n) {
      const std::size_t k = failing_groups[n];
      const FailureGroup& g = run.groups[k];
      const std::size_t expected = g.cases.size() - static_cast<std::size_t>(g.unexpected + g.differs);
      std::string notes;
      if (expected) notes += fmt::format(" ({} expected)", expected);
      if (g.differs) notes += fmt::format(" ({} only differing from CPython)", g.differs);
      out << fmt::format("  {}. {}: {}{} {}", k + 1, g.signature.title, Plural(g.cases.size(), "case"), notes,
                         Clauses(g.clauses));
      if (!g.counterexample_path.empty()) out << " " << g.counterexample_path;
      out << "\n";
    }
    if (shown < failing_groups.size()) {
      std::size_t rest = 0;
      for (std::size_t n = shown; n < failing_groups.size(); ++n) rest += run.groups[failing_groups[n]].cases.size();
      out << "  ... and " << Plural(failing_groups.size() - shown, "more root cause") << " of " << Plural(rest, "case")
          << " (--verbose shows every one)\n";
    }
  }
  if (!differing_groups.empty()) {
    std::size_t in_mixed = static_cast<std::size_t>(cases.differs);
    for (std::size_t k : differing_groups) in_mixed -= run.groups[k].cases.size();
    out << "\ndiffers from CPython in " << Plural(differing_groups.size(), "behaviour")
        << " (not failures at --level documented: the documents leave these to the implementation, CPython 3.11 "
        << "decides them)" << (in_mixed ? fmt::format("; {} more cases differ only so within the root causes above",
                                                      in_mixed)
                                        : "")
        << ":\n";
    for (std::size_t k : differing_groups) {
      const FailureGroup& g = run.groups[k];
      std::vector<std::string> decided = CpythonDecided(g.clauses);
      out << fmt::format("  {}. {}: {} {}", k + 1, g.signature.title, Plural(g.cases.size(), "case"),
                         Clauses(decided.empty() ? g.clauses : decided));
      if (!g.counterexample_path.empty()) out << " " << g.counterexample_path;
      out << "\n";
    }
  }

  if (!run.properties.empty()) {
    out << "\nproperties\n";
    for (const PropertyReport& p : run.properties) {
      const PropertyResult& r = p.result;
      if (p.outcome == Outcome::kUnsupported) {
        out << fmt::format("  {:<15} {:<36} {}\n", PropertyStatusWord(p.outcome), r.id, FirstLine(r.detail));
        continue;
      }
      out << fmt::format("  {:<15} {:<36} {:>6} runs  seed {}\n", PropertyStatusWord(p.outcome), r.id, r.runs, r.seed);
      if (p.outcome != Outcome::kPassed && !r.detail.empty()) out << Indent(ClipLongLines(r.detail), "      ") << "\n";
      if (!r.counterexample_path.empty()) out << "      counterexample: " << r.counterexample_path << "\n";
      if (!r.replay_command.empty()) out << "      replay: " << r.replay_command << "\n";
    }
  }

  int unexpected = 0;
  for (const CaseReport& c : run.cases) unexpected += IsUnexpectedFailure(c.outcome);
  if (unexpected) {
    const std::vector<std::size_t> order = InFullOrder(run, options);
    const int shown = static_cast<int>(order.size());
    out << "\nunexpected failures (" << unexpected << ")"
        << (shown < unexpected ? fmt::format(", {} in full: the first of each root cause", shown) : "") << "\n";
    const std::string* previous_detail = nullptr;
    for (std::size_t i : order) {
      const CaseReport& c = run.cases[i];
      out << "  " << VerdictName(c.result.verdict) << " " << c.spec->id << "  " << Clauses(c.spec->clauses)
          << (c.group >= 0 ? fmt::format(" (root cause {})", c.group + 1) : "") << "\n";
      out << "    " << c.spec->description << "\n";
      // An adapter that cannot start fails every case with the same words:
      // say them once.
      if (previous_detail && *previous_detail == c.result.detail && c.result.verdict == Verdict::kAdapterFailure) {
        out << "    (the same adapter failure as above)\n";
      } else {
        out << Indent(ClipLongLines(c.result.detail), "    ") << "\n";
      }
      previous_detail = &c.result.detail;
      if (!c.counterexample_path.empty()) {
        out << "    counterexample: " << c.counterexample_path << " (" << c.counterexample_inputs << " inputs)\n";
      }
      if (!c.replay_command.empty()) out << "    replay: " << c.replay_command << "\n";
    }
    if (shown < unexpected) {
      out << "  ... and " << unexpected - shown << " more (--verbose shows every one; --json keeps them all)\n";
    }
  }
  // One line per case, or (quietly) one line per reason with its count.
  auto list = [&](Outcome o, const std::string& title, bool always_each) {
    std::map<std::string, int> by_reason;
    int n = 0;
    for (const CaseReport& c : run.cases) {
      if (c.outcome != o) continue;
      ++n;
      by_reason[o == Outcome::kUnsupported ? Lacking(c.result.detail) : FirstLine(c.expected_reason)]++;
    }
    if (!n) return;
    out << "\n" << title << " (" << n << ")\n";
    if (options.verbose || always_each) {
      for (const CaseReport& c : run.cases) {
        if (c.outcome != o) continue;
        std::string why = o == Outcome::kUnsupported ? c.result.detail : c.expected_reason;
        out << "  " << c.spec->id << (why.empty() ? "" : ": " + FirstLine(why)) << "\n";
        if (!c.counterexample_path.empty()) out << "    counterexample: " << c.counterexample_path << "\n";
      }
      return;
    }
    for (const auto& [reason, count] : by_reason) {
      out << fmt::format("  {:>5}  {}\n", count, reason.empty() ? "(no reason given)" : reason);
    }
  };
  list(Outcome::kExpectedFail, "expected failures, by reason (--verbose lists them)", false);
  list(Outcome::kUnexpectedPass, "unexpected passes: listed as expected failures but passed; update the list", true);
  list(Outcome::kUnsupported, "unsupported, by what they need (--verbose lists them)", false);
  if (!run.stale_expected.empty()) {
    out << "\nexpected-failure entries matching no case or property:";
    for (const std::string& s : run.stale_expected) out << " " << s;
    out << "\n";
  }
  if (!run.counterexample_dir.empty()) out << "\ncounterexamples written under " << run.counterexample_dir << "\n";
  if (run.root_causes_without_counterexample) {
    out << Plural(static_cast<std::size_t>(run.root_causes_without_counterexample), "root cause")
        << " got no counterexample: at most " << run.counterexample_limit
        << " are shrunk (--max-counterexamples N raises it; with --counterexamples DIR every one is)\n";
  }

  Totals props = TallyProperties(run);
  int bad = cases.unexpected() + props.unexpected();
  out << "\nresult for " << run.impl << ": " << (bad ? "FAIL" : "PASS") << ": " << cases.passed << " passed, "
      << cases.failed << " failed, " << cases.differs << " differing from CPython, " << cases.expected_fail
      << " expected failures, " << cases.unexpected_pass
      << " unexpected passes, " << cases.unsupported << " unsupported, " << cases.adapter_failure
      << " adapter failures; properties " << props.passed << "/" << run.properties.size() << " passed"
      << (run.cases_not_run ? fmt::format("; {} not run (--max-failures)", Plural(run.cases_not_run, "case")) : "")
      << "\n";
  console << traces::EscapeControlBytes(out.str());
}

}  // namespace conformance
