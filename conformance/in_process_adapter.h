// Adapters that run in this process, without the driver protocol: the C++
// reference (traces::ReplayOnReference's engine) and the model. They are the
// fast path of the properties; the reference is also available as an adapter
// binary (conformance/adapters:reference_adapter) so the protocol is tested.
#ifndef ASYNCHAT_CONFORMANCE_IN_PROCESS_ADAPTER_H_
#define ASYNCHAT_CONFORMANCE_IN_PROCESS_ADAPTER_H_

#include <memory>

#include "conformance/adapter.h"

namespace conformance {

std::unique_ptr<Adapter> MakeReferenceAdapter();
std::unique_ptr<Adapter> MakeModelAdapter();

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_IN_PROCESS_ADAPTER_H_
