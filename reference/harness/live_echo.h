// RecordEchoOverLoopback: the PyMOTW asynchat echo example ([pymotw-asynchat]) run live
// over 127.0.0.1 under a LiveRecorder, as `trace record-live echo` does.
//
// The example's own classes (reference/examples/pymotw_echo.h) run unchanged
// in one select loop: EchoServer listens on a kernel-chosen port, EchoClient
// (channel c, buffers 64) sends "ECHO 166\n" and the 166-byte message through
// its 64-byte-chunk producer, the EchoHandler the server accepts (channel h,
// buffers 64) echoes it and closes when done. Every socket is a real
// SocketTransport inside a RecordingTransport. The listening server is not an
// async_chat and is not a trace channel; the trace's notes say so, and how the
// loopback delivery differed from the documented schedule (computed from the
// recorded reads, not assumed).
//
// Returns the trace only if the run finished (every channel closed, the
// client got its copy) within max_passes loop passes and the recording passed
// LiveRecorder::Finish's self-check (strict replay on the reference);
// throws RecordingError otherwise.
#ifndef ASYNCHAT_REFERENCE_HARNESS_LIVE_ECHO_H_
#define ASYNCHAT_REFERENCE_HARNESS_LIVE_ECHO_H_

#include <string>
#include <vector>

#include "traces/trace.h"

namespace harness {

struct LiveEchoOptions {
  int max_passes = 500;
  double pass_timeout = 0.05;  // seconds each select() may wait
};

struct LiveEchoRun {
  traces::Trace trace;
  int passes = 0;
  std::vector<std::string> log;  // the example's log lines, as echo_pymotw prints them
};

LiveEchoRun RecordEchoOverLoopback(const LiveEchoOptions& options = {});

}  // namespace harness

#endif  // ASYNCHAT_REFERENCE_HARNESS_LIVE_ECHO_H_
