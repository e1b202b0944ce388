// Capabilities (PROTOCOL.md "Handshake"): which a scenario needs, so a case an
// adapter cannot run is reported unsupported instead of being run.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_CAPABILITIES_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_CAPABILITIES_H_

#include <set>
#include <string>

#include "traces/trace.h"

namespace conformance {

// Every capability name PROTOCOL.md defines.
const std::set<std::string>& AllCapabilities();

// The capabilities a scenario's channel declarations and inputs use.
std::set<std::string> RequiredCapabilities(const traces::Trace& scenario);

// The required capabilities `have` lacks, space-separated; empty if none.
std::string MissingCapabilities(const traces::Trace& scenario, const std::set<std::string>& have);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_CAPABILITIES_H_
