// trace: record, replay, compare and minimize traces (traces/FORMAT.md)
// against any implementation the conformance suite can drive.
//
//   trace record SCENARIO [--impl I] [-o OUT]   run a scenario's inputs (its '<'
//                                    lines are ignored) on I; write the trace
//   trace replay FILE [--impl I] [--profile strict|semantic]
//                                    replay; on a mismatch print the first
//                                    differing line with the records before it
//   trace diff A B                   compare two traces' records
//   trace minimize FILE [--impl I] [-o OUT]
//                                    shrink a trace I fails to the smallest one
//                                    it still fails the same way
//   trace --version                  the suite, driver protocol and trace format versions
//   trace record-live echo [-o OUT]  run the PyMOTW echo example over 127.0.0.1
//                                    under the live recorder; write the trace
//                                    (after checking it replays exactly)
//   trace record-python -o DIR -- COMMAND [ARGS...]
//                                    run a Python program (any interpreter
//                                    command) with its async_chat channels
//                                    recorded (traces/recorder/); one trace
//                                    per channel in DIR; COMMAND's exit status
// I is reference (default), reference-process, model, cpython, medusa or
// python:FILE (on --python PATH); --impl-cmd CMD runs any adapter speaking
// conformance/PROTOCOL.md; --memory-limit MIB caps an adapter process.
//
// Exit status: 0 success, 1 mismatch (or a run that cannot be recorded),
// 2 bad usage or malformed input, 3 the implementation could not run the
// trace (a capability it lacks, a crash, a hang).
#include <CLI/CLI.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/file_writer.h"
#include "base/whole_number_option.h"
#include "conformance/driver/adapter_factory.h"
#include "conformance/driver/interrupt.h"
#include "conformance/run/case_runner.h"
#include "conformance/run/counterexample.h"
#include "conformance/suite_version.h"
#include "base/runfiles.h"
#include "reference/harness/live_echo.h"
#include "reference/harness/live_recorder.h"
#include "traces/bytes_escape.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"


namespace {

constexpr int kMismatch = 1;
constexpr int kUsage = 2;
constexpr int kCannotRun = 3;


bool ToStdout(const std::string& out_path) { return out_path.empty() || out_path == "-"; }

// -o checked before anything runs (a minimize can take minutes): "" if the
// trace can be written there, else the message.
std::string OutputProblem(const std::string& out_path) {
  if (ToStdout(out_path)) return "";
  const std::string problem = base::FileWriteProblem(base::UserPath(out_path));
  return problem.empty() ? "" : "-o " + out_path + ": cannot write there: " + problem;
}

// Writes `text` to stdout ("" or "-") or to out_path; kUsage if it cannot.
int WriteOut(const std::string& text, const std::string& out_path, const char* who, std::size_t records) {
  if (ToStdout(out_path)) {
    std::cout << text;
    return 0;
  }
  try {
    base::WriteFile(base::UserPath(out_path), text);
  } catch (const std::runtime_error& e) {
    std::cerr << who << ": " << e.what() << "\n";
    return kUsage;
  }
  std::cerr << who << ": wrote " << records << " records to " << out_path << "\n";
  return 0;
}

// The implementation chosen on the command line: --impl-cmd wins over --impl.
struct ImplChoice {
  std::string impl = "reference";
  std::string command;
  int timeout_ms = 5000;
  std::uint64_t memory_limit_mib = conformance::kDefaultAdapterMemoryLimitMib;
  std::string python;  // "": the default interpreter of python:FILE
  const CLI::Option* command_option = nullptr;
  const CLI::Option* python_option = nullptr;

  // --impl-cmd was given, even as "": an empty command is bad usage (an unset
  // CI variable), never a reason to fall back to --impl.
  bool HasCommand() const { return command_option && command_option->count() > 0; }

  std::unique_ptr<conformance::Adapter> Make() const {
    conformance::AdapterOptions options;
    options.case_time_limit = std::chrono::milliseconds(timeout_ms);
    options.memory_limit_mib = memory_limit_mib;
    conformance::SetRunningImplementation(Name());
    if (!HasCommand()) return conformance::MakeAdapter(impl, options, python);
    try {
      return conformance::MakeCommandAdapter(command, options);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("--impl-cmd: ") + e.what());
    }
  }
  std::string Name() const { return HasCommand() ? "cmd:" + command : impl; }

  // Before anything runs: a --python that cannot run, or that would be
  // ignored, is bad usage. std::invalid_argument naming it.
  void Check() const {
    if (python_option && python_option->count() > 0 && python.empty()) {
      throw std::invalid_argument("--python: the interpreter is empty");
    }
    if (python.empty()) return;
    (void)conformance::PythonInterpreter(python);
    if (HasCommand() || impl.rfind("python:", 0) != 0) {
      throw std::invalid_argument("--python " + python + ": the implementation is not a python:FILE (cpython, medusa "
                                  "and cpython2.7 name their own interpreter)");
    }
  }

