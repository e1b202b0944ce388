// A failing case as a minimal, replayable counterexample trace.
//
// MakeCounterexample shrinks the case's scenario (trace_shrinker.h) while the
// adapter still fails it the same way, then writes down the smallest scenario
// with the model's transcript as the expected records, so replaying the file
// against the implementation shows the failure and replaying it against the
// reference passes. "The same way" means: the adapter runs it, the model runs
// it, the transcripts differ under the case's profile, and the difference has
// the case's failure signature (failure_signature.h), the one its failure is
// grouped by. Without that, shrinking drifts to whatever other bug the
// implementation has.
//
// A case fitted to buffer sizes the implementation declared (buffer_fit.h)
// is shrunk and written at the sizes it ran at, each channel's sizes given
// in the file, with the transcript it was judged against: replayed, the file
// is run as the case was, and the size difference its verdict did not count
// cannot become the failure the shrink keeps.
//
// Not shrunk, written as they are: adapter failures (a hang costs the full
// time limit per attempt) and failures the model does not reproduce with the
// case's signature (a case whose own expected transcript disagrees with it).
#ifndef ASYNCHAT_CONFORMANCE_RUN_COUNTEREXAMPLE_H_
#define ASYNCHAT_CONFORMANCE_RUN_COUNTEREXAMPLE_H_

#include <string>

#include "conformance/driver/adapter.h"
#include "conformance/run/case_runner.h"
#include "conformance/run/trace_shrinker.h"
#include "traces/trace.h"

namespace conformance {

struct Counterexample {
  // Header: description of the case, `origin counterexample <case id>`, the
  // clauses the case cites, the case's profile, notes naming the
  // implementation and the first mismatch.
  traces::Trace trace;
  bool shrunk = false;  // false: written as the case had it (see above)
  int inputs_before = 0;
  int inputs_after = 0;
  ShrinkStats stats;
  std::string first_mismatch;  // shrunk: the first mismatch on the written trace, one line
  std::string shrink_note;     // how it was shrunk, or why not (also among the trace's notes)
};

// `implementation` is named in the trace's note (e.g. the adapter's handshake
// line). `failure` is the result of RunPreparedCase for `prepared` on `adapter`.
Counterexample MakeCounterexample(Adapter& adapter, const PreparedCase& prepared, const CaseResult& failure,
                                  const std::string& implementation, const ShrinkOptions& options = {});

// Writes FormatTrace(c.trace) to `path`, creating its folders; throws
// std::runtime_error naming the path if it cannot. The one writer of
// counterexample files: cases' (Counterexample::trace) and properties'.
void WriteCounterexample(const traces::Trace& counterexample, const std::string& path);

// The command-line flag naming an implementation, shell-quoted:
// "--impl cpython", "--impl python:my.py", or for an adapter command
// (`impl` "cmd:<command>") "--impl-cmd '<command>'".
std::string ImplFlag(const std::string& impl);

// `trace_path` as an absolute path, so a command naming it works from any
// directory: a relative path is taken from where the command was run (a
// --trace or --counterexamples path as the user gave it) if a file is there,
// else from the top of the repository (a checked-in trace: under `bazel run`
// $BUILD_WORKSPACE_DIRECTORY, otherwise the source file the runfile links to).
std::string AbsoluteTracePath(const std::string& trace_path);

// The one command that replays `trace_path` against an implementation:
// tools/bazel run //tools:trace -- replay FILE <impl_flag>, FILE absolute
// (AbsoluteTracePath) and shell-quoted.
std::string ReplayCommand(const std::string& trace_path, const std::string& impl_flag);

// The same command with `trace_path` kept as given, for a file whose reader
// runs it from the repository's top (RESULTS.md): an absolute path would tie
// the file to the checkout it was generated in.
std::string ReplayCommandFromTop(const std::string& trace_path, const std::string& impl_flag);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_COUNTEREXAMPLE_H_
