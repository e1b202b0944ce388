// trace: record, replay and compare traces (traces/FORMAT.md).
//
//   trace record SCENARIO [-o OUT]   run a scenario's inputs (its '<' lines are
//                                    ignored) on the reference; write the trace
//   trace replay FILE [--impl reference] [--profile strict|semantic]
//                                    replay; exit 1 with the first difference
//   trace diff A B                   compare two traces' records; exit 1 if they differ
//   trace record-live echo [-o OUT]  run the PyMOTW echo example over 127.0.0.1
//                                    under the live recorder; write the trace
//                                    (after checking it replays exactly)
//
// Exit status: 0 success, 1 mismatch, 2 bad usage or malformed input.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "traces/live_echo.h"
#include "traces/live_recorder.h"
#include "traces/reference_replay.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace {

// Under `bazel run` the working directory is the runfiles tree; resolve
// relative paths against the directory the user ran the command from.
std::string UserPath(const std::string& path) {
  const char* wd = std::getenv("BUILD_WORKING_DIRECTORY");
  if (path.empty() || path == "-" || path[0] == '/' || wd == nullptr) return path;
  return std::string(wd) + "/" + path;
}

int Record(const std::string& scenario_path, const std::string& out_path) {
  traces::Trace scenario = traces::ReadTraceFile(UserPath(scenario_path));
  traces::Trace trace = scenario;
  trace.records = traces::ReplayOnReference(scenario);
  std::string text = traces::FormatTrace(trace);
  if (out_path.empty() || out_path == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream out(UserPath(out_path), std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << "trace record: cannot write " << out_path << "\n";
    return 2;
  }
  std::cerr << "trace record: wrote " << trace.records.size() << " records to " << out_path << "\n";
  return 0;
}

int Replay(const std::string& path, const std::string& impl, const std::string& profile_name) {
  if (impl != "reference") {
    std::cerr << "trace replay: --impl " << impl << " is not available yet (only: reference)\n";
    return 2;
  }
  traces::Trace trace = traces::ReadTraceFile(UserPath(path));
  traces::Profile profile = trace.profile;
  if (profile_name == "strict") profile = traces::Profile::kStrict;
  if (profile_name == "semantic") profile = traces::Profile::kSemantic;
  std::vector<traces::Record> actual = traces::ReplayOnReference(trace);
  if (auto m = traces::CompareTranscript(trace, actual, profile)) {
    std::cout << "MISMATCH " << m->message << "\n";
    return 1;
  }
  std::cout << "ok " << path << " (" << trace.records.size() << " records, " << impl << ", "
            << (profile == traces::Profile::kStrict ? "strict" : "semantic") << ")\n";
  return 0;
}

// Writes `text` to stdout ("" or "-") or to out_path; 2 if it cannot.
int WriteOut(const std::string& text, const std::string& out_path, const char* who, std::size_t records) {
  if (out_path.empty() || out_path == "-") {
    std::cout << text;
    return 0;
  }
  std::ofstream out(UserPath(out_path), std::ios::binary);
  out << text;
  if (!out) {
    std::cerr << who << ": cannot write " << out_path << "\n";
    return 2;
  }
  std::cerr << who << ": wrote " << records << " records to " << out_path << "\n";
  return 0;
}

// record-live: a live run of an example over loopback sockets, recorded.
// Exit 1 when the run fails or cannot be recorded faithfully.
int RecordLive(const std::string& example, const std::string& out_path, int max_passes, double pass_timeout) {
  if (example != "echo") {
    std::cerr << "trace record-live: unknown example " << example << " (available: echo)\n";
    return 2;
  }
  traces::LiveEchoRun run;
  try {
    run = traces::RecordEchoOverLoopback(traces::LiveEchoOptions{max_passes, pass_timeout});
  } catch (const std::exception& e) {  // RecordingError, or a socket that could not be set up
    std::cerr << "trace record-live: " << e.what() << "\n";
    return 1;
  }
  return WriteOut(traces::FormatTrace(run.trace), out_path, "trace record-live", run.trace.records.size());
}

int Diff(const std::string& a_path, const std::string& b_path) {
  traces::Trace a = traces::ReadTraceFile(UserPath(a_path));
  traces::Trace b = traces::ReadTraceFile(UserPath(b_path));
  if (auto m = traces::CompareTranscript(a, b.records, traces::Profile::kStrict)) {
    std::cout << "DIFFERENT " << m->message << "\n";
    return 1;
  }
  std::cout << "same records\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Record, replay and compare asynchat traces (see traces/FORMAT.md)."};
  app.require_subcommand(1);

  std::string scenario, out_path;
  CLI::App* record = app.add_subcommand("record", "Run a scenario's inputs on the reference and write the trace");
  record->add_option("scenario", scenario, "trace file whose '>' lines are the inputs")->required();
  record->add_option("-o,--output", out_path, "where to write the trace (default: stdout)");

  std::string replay_path, impl = "reference", profile = "trace";
  CLI::App* replay = app.add_subcommand("replay", "Replay a trace against an implementation");
  replay->add_option("file", replay_path, "trace file")->required();
  replay->add_option("--impl", impl, "implementation: reference")->capture_default_str();
  replay->add_option("--profile", profile, "strict, semantic, or trace (the trace's own)")
      ->check(CLI::IsMember({"strict", "semantic", "trace"}))
      ->capture_default_str();

  std::string a, b;
  CLI::App* diff = app.add_subcommand("diff", "Compare the records of two traces");
  diff->add_option("a", a, "first trace")->required();
  diff->add_option("b", b, "second trace")->required();

  std::string live_example, live_out;
  int live_max_passes = 500;
  double live_pass_timeout = 0.05;
  CLI::App* record_live =
      app.add_subcommand("record-live", "Run an example over 127.0.0.1 under the live recorder and write the trace");
  record_live->add_option("example", live_example, "example to run: echo")
      ->required()
      ->check(CLI::IsMember({"echo"}));
  record_live->add_option("-o,--output", live_out, "where to write the trace (default: stdout)");
  record_live->add_option("--max-passes", live_max_passes, "give up after this many loop passes")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  record_live->add_option("--pass-timeout", live_pass_timeout, "seconds each loop pass may wait")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : 2;
  }
  try {
    if (*record) return Record(scenario, out_path);
    if (*replay) return Replay(replay_path, impl, profile);
    if (*record_live) return RecordLive(live_example, live_out, live_max_passes, live_pass_timeout);
    return Diff(a, b);
  } catch (const traces::TraceError& e) {
    std::cerr << "trace: " << e.what() << "\n";
    return 2;
  }
}
