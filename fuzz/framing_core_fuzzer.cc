// Fuzz target: the framing core (reference/asynchat/framing_core.h), differential
// against the executable model of the documents (conformance/model).
//
// The input decodes (scenario_codec.h, surface kFraming) to a one-channel
// scenario: an initial terminator, then reads whose bytes come from the front
// of the input and whose sizes come from its tail, terminator changes between
// reads, reactions inside the N-th found_terminator (set_terminator,
// discard_buffers, close), discard_buffers between reads and EOF. The scenario
// runs on the reference (AsyncChat over ScriptedTransport, so the framing core
// sees exactly the chunking the scenario gives) and on the model; any
// difference in the strict transcript (collect calls and their bytes,
// found_terminator, raise, error, close) aborts with both transcripts printed
// as trace text.
//
// Rejected early: inputs over 16 KiB (every decision fits in far fewer bytes;
// the cap keeps one execution in the microseconds the model needs for its
// quadratic re-scans). Any other input is a valid scenario.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/model_differential.h"
#include "fuzz/scenario_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return -1;
  const traces::Trace scenario =
      fuzz::DecodeScenario(std::string_view(reinterpret_cast<const char*>(data), size), fuzz::Surface::kFraming);
  fuzz::AbortOnModelDifference(scenario);
  return 0;
}
