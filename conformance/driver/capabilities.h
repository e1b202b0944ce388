// Capabilities (PROTOCOL.md "Handshake"): which a scenario needs, so a case an
// adapter cannot run is reported unsupported instead of being run; and
// whether its reads fit the buffer sizes an adapter declared.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_CAPABILITIES_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_CAPABILITIES_H_

#include <cstddef>
#include <optional>
#include <set>
#include <string>

#include "traces/trace.h"

namespace conformance {

// Every capability name PROTOCOL.md defines.
const std::set<std::string>& AllCapabilities();

// The protocol version that defines a capability (1 or 2): a version-1
// session declares only version-1 capabilities.
int CapabilityVersion(const std::string& capability);

// The capabilities a scenario's channel declarations and inputs use. An
// input's channel is looked up in the scenario's declarations (a `poll` is
// asyncore_apps for an app= channel, listeners for a listener, chat_poll
// otherwise).
std::set<std::string> RequiredCapabilities(const traces::Trace& scenario);

// The required capabilities `have` lacks, space-separated; empty if none.
std::string MissingCapabilities(const traces::Trace& scenario, const std::set<std::string>& have);

// The in_buffer a channel of an implementation reads with: the channel's own
// when the implementation can set sizes (`sizes_settable`, the buffer_sizes
// capability) and the channel gives one; else the size the implementation
// declared; else the documented default, 4096.
std::size_t EffectiveInBuffer(const traces::ChannelConfig& channel, std::optional<std::size_t> declared,
                              bool sizes_settable);

// Why the scenario cannot be given to such an implementation: its largest
// read that one recv() of the channel's effective in_buffer could not return
// ("reads 600 bytes at once on channel c; the implementation's in_buffer is
// 512"); empty if every read fits. App channels (recv(8192)) are not judged.
std::string OversizedRead(const traces::Trace& scenario, std::optional<std::size_t> declared_in_buffer,
                          bool sizes_settable);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_CAPABILITIES_H_
