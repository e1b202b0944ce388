// RapidCheck generators for property scenarios: terminators, streams that
// contain their terminators, chunkings, and the small vocabulary of reactions.
//
// Contract: everything generated is valid input for any implementation
// (counts >= 0, chunks non-empty and never longer than the cap asked for:
// reads must fit in_buffer; a read of 0 bytes would be end-of-file). Values
// shrink toward the simple end: fewer cuts (so fewer, longer reads), shorter
// streams, earlier and fewer reactions, the first terminators of the pools.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_GENERATORS_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_GENERATORS_H_

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include "conformance/driver/adapter.h"
#include "conformance/properties/scenario_builder.h"

namespace conformance::properties {

// The bytes streams are made of: what the pooled terminators are made of,
// plus two bytes no terminator contains.
rc::Gen<char> GenStreamByte();

// Mostly string terminators from a pool of awkward ones ("\r\n", "aa",
// "aba", "abab", ...) or random short ones, integers 1..12, and rarely the
// "collect everything" ones: none, int:0 and str:"".
rc::Gen<TerminatorSpec> GenTerminator();

// A stream of pieces: random bytes and copies of the given terminators'
// strings (so terminators occur, also overlapping and split).
rc::Gen<std::string> GenStream(std::vector<TerminatorSpec> terminators);

// The buffer sizes a generated channel gives: for an implementation that can
// set them (buffer_sizes), small ones drawn from [1, 12], which cut every
// read and send; for one that declared fixed sizes in its handshake, exactly
// those (a channel giving them needs no buffer_sizes: the suite leaves them
// out of the line it sends).
struct ChannelSizes {
  std::optional<std::size_t> fixed_in_buffer;
  std::optional<std::size_t> fixed_out_buffer;
};
ChannelSizes ChannelSizesFor(const AdapterInfo& info);
rc::Gen<std::size_t> GenInBuffer(const ChannelSizes& sizes);
rc::Gen<std::size_t> GenOutBuffer(const ChannelSizes& sizes);

// Chunk sizes, each in [1, max_chunk], summing to `total` (empty if 0).
rc::Gen<std::vector<std::size_t>> GenChunkSizes(std::size_t total, std::size_t max_chunk);

// `data` cut into consecutive pieces of the given sizes.
std::vector<std::string> SplitBySizes(const std::string& data, const std::vector<std::size_t>& sizes);

// Bytes to push: distinct letters from `*next` on (so a duplicated, lost or
// reordered byte is visible in what was sent); advances `*next`.
std::string QueueBytes(std::size_t length, int* next);

// A reaction inside the call-th found_terminator.
struct ReactionSpec {
  enum class Action { kSetTerminator, kDiscardBuffers, kPush, kCloseWhenDone };
  std::size_t call = 1;
  Action action = Action::kSetTerminator;
  TerminatorSpec terminator;  // kSetTerminator
  std::string data;           // kPush

  traces::Record ToRecord() const;
};
std::ostream& operator<<(std::ostream& os, const ReactionSpec& r);

// Reactions on calls 1..8; `input_only` limits them to set_terminator and
// discard_buffers (what affects framing only).
rc::Gen<ReactionSpec> GenReaction(bool input_only);

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_GENERATORS_H_
