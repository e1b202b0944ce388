// Fuzz target: the output queue (reference/asynchat/output_queue.h) and
// initiate_send, differential against the executable model of the documents
// (conformance/model).
//
// The input decodes (scenario_codec.h, surface kOutput) to a one-channel
// scenario with no reads: pushes (data from the front of the input, sizes
// from its tail, empty pushes included), producers and push_with_producer,
// write events, send budgets and send errors (EAGAIN would-block, EPIPE and
// ECONNRESET disconnects, ENOBUFS), close_when_done, discard_buffers and
// close, with any out_buffer / send_cap and connected=0. It runs on the
// reference and on the model; any difference in the strict transcript (each
// more() and its bytes, each send's offered bytes and accepted count, close,
// error) aborts with both transcripts printed as trace text.
//
// Rejected early: inputs over 16 KiB (the decoder also caps the bytes queued
// in all at 16 KiB, so one execution stays short).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/model_differential.h"
#include "fuzz/scenario_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 16 * 1024) return -1;
  const traces::Trace scenario =
      fuzz::DecodeScenario(std::string_view(reinterpret_cast<const char*>(data), size), fuzz::Surface::kOutput);
  fuzz::AbortOnModelDifference(scenario);
  return 0;
}