  void AddTo(CLI::App* sub) {
    sub->add_option("--impl", impl, "reference, reference-process, model, cpython, medusa or python:FILE")
        ->capture_default_str();
    command_option =
        sub->add_option("--impl-cmd", command, "an adapter command speaking conformance/PROTOCOL.md (/bin/sh -c)");
    sub->add_option("--timeout-ms", timeout_ms, "time limit for a process adapter, in milliseconds")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    sub->add_option("--memory-limit", memory_limit_mib, "address space of the adapter process, in MiB; 0: no limit")
        ->check(base::WholeNumberUpTo(conformance::kMaxAdapterMemoryLimitMib, "a memory limit in MiB"))
        ->capture_default_str();
    python_option = sub->add_option("--python", python,
                    "the interpreter python:FILE runs on (a path, or a name on PATH; default /usr/bin/python3)");
  }
};

// The adapter, or null after printing why it could not start.
std::unique_ptr<conformance::Adapter> Start(const ImplChoice& choice, const char* who) {
  std::unique_ptr<conformance::Adapter> adapter = choice.Make();
  if (adapter->info().protocol_version == 0) {
    // The handshake failed; the first Run says why. Ask with an empty case.
    conformance::CaseOutcome o = adapter->Run("handshake", traces::Trace{});
    std::cerr << who << ": " << choice.Name() << " did not start: " << traces::EscapeControlBytes(o.detail) << "\n";
    return nullptr;
  }
  return adapter;
}

conformance::TraceCase LoadCase(const std::string& path, const std::string& profile_name) {
  conformance::TraceCase tc = conformance::TraceFileCase(base::UserPath(path), "trace " + path, path);
  if (profile_name == "strict") tc.spec.profile = traces::Profile::kStrict;
  if (profile_name == "semantic") tc.spec.profile = traces::Profile::kSemantic;
  return tc;
}

int Record(const std::string& scenario_path, const ImplChoice& choice, const std::string& out_path) {
  choice.Check();
  if (std::string problem = OutputProblem(out_path); !problem.empty()) {
    std::cerr << "trace record: " << problem << "\n";
    return kUsage;
  }
  traces::Trace scenario = conformance::ScenarioOf(traces::ReadTraceFile(base::UserPath(scenario_path)));
  std::unique_ptr<conformance::Adapter> adapter = Start(choice, "trace record");
  if (!adapter) return kCannotRun;
  conformance::CaseOutcome o = adapter->Run(scenario_path, scenario);
  if (o.status != conformance::CaseOutcome::Status::kRan) {
    std::cerr << "trace record: " << choice.Name() << " could not run " << scenario_path << ": "
              << traces::EscapeControlBytes(o.detail) << "\n";
    return kCannotRun;
  }
  traces::Trace trace = scenario;
  trace.records = o.transcript;
  trace.notes.push_back("recorded on " + adapter->info().implementation);
  return WriteOut(traces::FormatTrace(trace), out_path, "trace record", trace.records.size());
}

int Replay(const std::string& path, const ImplChoice& choice, const std::string& profile_name) {
  choice.Check();
  conformance::TraceCase tc = LoadCase(path, profile_name);
  conformance::PreparedCase prepared = conformance::PrepareCase(tc.spec, tc.source_file);
  std::unique_ptr<conformance::Adapter> adapter = Start(choice, "trace replay");
  if (!adapter) return kCannotRun;
  conformance::CaseResult r = conformance::RunPreparedCase(*adapter, prepared);
  const char* profile = tc.spec.profile == traces::Profile::kStrict ? "strict" : "semantic";
  switch (r.verdict) {
    case conformance::Verdict::kPass:
      std::cout << "ok " << path << " (" << prepared.expected.records.size() << " records, " << choice.Name() << ", "
                << profile << ")\n";
      return 0;
    case conformance::Verdict::kFail:
      std::cout << "MISMATCH on " << traces::EscapeControlBytes(adapter->info().implementation) << " (" << profile << ")\n"
                << traces::EscapeControlBytes(r.detail) << "\n";
      return kMismatch;
    default:
      std::cout << conformance::VerdictName(r.verdict) << " " << path << " on " << choice.Name() << ": "
                << traces::EscapeControlBytes(r.detail) << "\n";
      return kCannotRun;
  }
}

