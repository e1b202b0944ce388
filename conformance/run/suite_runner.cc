#include "conformance/run/suite_runner.h"

#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "base/runfiles.h"
#include "conformance/driver/interrupt.h"
#include "conformance/properties/property_suite.h"
#include "conformance/run/counterexample.h"
#include "conformance/run/failure_signature.h"
#include "conformance/run/trace_shrinker.h"

namespace conformance {
namespace {

// Whether a case that failed only differs from CPython (level.h), counting
// the cpython-decided clauses its expected transcript shows at work.
bool OnlyDiffersFromCpython(const CaseResult& r, const std::vector<std::string>& cited,
                            const std::vector<traces::Record>& expected) {
  if (r.verdict != Verdict::kFail) return false;
  std::vector<std::string> clauses = cited;
  for (std::string& id : ExhibitedCpythonClauses(expected, r.actual)) clauses.push_back(std::move(id));
  return !FailsAtLevel(Level::kDocumented,
                       FailedCase{BasesOf(clauses), r.same_meaning, r.same_meaning_when_drained, r.unexpected_error});
}

// A failing property: its shrunk counterexample, run again as a case, says
// whether the failure only differs from CPython. False when none was
// written or it does not fail again the same way.
bool PropertyOnlyDiffersFromCpython(Adapter& adapter, const PropertyResult& p) {
  if (p.verdict != Verdict::kFail || p.counterexample_path.empty()) return false;
  try {
    const TraceCase t = TraceFileCase(base::UserPath(p.counterexample_path), p.id, p.counterexample_path);
    const PreparedCase prepared = PrepareCase(t.spec, t.source_file);
    if (!prepared.error.empty()) return false;
    const CaseResult r = RunPreparedCase(adapter, prepared);
    return OnlyDiffersFromCpython(r, t.spec.clauses, JudgedAgainst(prepared, r).records);
  } catch (const std::exception&) {
    return false;
  }
}

bool IsPython(const std::string& impl) { return impl.rfind("python:", 0) == 0; }

// A directory name for an implementation's counterexamples.
std::string Slug(const std::string& impl) {
  if (IsPython(impl)) return "python-" + std::filesystem::path(impl.substr(7)).stem().string();
  if (impl.rfind("cmd:", 0) == 0) return "command";
  return impl;
}

// A directory name made of a label: letters, digits, '.', '_' and '-' kept,
// any run of other characters one '-'.
std::string SlugOfLabel(const std::string& label) {
  std::string out;
  for (char c : label) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') {
      out += c;
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  if (out.empty() || out == "." || out == "..") out = "impl";
  return out;
}

// The parent folder of a python:FILE's file ("a" for python:a/x.py, from the
// path the user meant), or "" if it has none.
std::string ParentFolder(const std::string& impl) {
  std::filesystem::path p = std::filesystem::path(base::UserPath(impl.substr(7))).lexically_normal();
  return p.parent_path().filename().string();
}

// How often names[i] occurs, and how many of those come before i.
struct Occurrences {
  int total = 0, before = 0;
};
Occurrences CountOf(const std::vector<std::string>& names, std::size_t i) {
  Occurrences o;
  for (std::size_t j = 0; j < names.size(); ++j) {
    if (names[j] != names[i]) continue;
    ++o.total;
    if (j < i) ++o.before;
  }
  return o;
}

// Every name that occurs more than once gets `sep` and its occurrence number;
// repeated until all differ (a number may make one equal to another).
void Number(std::vector<std::string>& names, const std::string& sep) {
  for (bool again = true; again;) {
    again = false;
    std::vector<std::string> next = names;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const Occurrences o = CountOf(names, i);
      if (o.total > 1) {
        next[i] = names[i] + sep + std::to_string(o.before + 1);
        again = true;
      }
    }
    names = std::move(next);
  }
}

}  // namespace

void CheckLabels(std::size_t implementations, const std::vector<std::string>& labels) {
  if (labels.empty()) return;
  if (labels.size() != implementations) {
    throw std::invalid_argument(fmt::format("--label: {} label{} for {} implementation{} (give one per --impl or "
                                            "--impl-cmd, in their order)",
                                            labels.size(), labels.size() == 1 ? "" : "s", implementations,
                                            implementations == 1 ? "" : "s"));
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i].find_first_not_of(" \t\n") == std::string::npos) throw std::invalid_argument("--label: a label is empty");
    for (std::size_t j = 0; j < i; ++j) {
      if (labels[j] == labels[i]) throw std::invalid_argument("--label: '" + labels[i] + "' is given twice");
    }
  }
}

