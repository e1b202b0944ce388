// The whole-stream delivery of a reading scenario: what
// property.chunking_invariance compares a chunked delivery against.
//
// A scenario's byte reads are one stream cut into chunks. Framing does not
// depend on the cuts, with one documented exception: discard_buffers() inside
// found_terminator() drops the rest of the read being processed ([py3-asynchat]
// discard_buffers; CPython's handle_read loop), so how much is dropped
// depends on where that read ends. The same holds for anything that closes
// the channel inside found_terminator() (close, or a set_terminator that
// raises): the rest of that read is framed, later reads are not.
//
// WholeStreamOf(chunked) returns the same scenario with the byte reads
// replaced by the fewest reads that end exactly where such a reaction cuts
// the stream in the chunked delivery (the stream in one read if there is
// none), and in_buffer raised to fit them. Where the cuts fall is worked out
// from the stream, the initial terminator and the `on found_terminator`
// reactions: the found_terminator positions of a stream are chunking-
// invariant, so the cut after the N-th one is the end of the chunked read
// holding its last byte.
//
// Supported shape (what the generators produce and shrinking preserves):
// inputs of one channel, setup (set_terminator, `on ...`, anything that is not
// a read) first, then the byte reads, then anything but byte reads (e.g.
// `read eof`, or `read ""`, which is end of file too). Any other shape comes back unchanged (outputs dropped), which
// makes the comparison trivially equal rather than wrong.
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_WHOLE_STREAM_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_WHOLE_STREAM_H_

#include <cstddef>
#include <vector>

#include "traces/trace.h"

namespace conformance::properties {

// Stream offsets (0 < cut < stream length) where the whole delivery must end
// a read, for `chunked` in the supported shape; empty otherwise.
std::vector<std::size_t> RequiredCuts(const traces::Trace& chunked);

traces::Trace WholeStreamOf(const traces::Trace& chunked);

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_WHOLE_STREAM_H_
