// scenario_to_trace: a finding of a trace-shaped fuzz target, as a readable
// trace that replays against any implementation (tools/fuzz_all writes it to
// traces/regressions/).
//
//   scenario_to_trace --target=NAME INPUT [OUTPUT]
//
// NAME is framing_core_fuzzer, output_queue_fuzzer or
// async_chat_session_fuzzer. The input is decoded exactly as the target
// decodes it; the trace's outputs are the model's transcript (what the
// documents say should happen), its header says `origin fuzz-finding NAME`,
// and `note` lines carry what the target reported (the first difference, or
// the violated invariant). A session scenario that frames input before any
// set_terminator gets `set_terminator none` first: the reference's default,
// which the model (like CPython) does not assume.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "fuzz/model_differential.h"
#include "fuzz/scenario_codec.h"
#include "fuzz/session_checker.h"
#include "traces/trace.h"
#include "traces/trace_format.h"

namespace {

void AddNotes(traces::Trace* t, const std::string& text, std::size_t max_lines) {
  std::istringstream in(text);
  std::string line;
  for (std::size_t n = 0; n < max_lines && std::getline(in, line); ++n) {
    if (line.rfind("--- ", 0) == 0) break;  // the transcripts follow; the trace itself shows them
    t->notes.push_back(line);
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Usage errors (status 2): an unknown option, a missing INPUT, a third
  // argument, an unknown --target; each named before the usage line.
  auto usage = [](const std::string& problem) {
    std::fprintf(stderr,
                 "scenario_to_trace: %s\nusage: scenario_to_trace --target=framing_core_fuzzer|output_queue_fuzzer|"
                 "async_chat_session_fuzzer INPUT [OUTPUT]\n",
                 problem.c_str());
    return 2;
  };
  std::string target, input, output;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--target=", 0) == 0) {
      target = a.substr(9);
    } else if (a.size() > 1 && a[0] == '-') {
      return usage("unknown option " + a);
    } else if (++positional == 1) {
      input = a;
    } else if (positional == 2) {
      output = a;
    } else {
      return usage("unexpected argument " + a);
    }
  }
  fuzz::Surface surface;
  if (target == "framing_core_fuzzer") surface = fuzz::Surface::kFraming;
  else if (target == "output_queue_fuzzer") surface = fuzz::Surface::kOutput;
  else if (target == "async_chat_session_fuzzer") surface = fuzz::Surface::kSession;
  else return usage(target.empty() ? "--target is required" : "unknown --target " + target);
  if (input.empty()) return usage("INPUT is required");
  std::ifstream in(input, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "scenario_to_trace: cannot read %s\n", input.c_str());
    return 1;
  }
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  traces::Trace scenario = fuzz::DecodeScenario(bytes, surface);
  if (surface == fuzz::Surface::kSession &&
      (scenario.records.empty() || scenario.records.front().verb != "set_terminator")) {
    scenario.records.insert(scenario.records.begin(),
                            traces::Record{traces::Record::Direction::kInput, fuzz::kChannel, "set_terminator",
                                           {traces::Arg{traces::Arg::Kind::kWord, "none"}}, 0});
  }

  std::string finding;
  if (surface == fuzz::Surface::kSession) {
    try {
      fuzz::CheckSession(scenario);
    } catch (const fuzz::InvariantViolation& e) {
      finding = std::string("invariant violated: ") + e.what();
    }
  } else if (auto report = fuzz::CompareWithModel(scenario)) {
    finding = *report;
  }

  traces::Trace t;
  try {
    t = fuzz::ExpectedTrace(scenario, "fuzz-finding " + target);
  } catch (const std::exception& e) {
    t = scenario;
    t.origin = "fuzz-finding " + target;
    t.notes.push_back(std::string("the model could not run it: ") + e.what());
  }
  const std::string name = input.substr(input.find_last_of('/') + 1);
  t.description = "fuzz finding of " + target + " (" + name + "); outputs are the model's";
  if (finding.empty()) t.notes.push_back("the finding no longer reproduces in this build");
  AddNotes(&t, finding, 12);

  const std::string text = traces::FormatTrace(t);
  if (output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
  } else {
    std::ofstream out(output, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      std::fprintf(stderr, "scenario_to_trace: cannot write %s\n", output.c_str());
      return 1;
    }
  }
  return 0;
}