std::vector<RunName> NameRuns(const std::vector<std::string>& impls, const std::vector<AdapterInfo>& infos,
                              const std::vector<std::string>& given) {
  CheckLabels(impls.size(), given);
  std::vector<std::string> labels, slugs;
  for (std::size_t i = 0; i < impls.size(); ++i) {
    if (!given.empty()) {
      labels.push_back(given[i]);
      slugs.push_back(SlugOfLabel(given[i]));
    } else {
      labels.push_back(Label(impls[i], i < infos.size() ? infos[i] : AdapterInfo{}));
      slugs.push_back(Slug(impls[i]));
    }
  }
  if (given.empty()) {
    // Two files of the same name: told apart by their folders.
    std::vector<std::string> first_labels = labels, first_slugs = slugs;
    for (std::size_t i = 0; i < impls.size(); ++i) {
      if (!IsPython(impls[i])) continue;
      const std::string folder = ParentFolder(impls[i]);
      if (folder.empty()) continue;
      const std::string file = std::filesystem::path(impls[i].substr(7)).filename().string();
      if (CountOf(first_labels, i).total > 1) labels[i] = "python:" + folder + "/" + file;
      if (CountOf(first_slugs, i).total > 1) {
        slugs[i] = "python-" + SlugOfLabel(folder) + "-" + std::filesystem::path(file).stem().string();
      }
    }
  }
  Number(labels, " #");
  Number(slugs, "-");
  std::vector<RunName> names;
  for (std::size_t i = 0; i < impls.size(); ++i) names.push_back({labels[i], slugs[i]});
  return names;
}

int RunsFor(const std::string& effort) {
  // Through a process adapter one property run costs a few milliseconds; the
  // default keeps the whole run against CPython to seconds.
  if (effort == "quick") return 20;
  if (effort == "thorough") return 1000;
  return 100;
}

std::string Label(const std::string& impl, const AdapterInfo& info) {
  if (impl == "cpython") {
    // "CPython 3.11.2 asynchat (...)" -> "CPython 3.11"
    const std::string& s = info.implementation;
    std::size_t at = s.find("CPython ");
    if (at == std::string::npos) return "CPython";
    std::size_t begin = at + 8, end = begin, dots = 0;
    while (end < s.size() && (std::isdigit(static_cast<unsigned char>(s[end])) || s[end] == '.')) {
      if (s[end] == '.' && ++dots == 2) break;
      ++end;
    }
    return end > begin ? "CPython " + s.substr(begin, end - begin) : "CPython";
  }
  if (impl == "reference-process") return "reference (process)";
  if (impl.rfind("python:", 0) == 0) return "python:" + std::filesystem::path(impl.substr(7)).filename().string();
  if (impl.rfind("cmd:", 0) == 0) return "command";
  return impl;
}

SuiteRunner::SuiteRunner(const Selection& selection, RunOptions options)
    : selection_(selection), o_(std::move(options)) {
  for (const SelectedCase& s : selection_.cases) prepared_.push_back(PrepareCase(*s.spec, s.source_file));
}

SuiteRunner::~SuiteRunner() {
  if (temp_dir_.empty()) return;
  // The properties need a directory before they know whether they fail;
  // leave none behind when nothing was written (remove() spares non-empty ones).
  std::error_code ec;
  for (const std::string& slug : slugs_) {
    std::filesystem::remove(temp_dir_ + "/" + slug + "/counterexamples", ec);
    std::filesystem::remove(temp_dir_ + "/" + slug, ec);
  }
  std::filesystem::remove(temp_dir_, ec);
}

void SuiteRunner::Progress(const std::string& line) const {
  if (o_.progress) o_.progress(line);
}

std::string SuiteRunner::CounterexampleDir(bool& explicit_dir) {
  explicit_dir = !o_.counterexamples_dir.empty();
  if (std::find(slugs_.begin(), slugs_.end(), slug_) == slugs_.end()) slugs_.push_back(slug_);
  if (explicit_dir) return o_.counterexamples_dir + "/" + slug_ + "/counterexamples";
  if (temp_dir_.empty()) {
    const char* base = std::getenv("TEST_TMPDIR");
    std::string tmpl = (base ? std::string(base) : std::filesystem::temp_directory_path().string()) +
                       "/asynchat-conformance-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) == nullptr) throw std::runtime_error("cannot create a directory like " + tmpl);
    temp_dir_ = buf.data();
  }
  return temp_dir_ + "/" + slug_ + "/counterexamples";
}

