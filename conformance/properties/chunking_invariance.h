// property.chunking_invariance: for any stream, terminator schedule (an
// initial set_terminator and `on found_terminator N` reactions that change
// the terminator to a string, an integer or None, or discard_buffers) and
// chunking, the meaning of what the implementation reports (the messages,
// the number of found_terminator calls, whether it closed: traces'
// semantic profile) equals that of the same stream delivered whole, both on
// the adapter under test. "Whole" is one read, cut only where a
// discard_buffers reaction drops the rest of a read (whole_stream.h).
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_CHUNKING_INVARIANCE_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_CHUNKING_INVARIANCE_H_

#include <rapidcheck.h>

#include "conformance/properties/property_context.h"

namespace conformance::properties {

PropertyDefinition ChunkingInvarianceProperty();

// The scenarios it generates (a chunked delivery), for tests.
rc::Gen<traces::Trace> GenChunkingInvarianceScenario(ChannelSizes sizes = {});

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_CHUNKING_INVARIANCE_H_
