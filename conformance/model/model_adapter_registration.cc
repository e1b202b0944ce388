// Offers the model as `--impl model`, run in process, to any binary that
// links this file (conformance/model:model_adapter, alwayslink).
#include "conformance/driver/adapter_registry.h"
#include "conformance/driver/in_process_adapter.h"
#include "conformance/model/chat_model.h"
#include "conformance/model/model_implementation.h"

namespace conformance {
namespace {

const bool kRegistered = RegisterAdapter(
    "model", [](const AdapterOptions&) { return MakeInProcessAdapter(ModelImplementation(), RunModel); });

}  // namespace
}  // namespace conformance
