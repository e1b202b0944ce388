// One case of an adapter-kit implementation (adapter_kit.h) as the driver
// protocol's server runs it: channels made by the implementation's factory
// over ScriptedSockets, each input performed on them and answered with the
// outputs it caused, in order.
//
// Throws traces::TraceError ("case "ID":LINE: problem") for what no
// implementation could be given: a producer used before it is declared, a
// channel declared twice, a push of text (C++ has no text string distinct
// from bytes), or a method the adapter declared but did not write.
#ifndef ASYNCHAT_CONFORMANCE_ADAPTER_KIT_KIT_SESSION_H_
#define ASYNCHAT_CONFORMANCE_ADAPTER_KIT_KIT_SESSION_H_

#include <memory>
#include <string>

#include "conformance/adapter_kit/adapter_kit.h"
#include "conformance/driver/driver_session.h"

namespace adapter_kit {

std::unique_ptr<conformance::DriverSession> StartKitSession(const std::string& case_id,
                                                            const Implementation& implementation);

}  // namespace adapter_kit

#endif  // ASYNCHAT_CONFORMANCE_ADAPTER_KIT_KIT_SESSION_H_
