// Fuzz target: async_chat as a whole session (reference/asynchat/async_chat.h
// over asyncore::ScriptedTransport), checked against invariants rather than
// another implementation (session_checker.h lists them: nothing lost or
// reordered on either side, no empty collect, held-back bytes are a proper
// terminator prefix, integer terminators count exactly, sends offer the next
// queued bytes and accept what the script allows, close_when_done closes only
// after the queue drained, and everything queued is eventually sent).
//
// Structure-aware: the input decodes (scenario_codec.h, surface kSession) to
// a sequence of actions drawn from every trace input: reads (data, EOF,
// would-block, errors), write events, send budgets and errors, terminators of
// every kind (negative ones included, which raise), pushes, producers,
// close_when_done, discard_buffers, close and reactions inside the N-th
// found_terminator. A violation aborts with the violation and the scenario as
// trace text.
//
// Rejected early: inputs over 16 KiB (see framing_core_fuzzer.cc).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz/scenario_codec.h"
#include "fuzz/session_checker.h"
#include "traces/trace_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return -1;
  const traces::Trace scenario =
      fuzz::DecodeScenario(std::string_view(reinterpret_cast<const char*>(data), size), fuzz::Surface::kSession);
  try {
    fuzz::CheckSession(scenario);
  } catch (const fuzz::InvariantViolation& e) {
    std::fprintf(stderr, "async_chat invariant violated: %s\n--- scenario ---\n%s", e.what(),
                 traces::FormatTrace(scenario).c_str());
    std::abort();
  }
  return 0;
}