int Minimize(const std::string& path, const ImplChoice& choice, const std::string& out_path, int attempts) {
  choice.Check();
  if (std::string problem = OutputProblem(out_path); !problem.empty()) {
    std::cerr << "trace minimize: " << problem << "\n";
    return kUsage;
  }
  conformance::TraceCase tc = LoadCase(path, "trace");
  conformance::PreparedCase prepared = conformance::PrepareCase(tc.spec, tc.source_file);
  std::unique_ptr<conformance::Adapter> adapter = Start(choice, "trace minimize");
  if (!adapter) return kCannotRun;
  conformance::CaseResult r = conformance::RunPreparedCase(*adapter, prepared);
  if (r.verdict == conformance::Verdict::kPass) {
    std::cerr << "trace minimize: " << path << " passes on " << choice.Name() << "; nothing to minimize\n";
    return kMismatch;
  }
  if (r.verdict != conformance::Verdict::kFail) {
    std::cerr << "trace minimize: " << conformance::VerdictName(r.verdict) << " on " << choice.Name() << ": "
              << traces::EscapeControlBytes(r.detail) << "\n";
    return kCannotRun;
  }
  std::cerr << "trace minimize: shrinking " << conformance::CountInputs(prepared.expected) << " inputs (at most "
            << attempts << " runs)\n";
  conformance::ShrinkOptions options;
  options.max_attempts = attempts;
  conformance::Counterexample c =
      conformance::MakeCounterexample(*adapter, prepared, r, adapter->info().implementation, options);
  if (!c.shrunk) std::cerr << "trace minimize: " << c.shrink_note << "; written as is\n";
  else
    std::cerr << "trace minimize: " << c.inputs_before << " -> " << c.inputs_after << " inputs in " << c.stats.attempts
              << " runs" << (c.stats.exhausted ? " (budget spent; may shrink further)" : "") << "\n";
  return WriteOut(traces::FormatTrace(c.trace), out_path, "trace minimize", c.trace.records.size());
}

// record-live: a live run of an example over loopback sockets, recorded.
// Exit 1 when the run fails or cannot be recorded faithfully.
int RecordLive(const std::string& example, const std::string& out_path, int max_passes, double pass_timeout) {
  if (std::string problem = OutputProblem(out_path); !problem.empty()) {
    std::cerr << "trace record-live " << example << ": " << problem << "\n";
    return kUsage;
  }
  harness::LiveEchoRun run;
  try {
    run = harness::RecordEchoOverLoopback(harness::LiveEchoOptions{max_passes, pass_timeout});
  } catch (const std::exception& e) {  // RecordingError, or a socket that could not be set up
    std::cerr << "trace record-live " << example << ": " << e.what() << "\n";
    return kMismatch;
  }
  return WriteOut(traces::FormatTrace(run.trace), out_path, "trace record-live", run.trace.records.size());
}

// record-python: COMMAND runs with traces/recorder/ first on PYTHONPATH, so
// its sitecustomize instruments async_chat (asynchat_recorder.py), and
// ASYNCHAT_RECORD_DIR naming where the traces go. The command runs in the
// directory `trace` was started from; its exit status is passed on (2 when
// it cannot be started), and the traces written are listed on stderr.
int RecordPython(const std::string& out_dir, const std::vector<std::string>& command) {
  namespace fs = std::filesystem;
  const char* who = "trace record-python";
  if (command.empty()) {
    std::cerr << who << ": no command to run (usage: trace record-python -o DIR -- python3 PROGRAM ARGS...)\n";
    return kUsage;
  }
  const fs::path dir = fs::absolute(base::UserPath(out_dir));
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) {
    std::cerr << who << ": -o " << out_dir << ": cannot create the directory: " << ec.message() << "\n";
    return kUsage;
  }
  const std::string recorder_dir = fs::path(base::Runfile("traces/recorder/sitecustomize.py")).parent_path();
  const std::string text_dir = fs::path(base::Runfile("conformance/adapters/python/trace_text.py")).parent_path();
  std::set<std::string> before;
  for (const auto& e : fs::directory_iterator(dir)) before.insert(e.path().filename());

  std::string pythonpath = recorder_dir + ":" + text_dir;
  if (const char* old = std::getenv("PYTHONPATH"); old && *old) pythonpath += std::string(":") + old;
  pid_t pid = fork();
  if (pid < 0) {
    std::cerr << who << ": fork: " << std::strerror(errno) << "\n";
    return kCannotRun;
  }
  if (pid == 0) {
    setenv("PYTHONPATH", pythonpath.c_str(), 1);
    setenv("ASYNCHAT_RECORD_DIR", dir.c_str(), 1);
    if (const char* wd = std::getenv("BUILD_WORKING_DIRECTORY"); wd && *wd && chdir(wd) != 0) _exit(127);
    std::vector<char*> args;
    for (const std::string& a : command) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::cerr << who << ": cannot run " << command[0] << ": " << std::strerror(errno) << "\n";
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  int written = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".trace" && !before.count(e.path().filename())) ++written;
  }
  std::cerr << who << ": " << written << " new trace" << (written == 1 ? "" : "s") << " in " << out_dir << "\n";
  if (WIFEXITED(status)) {
    if (WEXITSTATUS(status) == 127) return kUsage;
    return WEXITSTATUS(status);
  }
  std::cerr << who << ": " << command[0] << " ended by signal " << WTERMSIG(status) << "\n";
  return kCannotRun;
}

