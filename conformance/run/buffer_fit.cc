#include "conformance/run/buffer_fit.h"

#include <algorithm>
#include <exception>
#include <vector>

#include "conformance/driver/capabilities.h"
#include "conformance/model/chat_model.h"
#include "traces/trace_compare.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

using traces::ChannelConfig;
using traces::Record;

// "in_buffer=512 out_buffer=512", what the handshake declared.
std::string Declared(const AdapterInfo& info) {
  std::string s;
  if (info.in_buffer) s += "in_buffer=" + std::to_string(*info.in_buffer);
  if (info.out_buffer) s += std::string(s.empty() ? "" : " ") + "out_buffer=" + std::to_string(*info.out_buffer);
  return s;
}

// "channel c in_buffer=64, channel d out_buffer=3": the sizes a scenario gives.
std::string Given(const traces::Trace& s) {
  std::string out;
  for (const ChannelConfig& c : s.channels) {
    if (!c.in_buffer && !c.out_buffer) continue;
    out += std::string(out.empty() ? "" : ", ") + "channel " + c.id;
    if (c.in_buffer) out += " in_buffer=" + std::to_string(*c.in_buffer);
    if (c.out_buffer) out += " out_buffer=" + std::to_string(*c.out_buffer);
  }
  return out;
}

// The scenario with the sizes the implementation's channels have: a size it
// cannot set is its declared one (or, undeclared, the documented default);
// with `defaults`, a channel that gives none has the declared default too.
traces::Trace AtImplementationSizes(const traces::Trace& s, const AdapterInfo& info, bool settable, bool defaults) {
  traces::Trace t = s;
  for (ChannelConfig& c : t.channels) {
    // An application's recv size is its own; a listener has no buffers.
    if (!c.app.empty() || !c.listener.empty()) continue;
    auto fit = [&](std::optional<std::size_t>& size, std::optional<std::size_t> declared) {
      if (size) {
        if (!settable) size = declared.value_or(kDocumentedBufferSize);
      } else if (defaults && declared && *declared != kDocumentedBufferSize) {
        size = declared;
      }
    };
    fit(c.in_buffer, info.in_buffer);
    fit(c.out_buffer, info.out_buffer);
  }
  return t;
}

bool SameSizes(const traces::Trace& a, const traces::Trace& b) {
  for (std::size_t i = 0; i < a.channels.size(); ++i) {
    if (a.channels[i].in_buffer != b.channels[i].in_buffer || a.channels[i].out_buffer != b.channels[i].out_buffer) {
      return false;
    }
  }
  return true;
}

// A mismatch message on one line, without its context records:
// "ID:6: records differ; expected: < c send ...; actual: < c send ...".
std::string OneLine(const std::string& message) {
  std::string out, line;
  for (std::size_t at = 0; at <= message.size();) {
    const std::size_t end = std::min(message.find('\n', at), message.size());
    line = message.substr(at, end - at);
    at = end + 1;
    line.erase(0, line.find_first_not_of(' '));
    if (line.rfind("context", 0) == 0) break;
    if (!line.empty()) out += (out.empty() ? "" : "; ") + line;
  }
  constexpr std::size_t kMax = 300;
  if (out.size() > kMax) out = out.substr(0, kMax) + "...";
  return out;
}

struct ModelAt {
  std::vector<Record> records;
  std::string change;  // non-empty: how the case's check differs at these sizes
};

// The model's transcript at `resized`; for a case whose expected transcript is
// a document's, also whether the sizes change what the case compares (the
// model's transcripts at the case's sizes and at these, under its profile).
ModelAt Judge(const Case& c, const traces::Trace& resized) {
  ModelAt m;
  try {
    m.records = RunModel(resized);
    if (c.expected) {
      traces::Trace original = c.scenario;
      original.records = RunModel(c.scenario);
      original = traces::ParseTrace(traces::FormatTrace(original), c.id);
      if (auto d = traces::CompareTranscript(original, m.records, c.profile)) m.change = OneLine(d->message);
    }
  } catch (const std::exception& e) {
    m.change = std::string("the model cannot run it there: ") + e.what();
  }
  return m;
}

