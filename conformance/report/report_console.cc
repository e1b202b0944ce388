#include "conformance/report/report_console.h"

#include <fmt/format.h>

#include <sstream>
#include <string>

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
  out << fmt::format("  {:<16} {:>6} {:>6} {:>13} {:>15} {:>11} {:>15}\n", name, t.passed, t.failed,
                     t.expected_fail, t.unexpected_pass, t.unsupported, t.adapter_failure);
}

const char* PropertyStatusWord(Outcome o) {
  switch (o) {
    case Outcome::kPassed: return "passed";
    case Outcome::kFailed: return "FAILED";
    case Outcome::kExpectedFail: return "expected-fail";
    case Outcome::kUnexpectedPass: return "unexpected-pass";
    case Outcome::kUnsupported: return "unsupported";
    case Outcome::kAdapterFailure: return "ADAPTER-FAILURE";
  }
  return "?";
}

}  // namespace

void PrintConsoleSummary(std::ostream& console, const ImplementationRun& run) {
  // Adapter text (stderr in details, the implementation's name) may hold
  // terminal escapes or NULs: the whole summary is written escaped.
  std::ostringstream out;
  Totals cases = TallyCases(run);
  out << "\n== " << run.impl << ": " << (run.info.implementation.empty() ? "(no handshake)" : run.info.implementation)
      << "\n";
  out << fmt::format("   profile {}, seed {}, effort {}; {} cases in {:.2f} s ({:.0f} cases/s), {:.2f} s in all\n",
                     run.profile, run.seed, run.effort.empty() ? "-" : run.effort, run.cases.size(), run.case_seconds,
                     run.case_seconds > 0 ? static_cast<double>(run.cases.size()) / run.case_seconds : 0.0,
                     run.seconds);
  if (!run.expected_failures_file.empty()) out << "   expected failures from " << run.expected_failures_file << "\n";

  if (!run.cases.empty()) {
    out << "\n"
        << fmt::format("  {:<16} {:>6} {:>6} {:>13} {:>15} {:>11} {:>15}\n", "area", "passed", "failed",
                       "expected-fail", "unexpected-pass", "unsupported", "adapter-failure");
    for (const auto& [area, t] : TallyByArea(run)) Row(out, area, t);
    Row(out, "total", cases);
  }

  if (!run.properties.empty()) {
    out << "\nproperties\n";
    for (const PropertyReport& p : run.properties) {
      const PropertyResult& r = p.result;
      out << fmt::format("  {:<15} {:<36} {:>6} runs  seed {}\n", PropertyStatusWord(p.outcome), r.id, r.runs, r.seed);
      if (p.outcome != Outcome::kPassed && !r.detail.empty()) out << Indent(ClipLongLines(r.detail), "      ") << "\n";
      if (!r.counterexample_path.empty()) out << "      counterexample: " << r.counterexample_path << "\n";
      if (!r.replay_command.empty()) out << "      replay: " << r.replay_command << "\n";
    }
  }

  int unexpected = 0;
  for (const CaseReport& c : run.cases) unexpected += IsUnexpectedFailure(c.outcome);
  if (unexpected) {
    out << "\nunexpected failures (" << unexpected << ")\n";
    const std::string* previous_detail = nullptr;
    for (const CaseReport& c : run.cases) {
      if (!IsUnexpectedFailure(c.outcome)) continue;
      out << "  " << VerdictName(c.result.verdict) << " " << c.spec->id << "  [" << JoinedClauses(*c.spec) << "]\n";
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
  }
  auto list = [&](Outcome o, const std::string& title) {
    int n = 0;
    for (const CaseReport& c : run.cases) n += c.outcome == o;
    if (!n) return;
    out << "\n" << title << " (" << n << ")\n";
    for (const CaseReport& c : run.cases) {
      if (c.outcome != o) continue;
      std::string why = o == Outcome::kUnsupported ? c.result.detail : c.expected_reason;
      out << "  " << c.spec->id << (why.empty() ? "" : ": " + FirstLine(why)) << "\n";
      if (!c.counterexample_path.empty()) out << "    counterexample: " << c.counterexample_path << "\n";
    }
  };
  list(Outcome::kExpectedFail, "expected failures");
  list(Outcome::kUnexpectedPass, "unexpected passes: listed as expected failures but passed; update the list");
  list(Outcome::kUnsupported, "unsupported");
  if (!run.stale_expected.empty()) {
    out << "\nexpected-failure entries matching no case or property:";
    for (const std::string& s : run.stale_expected) out << " " << s;
    out << "\n";
  }
  if (!run.counterexample_dir.empty()) out << "\ncounterexamples written under " << run.counterexample_dir << "\n";

  Totals props = TallyProperties(run);
  int bad = cases.unexpected() + props.unexpected();
  out << "\nresult for " << run.impl << ": " << (bad ? "FAIL" : "PASS") << ": " << cases.passed << " passed, "
      << cases.failed << " failed, " << cases.expected_fail << " expected failures, " << cases.unexpected_pass
      << " unexpected passes, " << cases.unsupported << " unsupported, " << cases.adapter_failure
      << " adapter failures; properties " << props.passed << "/" << run.properties.size() << " passed\n";
  console << traces::EscapeControlBytes(out.str());
}

}  // namespace conformance
