#include "conformance/driver/adapter_registry.h"

#include <map>
#include <stdexcept>

namespace conformance {
namespace {

// A function-local static: registrations run during static initialisation,
// in an order across files that nothing fixes.
std::map<std::string, AdapterMaker>& Registry() {
  static std::map<std::string, AdapterMaker> registry;
  return registry;
}

}  // namespace

bool RegisterAdapter(const std::string& name, AdapterMaker make) {
  if (!Registry().emplace(name, std::move(make)).second) {
    throw std::logic_error("implementation '" + name + "' is registered twice");
  }
  return true;
}

std::unique_ptr<Adapter> MakeRegisteredAdapter(const std::string& name, const AdapterOptions& options) {
  auto it = Registry().find(name);
  return it == Registry().end() ? nullptr : it->second(options);
}

std::vector<std::string> RegisteredAdapterNames() {
  std::vector<std::string> names;
  for (const auto& [name, make] : Registry()) names.push_back(name);
  return names;
}

}  // namespace conformance
