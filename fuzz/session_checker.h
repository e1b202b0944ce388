// SessionChecker: runs a one-channel scenario on the real asynchat::AsyncChat
// over an asyncore::ScriptedTransport, the way an application and a loop
// would (its own driver, not harness::ReplayOnReference, so the two stay
// independent), and checks invariants while it runs rather than comparing
// with another implementation:
//
// input side
//  - no collect_incoming_data() call is ever empty;
//  - nothing lost, duplicated or reordered: after each read that reached the
//    framing core, bytes read == bytes collected + string terminators
//    consumed + held_back_input(), exactly (discard_buffers() accounts for
//    what it drops: the held-back bytes and, inside found_terminator, the rest
//    of that read);
//  - what is held back is a proper prefix of the string terminator (nothing
//    for integer and None terminators);
//  - an integer terminator N fires after exactly N collected bytes; None, ""
//    and 0 never fire;
// output side
//  - every send() is offered the next unsent queued bytes, in push order
//    (producers' chunks where the producer was queued), at most
//    ac_out_buffer_size of them, and accepts what the script allows;
//  - close_when_done() closes only once everything queued before it was
//    sent; a close with no cause (close(), EOF, an error, a disconnect) is a
//    violation;
//  - at the end, the channel (if open) is drained with write events: every
//    queued byte must have been sent.
// A violation throws InvariantViolation with the scenario step and details.
#ifndef ASYNCHAT_FUZZ_SESSION_CHECKER_H_
#define ASYNCHAT_FUZZ_SESSION_CHECKER_H_

#include <stdexcept>
#include <string>

#include "traces/trace.h"

namespace fuzz {

class InvariantViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `scenario`: one channel and its inputs, as DecodeScenario(..., kSession)
// makes them. Throws InvariantViolation on the first violated invariant.
void CheckSession(const traces::Trace& scenario);

}  // namespace fuzz

#endif  // ASYNCHAT_FUZZ_SESSION_CHECKER_H_
