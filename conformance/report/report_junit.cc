#include "conformance/report/report_junit.h"

#include <fmt/format.h>

#include <map>

namespace conformance {
namespace {

struct SuiteCounts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  std::string body;
};

void AddCase(SuiteCounts& s, const std::string& classname, const std::string& name, double seconds, Outcome outcome,
             const std::string& detail, const std::string& extra) {
  ++s.tests;
  s.seconds += seconds;
  s.body += fmt::format("    <testcase classname=\"{}\" name=\"{}\" time=\"{:.6f}\"", XmlEscape(classname),
                        XmlEscape(name), seconds);
  std::string first = detail.substr(0, detail.find('\n'));
  switch (outcome) {
    case Outcome::kPassed:
      s.body += "/>\n";
      return;
    case Outcome::kDiffers:  // not a failure at --level documented: a passing test that says how it differs
      s.body += fmt::format(">\n      <system-out>differs from CPython only where CPython decides (--level documented): "
                            "{}{}</system-out>\n    </testcase>\n",
                            XmlEscape(detail), XmlEscape(extra));
      return;
    case Outcome::kUnexpectedPass:
      s.body += ">\n      <system-out>unexpected pass: listed as an expected failure";
      if (!detail.empty()) s.body += " (" + XmlEscape(detail) + ")";
      s.body += "</system-out>\n    </testcase>\n";
      return;
    case Outcome::kFailed:
      ++s.failures;
      s.body += fmt::format(">\n      <failure message=\"{}\">{}{}</failure>\n    </testcase>\n", XmlEscape(first),
                            XmlEscape(detail), XmlEscape(extra));
      return;
    case Outcome::kAdapterFailure:
      ++s.errors;
      s.body += fmt::format(">\n      <error message=\"{}\">{}{}</error>\n    </testcase>\n", XmlEscape(first),
                            XmlEscape(detail), XmlEscape(extra));
      return;
    case Outcome::kExpectedFail:
      ++s.skipped;
      s.body += fmt::format(">\n      <skipped message=\"expected failure: {}\"/>\n    </testcase>\n", XmlEscape(detail));
      return;
    case Outcome::kUnsupported:
      ++s.skipped;
      s.body += fmt::format(">\n      <skipped message=\"unsupported: {}\"/>\n    </testcase>\n", XmlEscape(detail));
      return;
  }
}

std::string SuiteXml(const std::string& name, const SuiteCounts& s) {
  return fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{:.6f}\">\n{}"
                     "  </testsuite>\n",
                     XmlEscape(name), s.tests, s.failures, s.errors, s.skipped, s.seconds, s.body);
}

std::string ImplName(const ImplementationRun& run) {
  return run.impl.rfind("python:", 0) == 0 || run.impl.rfind("cmd:", 0) == 0 ? run.label : run.impl;
}

}  // namespace

std::string XmlEscape(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default:
        if ((c < 0x20 && c != '\n' && c != '\t') || c >= 0x7f) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::string RenderJUnit(const std::vector<ImplementationRun>& runs) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"asynchat-conformance\">\n";
  for (const ImplementationRun& run : runs) {
    // Where two runs would share a suite name (the same --impl twice), the
    // labels, unique within a run, tell them apart.
    std::string impl = ImplName(run);
    for (const ImplementationRun& other : runs) {
      if (&other != &run && ImplName(other) == impl) impl = run.label;
    }
    std::map<std::string, SuiteCounts> suites;
    for (const CaseReport& c : run.cases) {
      const std::string suite = impl + "." + AreaOf(c.spec->id);
      std::string detail = c.outcome == Outcome::kExpectedFail || c.outcome == Outcome::kUnexpectedPass
                               ? c.expected_reason
                               : c.result.detail;
      std::string extra;
      if (c.group >= 0) {
        extra += fmt::format("\nroot cause {}: {} ({} cases)", c.group + 1, run.groups[c.group].signature.title,
                             run.groups[c.group].cases.size());
        if (!run.groups[c.group].counterexample_path.empty() && c.counterexample_path.empty()) {
          extra += "\nthe group's counterexample: " + run.groups[c.group].counterexample_path;
        }
      }
      if (!c.counterexample_path.empty()) extra += "\ncounterexample: " + c.counterexample_path;
      if (!c.replay_command.empty()) extra += "\nreplay: " + c.replay_command;
      AddCase(suites[suite], suite, c.spec->id, c.result.seconds, c.outcome, detail, extra);
    }
    for (const auto& [name, s] : suites) xml += SuiteXml(name, s);
    if (!run.properties.empty()) {
      SuiteCounts props;
      for (const PropertyReport& p : run.properties) {
        std::string extra;
        if (!p.result.counterexample_path.empty()) extra += "\ncounterexample: " + p.result.counterexample_path;
        if (!p.result.replay_command.empty()) extra += "\nreplay: " + p.result.replay_command;
        extra += "\nseed: " + std::to_string(p.result.seed);
        AddCase(props, impl + ".property", p.result.id, p.seconds, p.outcome,
                p.outcome == Outcome::kExpectedFail ? p.expected_reason : p.result.detail, extra);
      }
      xml += SuiteXml(impl + ".property", props);
    }
  }
  return xml + "</testsuites>\n";
}

}  // namespace conformance
