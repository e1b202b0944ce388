// Adapter: one implementation under test, as the conformance suite sees it.
//
// An adapter runs a scenario (a trace's channels and '>' inputs) and returns
// the transcript its implementation produced: each input followed by the
// outputs it caused, exactly the shape harness::ReplayOnReference returns, so
// it compares with traces::CompareTranscript. Implementations:
//   - in process: the C++ reference and the model (in_process_adapter.h);
//   - a child process speaking conformance/PROTOCOL.md (process_adapter.h):
//     the reference adapter binary, the Python adapter for CPython, medusa or
//     any python:FILE, or any --impl-cmd.
// Run() never throws for what the implementation does: a crash, hang, garbage
// or unsupported input comes back as a status with the details.
#ifndef ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_H_
#define ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_H_

#include <chrono>
#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace conformance {

// What the handshake told us (PROTOCOL.md "Handshake").
struct AdapterInfo {
  int protocol_version = 0;
  std::string implementation;        // one line, e.g. "CPython 3.11.2 asynchat (/usr/lib/...)"
  std::set<std::string> capabilities;
  // Buffer sizes the handshake declared (`in_buffer=N`, `out_buffer=N`):
  // what a channel whose declaration gives none has. Without the
  // buffer_sizes capability they are the only sizes its channels have, and
  // the suite fits each case to them (run/buffer_fit.h). Undeclared, a
  // channel's default is taken to be the documented 4096.
  std::optional<std::size_t> in_buffer;
  std::optional<std::size_t> out_buffer;
  // Non-empty when the adapter could not be started (protocol_version is
  // then 0): why, in the adapter's own words where it gave any.
  std::string startup_error;
};

struct CaseOutcome {
  enum class Status {
    kRan,             // transcript is complete
    kUnsupported,     // the adapter lacks a capability or refused a line; detail says which
    kAdapterFailure,  // crashed, hung past the time limit, spoke garbage; detail has the line and stderr
  };
  Status status = Status::kRan;
  std::vector<traces::Record> transcript;  // complete when kRan; what arrived before the failure otherwise
  std::string detail;
};

#if defined(__SANITIZE_ADDRESS__)
inline constexpr std::size_t kDefaultAdapterMemoryLimitMib = 0;
#else
inline constexpr std::size_t kDefaultAdapterMemoryLimitMib = 2048;
#endif

// How to start an adapter (adapter_registry.h, adapter_factory.h).
struct AdapterOptions {
  std::chrono::milliseconds case_time_limit{5000};  // per case, for adapters in another process
  // Address space of an adapter in another process, in MiB; 0: no limit.
  // Off by default in a suite built with AddressSanitizer, whose adapters
  // (the reference's, built alike) reserve terabytes for shadow memory.
  std::size_t memory_limit_mib = kDefaultAdapterMemoryLimitMib;
};

// The scenario without the channel sizes that are the ones `info` declared,
// for an adapter that cannot set sizes (no buffer_sizes): its channels have
// them anyway, so such a channel needs no capability and its line gives none.
traces::Trace WithoutDeclaredSizes(const traces::Trace& scenario, const AdapterInfo& info);

class Adapter {
 public:
  virtual ~Adapter() = default;

  // Handshake result. For a process adapter whose handshake failed,
  // protocol_version is 0 and every Run() reports kAdapterFailure.
  virtual const AdapterInfo& info() const = 0;

  // Runs one case. `case_id` is passed to the implementation for its logs.
  // The suite's one capability check is here: a scenario needing a
  // capability info() does not declare comes back kUnsupported, naming the
  // missing ones, without reaching RunSupported; so does a scenario with a
  // read longer than the in_buffer the adapter declared (OversizedRead in
  // capabilities.h). An adapter whose handshake
  // failed (protocol_version 0) declares nothing; RunSupported reports its
  // failure instead, so a broken adapter never reads as merely unsupported.
  CaseOutcome Run(const std::string& case_id, const traces::Trace& scenario);

  // Runs several cases, all named `case_id`: the outcomes are those Run gives
  // each in turn, in order. An adapter may run them faster together (a
  // process adapter declaring `pipelining` sends them without waiting for
  // each answer).
  std::vector<CaseOutcome> RunBatch(const std::string& case_id, const std::vector<traces::Trace>& scenarios);

 protected:
  // Runs a case whose capabilities the adapter declared.
  virtual CaseOutcome RunSupported(const std::string& case_id, const traces::Trace& scenario) = 0;
  // Runs cases whose capabilities the adapter declared, as RunSupported
  // would one after the other (which is what this default does).
  virtual std::vector<CaseOutcome> RunSupportedBatch(const std::string& case_id,
                                                     const std::vector<const traces::Trace*>& scenarios);

 private:
  // Run's verdict before running: unsupported (a newer format, a missing
  // capability, an oversized read), or nullopt.
  std::optional<CaseOutcome> Refusal(const traces::Trace& scenario) const;
};

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_DRIVER_ADAPTER_H_