int Diff(const std::string& a_path, const std::string& b_path) {
  traces::Trace a = traces::ReadTraceFile(base::UserPath(a_path));
  traces::Trace b = traces::ReadTraceFile(base::UserPath(b_path));
  if (auto m = traces::CompareTranscript(a, b.records, traces::Profile::kStrict)) {
    std::cout << "DIFFERENT " << m->message << "\n";
    return kMismatch;
  }
  std::cout << "same records\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  base::SetRunfilesArgv0(argv[0]);
  // Ctrl-C ends the adapter processes too, and says what was running.
  conformance::InstallInterruptHandler("trace");
  CLI::App app{"Record, replay, compare and minimize asynchat traces (see traces/FORMAT.md).\n"
               "Exit status: 0 ok, 1 mismatch, 2 bad usage or malformed trace, 3 the implementation could not run it."};
  app.require_subcommand(1);
  app.set_version_flag("--version", conformance::VersionLine());

  std::string scenario, record_out;
  ImplChoice record_impl;
  CLI::App* record = app.add_subcommand("record", "Run a scenario's inputs on an implementation and write the trace");
  record->add_option("scenario", scenario, "trace file whose '>' lines are the inputs")->required();
  record->add_option("-o,--output", record_out, "where to write the trace (default: stdout)");
  record_impl.AddTo(record);

  std::string replay_path, profile = "trace";
  ImplChoice replay_impl;
  CLI::App* replay = app.add_subcommand("replay", "Replay a trace against an implementation");
  replay->add_option("file", replay_path, "trace file")->required();
  replay_impl.AddTo(replay);
  replay->add_option("--profile", profile, "strict, semantic, or trace (the trace's own)")
      ->check(CLI::IsMember({"strict", "semantic", "trace"}))
      ->capture_default_str();

  std::string a, b;
  CLI::App* diff = app.add_subcommand("diff", "Compare the records of two traces");
  diff->add_option("a", a, "first trace")->required();
  diff->add_option("b", b, "second trace")->required();

  std::string minimize_path, minimize_out;
  int minimize_attempts = 2000;
  ImplChoice minimize_impl;
  CLI::App* minimize =
      app.add_subcommand("minimize", "Shrink a trace an implementation fails to the smallest one it still fails");
  minimize->add_option("file", minimize_path, "trace file the implementation fails")->required();
  minimize->add_option("-o,--output", minimize_out, "where to write the minimized trace (default: stdout)");
  minimize->add_option("--max-attempts", minimize_attempts, "at most this many runs of the implementation")
      ->check(CLI::Range(1, std::numeric_limits<int>::max()))
      ->capture_default_str();
  minimize_impl.AddTo(minimize);

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
      ->check(CLI::Range(1, std::numeric_limits<int>::max()))
      ->capture_default_str();
  record_live->add_option("--pass-timeout", live_pass_timeout, "seconds each loop pass may wait")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();

  std::string python_out;
  std::vector<std::string> python_command;
  CLI::App* record_python = app.add_subcommand(
      "record-python", "Run a Python program with its async_chat channels recorded, one trace per channel");
  record_python->add_option("-o,--output", python_out, "directory for the traces (created if missing)")->required();
  record_python->add_option("command", python_command, "after --: the interpreter command, e.g. python3 app.py ARGS")
      ->required();

  // CLI11 would answer a misspelt command with "A subcommand is required";
  // name it instead.
  auto is_command = [&](const std::string& word) {
    for (const CLI::App* sub : {record, replay, diff, minimize, record_live, record_python}) {
      if (sub->check_name(word)) return true;
    }
    return false;
  };
  if (argc > 1 && argv[1][0] != '-' && !is_command(argv[1])) {
    std::cerr << "trace: unknown command '" << argv[1] << "' (expected record, replay, diff, minimize, record-live or record-python)\n"
              << "Run with --help for more information.\n";
    return kUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kUsage;
  }
  try {
    if (*record) return Record(scenario, record_impl, record_out);
    if (*replay) return Replay(replay_path, replay_impl, profile);
    if (*minimize) return Minimize(minimize_path, minimize_impl, minimize_out, minimize_attempts);
    if (*record_python) return RecordPython(python_out, python_command);
    if (*record_live) return RecordLive(live_example, live_out, live_max_passes, live_pass_timeout);
    return Diff(a, b);
  } catch (const traces::TraceError& e) {
    std::cerr << "trace: " << e.what() << "\n";
    return kUsage;
  } catch (const std::invalid_argument& e) {  // an unknown --impl
    std::cerr << "trace: " << e.what() << "\n";
    return kUsage;
  }
}
