// Scenarios per second of each property against the in-process reference
// (and the model, with --model): the cost of the properties themselves, the
// adapter being as fast as it gets. Prints one line per property, and the
// detail of any that did not pass.
//
//   tools/bazel run -c opt //tools/bench:property_benchmark --
//       [RUNS [SEED]] [--model] [--filter GLOB]
#include <chrono>
#include <fnmatch.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "conformance/driver/adapter_factory.h"
#include "conformance/properties/property_suite.h"

int main(int argc, char** argv) {
  conformance::PropertyOptions options;
  options.runs = 1000;
  options.seed = 1;
  bool model = false;
  std::string filter = "*";
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--model") {
      model = true;
    } else if (a == "--filter" && i + 1 < argc) {
      filter = argv[++i];
    } else if (positional++ == 0) {
      options.runs = std::atoi(a.c_str());
    } else {
      options.seed = std::strtoull(a.c_str(), nullptr, 10);
    }
  }
  std::unique_ptr<conformance::Adapter> adapter =
      model ? conformance::MakeAdapter("model") : conformance::MakeAdapter("reference");
  int failures = 0;
  for (const std::string& id : conformance::PropertyIds()) {
    if (fnmatch(filter.c_str(), id.c_str(), 0) != 0) continue;
    const auto start = std::chrono::steady_clock::now();
    std::vector<conformance::PropertyResult> results = conformance::RunPropertySuite(*adapter, options, id);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    for (const conformance::PropertyResult& r : results) {
      const bool pass = r.status == conformance::Verdict::kPass;
      failures += pass ? 0 : 1;
      std::cout << r.id << ": " << (pass ? "pass" : "NOT PASSED") << ", " << r.runs << " scenarios in " << seconds
                << " s = " << static_cast<long>(r.runs / seconds) << " scenarios/s\n";
      if (!pass) std::cout << r.detail << "\n";
    }
  }
  return failures ? 1 : 0;
}