namespace {

bool IsCheckedInCounterexample(const Case& c) {
  return std::find(c.tags.begin(), c.tags.end(), "origin:counterexample") != c.tags.end();
}

}  // namespace

void SuiteRunner::WriteCounterexamples(Adapter& adapter, ImplementationRun& run) {
  // An adapter that never handshook fails every case the same way; a trace
  // per case would say nothing the summary does not.
  if (adapter.info().protocol_version == 0) return;
  bool explicit_dir = false;
  std::string dir;
  int written = 0;
  const std::string flag = ImplFlag(run.impl);
  // A checked-in counterexample is already minimal: its cases point at it.
  for (std::size_t i = 0; i < run.cases.size(); ++i) {
    CaseReport& c = run.cases[i];
    if (c.group >= 0 && IsCheckedInCounterexample(*c.spec)) {
      c.replay_command = ReplayCommand(selection_.cases[i].source_file, flag);
    }
  }
  // One counterexample per root cause: the group's smallest case, shrunk
  // while it keeps the group's signature. The others would show the same.
  for (FailureGroup& g : run.groups) {
    // Without --counterexamples only what needs attention is shrunk.
    if (dir.empty()) dir = CounterexampleDir(explicit_dir);
    if (!explicit_dir && g.unexpected == 0) continue;
    std::size_t best = run.cases.size();
    for (std::size_t i : g.cases) {
      const CaseReport& c = run.cases[i];
      if (!explicit_dir && !IsUnexpectedFailure(c.outcome)) continue;
      // A case-error is the suite's own fault: nothing to show of the implementation.
      if (c.result.verdict == Verdict::kCaseError) continue;
      if (best == run.cases.size() ||
          CountInputs(c.spec->scenario) < CountInputs(run.cases[best].spec->scenario)) {
        best = i;
      }
    }
    if (best == run.cases.size()) continue;
    CaseReport& c = run.cases[best];
    const Case& spec = *c.spec;
    if (IsCheckedInCounterexample(spec)) {
      g.counterexample_path = selection_.cases[best].source_file;
      g.counterexample_inputs = CountInputs(spec.scenario);
      g.replay_command = c.replay_command;
      continue;
    }
    // Shrinking costs up to --shrink-attempts runs of the case; a few minimal
    // counterexamples say what the rest would.
    const int max = o_.max_counterexamples >= 0 ? o_.max_counterexamples : explicit_dir ? 1 << 30 : 25;
    if (written >= max) {
      if (run.root_causes_without_counterexample++ == 0) {
        Progress(fmt::format("{}: {} counterexamples written; not shrinking the other root causes "
                             "(--max-counterexamples {})", run.impl, written, max));
      }
      run.counterexample_limit = max;
      continue;
    }
    ShrinkOptions so;
    so.max_attempts = o_.shrink_attempts;
    Counterexample ce = MakeCounterexample(adapter, prepared_[best], c.result, run.info.implementation, so);
    std::string shown = dir + "/" + spec.id + ".trace";
    WriteCounterexample(ce.trace, explicit_dir ? base::UserPath(shown) : shown);
    ++written;
    c.counterexample_path = g.counterexample_path = shown;
    c.counterexample_inputs = g.counterexample_inputs = ce.inputs_after;
    c.replay_command = g.replay_command = ReplayCommand(shown, flag);
    if (ce.shrunk) {
      Progress(fmt::format("{}: {} shrunk from {} to {} inputs in {} attempts", run.impl, spec.id, ce.inputs_before,
                           ce.inputs_after, ce.stats.attempts));
    } else {
      Progress(fmt::format("{}: {} written as it is ({} inputs; {})", run.impl, spec.id, ce.inputs_after,
                           VerdictName(c.result.verdict)));
    }
  }
  if (written) run.counterexample_dir = dir;
}

