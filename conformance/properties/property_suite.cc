#include "conformance/properties/property_suite.h"

#include <fnmatch.h>

#include <chrono>
#include <iostream>

#include "conformance/driver/capabilities.h"
#include "conformance/properties/chunking_invariance.h"
#include "conformance/properties/exhaustive_chunking.h"
#include "conformance/properties/model_agreement.h"
#include "conformance/properties/producer_fifo.h"
#include "conformance/properties/property_context.h"
#include "conformance/properties/stateful.h"

namespace conformance {
namespace {

using properties::PropertyContext;
using properties::PropertyDefinition;

std::vector<PropertyDefinition> AllProperties() {
  return {properties::ChunkingInvarianceProperty(), properties::ModelAgreementProperty(),
          properties::ExhaustiveChunkingProperty(), properties::ProducerFifoProperty(),
          properties::StatefulProperty()};
}

// A seed from the clock, mixed (splitmix64) so consecutive runs differ in
// every bit; never 0, which the options reserve for "pick one".
std::uint64_t ClockSeed() {
  std::uint64_t z = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return z ? z : 1;
}

}  // namespace

std::vector<std::string> PropertyIds() {
  std::vector<std::string> ids;
  for (const PropertyDefinition& d : AllProperties()) ids.push_back(d.id);
  return ids;
}

std::vector<std::string> PropertyClauses(const std::string& id) {
  for (const PropertyDefinition& d : AllProperties()) {
    if (d.id == id) return d.clauses;
  }
  return {};
}

std::string PropertyDescription(const std::string& id) {
  for (const PropertyDefinition& d : AllProperties()) {
    if (d.id == id) return d.description;
  }
  return "";
}

std::vector<PropertyResult> RunPropertySuite(Adapter& adapter, const PropertyOptions& options,
                                             const std::string& filter) {
  const std::uint64_t seed = options.seed ? options.seed : ClockSeed();
  std::vector<PropertyResult> results;
  bool announced = false;
  for (const PropertyDefinition& d : AllProperties()) {
    if (fnmatch(filter.c_str(), d.id.c_str(), 0) != 0) continue;
    if (!announced && !options.seed) {
      // The one line the properties print, when the caller could not know
      // the seed: how to run them again identically. (Every result has it.)
      std::cerr << "properties: seed " << seed << " (picked from the clock); reproduce with --seed " << seed << "\n";
      announced = true;
    }
    PropertyResult r;
    // The generated channels give the sizes the adapter declared, if it did
    // (ChannelSizesFor); such a channel needs no buffer_sizes.
    const properties::ChannelSizes sizes = properties::ChannelSizesFor(adapter.info());
    traces::Trace probe = d.probe;
    for (traces::ChannelConfig& c : probe.channels) {
      if (sizes.fixed_in_buffer && c.in_buffer) c.in_buffer = sizes.fixed_in_buffer;
      if (sizes.fixed_out_buffer && c.out_buffer) c.out_buffer = sizes.fixed_out_buffer;
    }
    const std::string missing = MissingCapabilities(WithoutDeclaredSizes(probe, adapter.info()), adapter.info().capabilities);
    if (adapter.info().protocol_version == 0) {
      // The handshake failed: the adapter declares nothing, and "unsupported"
      // would let a run of only the properties pass an implementation that
      // cannot even load.
      r.verdict = Verdict::kAdapterFailure;
      r.detail = adapter.info().startup_error.empty() ? "the adapter did not complete the handshake"
                                                      : adapter.info().startup_error;
    } else if (!missing.empty()) {
      r.verdict = Verdict::kUnsupported;
      r.detail = "the adapter lacks: " + missing;
    } else {
      r = d.run(PropertyContext{adapter, options, seed, d.id, d.description, sizes, d.clauses});
    }
    r.id = d.id;
    r.description = d.description;
    r.seed = seed;
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace conformance
