// property.stateful: a RapidCheck model-based (rc::state) test of one
// channel. Each command is one application or loop step: a read of a chunk,
// end of file, set_terminator, an `on found_terminator` reaction, push,
// push_with_producer (a fresh producer), a write event, a send budget, a
// would-block, close_when_done, discard_buffers. After an initial
// set_terminator (an application sets one before reading), a sequence is run as
// one scenario on the adapter and on the model (RunModel); then each command,
// in order, checks that the records its inputs produced are the same in both
// transcripts (strict). Because the sequence is rc::state's, RapidCheck
// shrinks a failure by removing commands (and simplifying what is left).
#ifndef ASYNCHAT_CONFORMANCE_PROPERTIES_STATEFUL_H_
#define ASYNCHAT_CONFORMANCE_PROPERTIES_STATEFUL_H_

#include <rapidcheck.h>

#include "conformance/properties/property_context.h"

namespace conformance::properties {

PropertyDefinition StatefulProperty();

// One generated command sequence as a scenario (for tests); also runs it
// through rc::state's validity checks.
rc::Gen<traces::Trace> GenStatefulScenario(ChannelSizes sizes = {});

}  // namespace conformance::properties

#endif  // ASYNCHAT_CONFORMANCE_PROPERTIES_STATEFUL_H_