void SuiteRunner::RunProperties(Adapter& adapter, ImplementationRun& run, const ExpectedFailures* expected) {
  if (selection_.property_ids.empty()) return;
  bool explicit_dir = false;
  PropertyOptions po;
  po.seed = run.seed;
  po.runs = RunsFor(o_.effort);
  po.counterexample_dir = CounterexampleDir(explicit_dir);  // as shown; the writer resolves it
  po.replay_impl_flag = ImplFlag(run.impl);
  for (const std::string& id : selection_.property_ids) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<PropertyResult> results = RunPropertySuite(adapter, po, id);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (PropertyResult& r : results) {
      // Said after the property ran: only then is it known whether it could.
      if (r.verdict == Verdict::kUnsupported) {
        Progress(fmt::format("{}: property {} unsupported", run.impl, id));
      } else {
        Progress(fmt::format("{}: property {} {} ({} runs, {:.2f} s)", run.impl, id, VerdictName(r.verdict), r.runs,
                             seconds));
      }
      PropertyReport p;
      p.seconds = results.size() == 1 ? seconds : 0;
      const Verdict v = r.verdict;
      const ExpectedFailures::Entry* e = expected ? expected->Find(r.id) : nullptr;
      p.cpython_only = PropertyOnlyDiffersFromCpython(adapter, r);
      p.outcome = OutcomeOf(v, e != nullptr, p.cpython_only && o_.level == Level::kDocumented);
      if (e) p.expected_reason = e->reason;
      if (!r.counterexample_path.empty()) run.counterexample_dir = CounterexampleDir(explicit_dir);
      p.result = std::move(r);
      run.properties.push_back(std::move(p));
    }
  }
}

ImplementationRun SuiteRunner::Run(const std::string& impl, const RunName& name, Adapter& adapter,
                                   const ExpectedFailures* expected) {
  auto start = std::chrono::steady_clock::now();
  SetRunningImplementation(impl);
  ImplementationRun run;
  run.impl = impl;
  run.info = adapter.info();
  run.label = name.label;
  slug_ = name.slug;
  run.profile = o_.profile;
  run.level = o_.level;
  run.effort = selection_.property_ids.empty() ? "" : o_.effort;
  run.seed = o_.seed;
  if (expected) run.expected_failures_file = o_.expected_failures_file;
  Progress(fmt::format("{}: {} ({} cases, {} properties)", impl,
                       run.info.implementation.empty() ? "no handshake" : run.info.implementation, selection_.cases.size(),
                       selection_.property_ids.size()));

  const std::size_t n = selection_.cases.size();
  auto last_report = std::chrono::steady_clock::now();
  int unexpected = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (o_.max_failures > 0 && unexpected >= o_.max_failures) {
      run.cases_not_run = n - i;
      Progress(fmt::format("{}: stopping after {} unexpected failures (--max-failures): {} of {} cases not run", impl,
                           unexpected, n - i, n));
      break;
    }
    CaseReport c;
    c.spec = selection_.cases[i].spec;
    c.result = RunPreparedCase(adapter, prepared_[i]);
    const ExpectedFailures::Entry* e = expected ? expected->Find(c.spec->id) : nullptr;
    if (c.result.verdict == Verdict::kFail) {
      c.cpython_only = OnlyDiffersFromCpython(c.result, c.spec->clauses, JudgedAgainst(prepared_[i], c.result).records);
    }
    c.outcome = OutcomeOf(c.result.verdict, e != nullptr, c.cpython_only && o_.level == Level::kDocumented);
    if (e) c.expected_reason = e->reason;
    if (c.result.verdict != Verdict::kPass && c.result.verdict != Verdict::kUnsupported) {
      c.signature = ResultSignature(c.result.verdict, c.result.detail, c.spec->profile,
                                    JudgedAgainst(prepared_[i], c.result).records, c.result.actual);
    }
    unexpected += IsUnexpectedFailure(c.outcome);
    run.cases.push_back(std::move(c));
    auto now = std::chrono::steady_clock::now();
    if (i + 1 == n || now - last_report > std::chrono::seconds(2) || (i + 1) % std::max<std::size_t>(1, n / 4) == 0) {
      last_report = now;
      Progress(fmt::format("{}: {}/{} cases ({}%), {} unexpected failures", impl, i + 1, n, (i + 1) * 100 / n,
                           unexpected));
    }
  }
  run.case_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  GroupFailures(run);
  WriteCounterexamples(adapter, run);
  // A run stopped early has failed already; the properties would only add time.
  if (run.cases_not_run == 0) RunProperties(adapter, run, expected);

  if (expected && run.cases_not_run == 0) {
    std::vector<std::string> ids;
    for (const CaseReport& c : run.cases) ids.push_back(c.spec->id);
    for (const PropertyReport& p : run.properties) ids.push_back(p.result.id);
    // Only meaningful when everything ran: a filtered run leaves entries unmatched.
    if (selection_.whole_suite) {
      // Without the properties, entries for them are not stale: count every
      // property as seen.
      if (run.properties.empty()) {
        for (const std::string& id : PropertyIds()) ids.push_back(id);
      }
      for (const ExpectedFailures::Entry& e : expected->Unused(ids)) {
        run.stale_expected.push_back(e.pattern + " (" + expected->file() + ":" + std::to_string(e.line) + ")");
      }
    }
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return run;
}

}  // namespace conformance
