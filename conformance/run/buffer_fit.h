// Fitting a case to the buffer sizes an implementation declared in its
// handshake (PROTOCOL.md "Handshake": `in_buffer=N out_buffer=N`).
//
// Most cases give their channels sizes only to bound their reads; what they
// check rarely depends on them. So for an implementation that declared its
// sizes, the case is rewritten to those sizes and the model decides:
//  - sizes the implementation cannot set (it lacks the buffer_sizes
//    capability) are taken out of the channel lines it is sent, and the model
//    runs the scenario with the declared sizes instead;
//  - a channel that gives no sizes has the implementation's declared
//    defaults (the documents say 4096).
// Then the case is
//  - unsupported if a read is longer than the in_buffer the implementation
//    reads with ("reads 600 bytes at once on channel c; ...");
//  - run if its check is the same at the implementation's sizes: the model's
//    transcript there passes the case's own comparison (its profile) against
//    the expected one; for an expected transcript taken from a document, only
//    if the model's transcript is unchanged. It is judged against the model's
//    transcript at those sizes (a document's transcript is kept);
//  - unsupported if a size the case gives changes its check (it checks a
//    size the implementation does not have), naming the size and where the
//    model's transcript differs;
//  - if only the declared defaults change it: in the defaults area it runs
//    unchanged and a failure's detail starts with the declared defaults
//    against the documented 4096, so that difference is reported there, once
//    per defaults case and nowhere else; a case of another area is
//    unsupported, naming the difference.
// An implementation that declared no sizes gets every case unchanged.
#ifndef ASYNCHAT_CONFORMANCE_RUN_BUFFER_FIT_H_
#define ASYNCHAT_CONFORMANCE_RUN_BUFFER_FIT_H_

#include <optional>
#include <string>

#include "conformance/cases/case.h"
#include "conformance/driver/adapter.h"
#include "traces/trace.h"

namespace conformance {

struct BufferFit {
  std::string unsupported;  // non-empty: not run, for this reason
  traces::Trace scenario;   // what the adapter is given
  // The transcript to judge against when not the case's prepared one: the
  // model's at the implementation's sizes, numbered as FormatTrace writes it.
  std::optional<traces::Trace> expected;
  std::string failure_preamble;  // non-empty: a failure's detail starts with it
};

// `expected`: the case's prepared expected transcript (case_runner.h).
BufferFit FitToBufferSizes(const Case& c, const traces::Trace& expected, const AdapterInfo& info);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_BUFFER_FIT_H_
