// Replays a trace's inputs against the C++ reference: a ReferenceSession
// (reference_session.h) fed the whole trace. Returns the transcript: the
// trace's inputs in order, each followed by the outputs it caused.
//
// Events sent to a channel that has closed are dropped, as a loop would drop
// them. A read larger than the channel's in_buffer, or a producer used before
// it is declared, throws TraceError naming the line.
#ifndef ASYNCHAT_REFERENCE_HARNESS_REFERENCE_REPLAY_H_
#define ASYNCHAT_REFERENCE_HARNESS_REFERENCE_REPLAY_H_

#include <vector>

#include "reference/harness/reference_session.h"  // also CurrentExceptionKind, for existing users
#include "traces/trace.h"

namespace harness {

std::vector<traces::Record> ReplayOnReference(const traces::Trace& trace);

}  // namespace harness

#endif  // ASYNCHAT_REFERENCE_HARNESS_REFERENCE_REPLAY_H_
