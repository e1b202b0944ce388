// The executable model: what the documents say async_chat does, written for
// clarity rather than speed and independently of the reference (which must
// not be checked against itself). Each rule in channel_model.cc cites the
// spec/SPEC.md clause it implements (e.g. chat.terminator.string.found);
// where the documents are silent it follows CPython 3.11, as the clauses of
// basis cpython-decided do.
//
// RunModel takes a scenario (a trace's channels and '>' inputs; '<' lines are
// ignored) and returns the transcript the documented behaviour produces, in
// the shape of harness::ReplayOnReference: each input followed by its outputs.
// Default buffer sizes are the documents' 4096 (CPython 3.11's code: 65536).
#ifndef ASYNCHAT_CONFORMANCE_MODEL_CHAT_MODEL_H_
#define ASYNCHAT_CONFORMANCE_MODEL_CHAT_MODEL_H_

#include <cstddef>
#include <vector>

#include "traces/trace.h"

namespace conformance {

constexpr std::size_t kDocumentedBufferSize = 4096;

// Throws traces::TraceError for a scenario no implementation could be given
// (a read longer than in_buffer, a producer used before it is declared),
// naming the line, and for an app= channel (traces/channel_apps.h), which the
// model does not state.
std::vector<traces::Record> RunModel(const traces::Trace& scenario);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_MODEL_CHAT_MODEL_H_