// Whether the model's transcript at `resized` differs from `expected` (the
// documented default sizes' one), exactly.
bool DefaultsMatter(const traces::Trace& expected, const std::vector<Record>& at_declared) {
  return traces::CompareTranscript(expected, at_declared, traces::Profile::kStrict).has_value();
}

// A case whose subject is the documented default sizes themselves: the
// defaults.* cases and any case or trace citing chat.buffer.defaults.
bool ChecksTheDefaults(const Case& c) {
  if (c.id.rfind("defaults.", 0) == 0) return true;
  return std::find(c.clauses.begin(), c.clauses.end(), "chat.buffer.defaults") != c.clauses.end();
}

}  // namespace

BufferFit FitToBufferSizes(const Case& c, const traces::Trace& expected, const AdapterInfo& info) {
  BufferFit fit;
  fit.scenario = c.scenario;
  if (!info.in_buffer && !info.out_buffer) return fit;
  const bool settable = info.capabilities.count("buffer_sizes") > 0;
  if (std::string oversized = OversizedRead(c.scenario, info.in_buffer, settable); !oversized.empty()) {
    fit.unsupported = oversized;
    return fit;
  }
  const traces::Trace given_only = AtImplementationSizes(c.scenario, info, settable, false);
  const traces::Trace resized = AtImplementationSizes(c.scenario, info, settable, true);
  if (SameSizes(resized, c.scenario)) return fit;
  // Adapter::Run leaves the declared sizes out of the lines it sends, and
  // reports any other capability the case needs and the adapter lacks.
  fit.scenario = resized;
  if (!MissingCapabilities(WithoutDeclaredSizes(resized, info), info.capabilities).empty()) return fit;

  const std::string difference = "the implementation declares default buffer sizes " + Declared(info) +
                                 ", where the documents give " + std::to_string(kDocumentedBufferSize) +
                                 " (spec/SPEC.md chat.buffer.defaults)";
  if (c.expected) {
    if (ChecksTheDefaults(c) && SameSizes(given_only, c.scenario)) {
      // A trace about the documented default sizes (a defaults.* case's
      // counterexample) checks them: judged unchanged, the difference said.
      fit.scenario = c.scenario;
      fit.failure_preamble = difference;
      return fit;
    }
    if (!SameSizes(given_only, c.scenario)) {
      if (std::string change = Judge(c, given_only).change; !change.empty()) {
        fit.unsupported = "its expected transcript is its own (a document's or a trace file's), made with the buffer sizes it "
                          "gives (" +
                          Given(c.scenario) + "), which the implementation cannot set (it declares " + Declared(info) +
                          "); at its sizes the model's transcript differs: " + change;
        return fit;
      }
    }
    if (std::string change = Judge(c, resized).change; !change.empty()) {
      fit.unsupported = "its expected transcript is its own (a document's or a trace file's), made with the documented "
                        "default buffer sizes; " +
                        difference + ", and at those the model's transcript differs: " + change;
    }
    return fit;  // judged against the document's transcript
  }

  ModelAt m = Judge(c, resized);
  if (!m.change.empty()) {
    fit.unsupported = m.change;
    return fit;
  }
  if (ChecksTheDefaults(c) && SameSizes(given_only, c.scenario) && DefaultsMatter(expected, m.records)) {
    // What a defaults case checks is the documented size itself.
    fit.scenario = c.scenario;
    fit.failure_preamble = difference;
    return fit;
  }
  traces::Trace e = expected;
  e.channels = resized.channels;
  e.records = std::move(m.records);
  e.notes = {"expected transcript of case " + c.id + " at the implementation's buffer sizes (" + Declared(info) +
             "), from the model"};
  fit.expected = traces::ParseTrace(traces::FormatTrace(e), c.id);
  fit.failure_preamble = "judged at the implementation's buffer sizes (" + Declared(info) +
                         "), against the model's transcript there (conformance --show " + c.id +
                         " prints the one at the case's own sizes)";
  return fit;
}

}  // namespace conformance
