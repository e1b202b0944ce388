// Offers the C++ reference to any binary that links this file
// (reference/harness:reference_adapters, alwayslink):
//   --impl reference          in process (traces replayed by ReplayOnReference)
//   --impl reference-process  through the adapter binary, so the driver
//                             protocol's process path is exercised
#include "base/runfiles.h"
#include "conformance/driver/adapter_registry.h"
#include "conformance/driver/in_process_adapter.h"
#include "conformance/driver/process_adapter.h"
#include "reference/harness/reference_implementation.h"
#include "reference/harness/reference_replay.h"

namespace harness {
namespace {

constexpr char kReferenceAdapterBinary[] = "reference/harness/reference_adapter";

const bool kInProcess = conformance::RegisterAdapter("reference", [](const conformance::AdapterOptions&) {
  return conformance::MakeInProcessAdapter(ReferenceImplementation(), ReplayOnReference);
});

const bool kProcess = conformance::RegisterAdapter("reference-process", [](const conformance::AdapterOptions& o) {
  return conformance::MakeProcessAdapter({base::Runfile(kReferenceAdapterBinary)}, o);
});

}  // namespace
}  // namespace harness
