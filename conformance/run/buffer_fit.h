// Fitting a case to the buffer sizes an implementation declared in its
// handshake (PROTOCOL.md "Handshake": `in_buffer=N out_buffer=N`).
//
// Most cases give their channels sizes only to bound their reads. For an
// implementation that declared its sizes, a case is rewritten to them: a size
// it cannot set (it lacks the buffer_sizes capability) becomes the declared
// one, and a channel that gives none has the declared defaults (where the
// documents say 4096). Then the case is
//  - unsupported if a read is longer than the in_buffer the implementation
//    reads with ("reads 600 bytes at once on channel c; the implementation's
//    in_buffer is 512");
//  - with an expected transcript taken from a document: run against it only
//    if the rewrite changes nothing the case compares (the model's
//    transcripts at the case's sizes and at the implementation's, under the
//    case's profile), else unsupported, naming the sizes and the difference;
//  - about the documented defaults (the defaults area, or citing
//    chat.buffer.defaults: a defaults case's counterexample), where the
//    declared defaults change the transcript: run unchanged against the
//    documented sizes, a failure's
//    detail starting with the declared defaults against the documented 4096
//    (the one place that difference is reported);
//  - otherwise run at the implementation's sizes, judged against the model's
//    transcript there.
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
