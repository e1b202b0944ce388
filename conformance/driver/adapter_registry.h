// The implementations an `--impl NAME` can name without a file: each one
// registers a maker under its name from its own package (the reference's
// harness registers "reference" and "reference-process", the model "model"),
// so the suite finds them by name and never includes the reference.
// A binary offers a name by linking the registering library (alwayslink).
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_REGISTRY_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_REGISTRY_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "conformance/driver/adapter.h"

namespace conformance {

using AdapterMaker = std::function<std::unique_ptr<Adapter>(const AdapterOptions&)>;

// Call from a namespace-scope initialiser; returns true. Registering a name
// twice is a programming error: std::logic_error naming it.
bool RegisterAdapter(const std::string& name, AdapterMaker make);

// nullptr when nothing registered `name`.
std::unique_ptr<Adapter> MakeRegisteredAdapter(const std::string& name, const AdapterOptions& options);

// Sorted.
std::vector<std::string> RegisteredAdapterNames();

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_REGISTRY_H_
