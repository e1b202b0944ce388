// Shrinking a failing scenario to a minimal counterexample by greedy delta
// debugging on its inputs.
//
// Shrink() keeps the channels and '>' records of `failing` (its '<' records
// are dropped: they would be stale once the inputs change) and repeatedly
// tries smaller variants, keeping each one for which `still_fails` returns
// true, until no variant is accepted (a fixpoint) or the attempt budget is
// spent:
//   - pack each run of adjacent reads of a channel into as few reads as its
//     in_buffer allows (one candidate; a stream sent in 1-byte reads
//     otherwise costs an attempt per read at every later step);
//   - drop blocks of records (halves, quarters, ... single records), together
//     with the uses of a producer whose declaration went, and producers and
//     channels nothing uses any more;
//   - drop empty reads; merge adjacent reads of one channel (as long as the
//     result fits in the channel's in_buffer);
//   - make a reaction a direct input after one of its channel's later reads
//     (or at the end), so what only triggered it can go;
//   - lower integer terminators together with the bytes they count (to 1,
//     to half, by one; cutting as many bytes from the channel's later reads,
//     from the end of the last, the start of the first or the end of one of
//     the first few (keeping the reads after it), or none);
//   - shorten byte strings (reads, pushes, producer chunks, terminators):
//     keep a prefix, keep a suffix, drop inner blocks (down to single bytes
//     for short strings, to 1/32 of the length for long ones);
//   - lower numbers (send budgets, integer terminators, reaction call
//     numbers, buffer sizes) and drop a send cap or a pending connect
//     (buffer sizes are lowered, never unset: the defaults differ between
//     implementations, 4096 in the documents, 65536 in CPython).
// If `failing` is a valid scenario, every candidate is one for the model (no
// read longer than its channel's in_buffer, no producer used before it is
// declared), so a predicate
// need not guard against malformed input; it should answer "fails the same
// way", not "fails somehow", or the result may show a different bug.
// The predicate is never asked twice about the same candidate. The result
// is the last candidate that still failed, or `failing`'s inputs if none did
// (less producers and channels nothing uses, which cannot change an outcome).
#ifndef ASYNCHAT_CONFORMANCE_RUN_TRACE_SHRINKER_H_
#define ASYNCHAT_CONFORMANCE_RUN_TRACE_SHRINKER_H_

#include <functional>

#include "traces/trace.h"

namespace conformance {

struct ShrinkOptions {
  // Calls of the predicate, at most. Through a process adapter one call costs
  // a round trip per input (well under a millisecond each), so the default
  // bounds a shrink to about a second.
  int max_attempts = 2000;
};

struct ShrinkStats {
  int attempts = 0;      // predicate calls
  int accepted = 0;      // candidates that still failed (each made the trace smaller)
  bool exhausted = false;  // stopped by max_attempts rather than at a fixpoint
};

traces::Trace Shrink(const traces::Trace& failing, const std::function<bool(const traces::Trace&)>& still_fails,
                     const ShrinkOptions& options = {}, ShrinkStats* stats = nullptr);

// The '>' records of a trace: the size a shrink reduces.
int CountInputs(const traces::Trace& trace);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_TRACE_SHRINKER_H_
