// CaseList: how the area files register cases.
//
// Each area file (terminator_cases.cc, send_cases.cc, ...) has one Add...Cases
// function (areas.h) that appends its cases to a CaseList. A case is its
// metadata plus a scenario written as trace text: channel lines and '>'
// inputs, without the "asynchat-trace 1" header, which Add() supplies along
// with the description and profile so the Case's scenario is a complete,
// printable trace. Add() parses it with traces::ParseTrace, so a malformed
// line fails when AllCases() is first built, naming the case id and line.
//
// Cases carry no expected transcript (the model's is used) unless it comes
// from a document: AddDocumented() takes a whole trace with its '<' outputs,
// keeps the inputs as the scenario and everything as Case::expected.
#ifndef ASYNCHAT_CONFORMANCE_CASES_CASE_LIST_H_
#define ASYNCHAT_CONFORMANCE_CASES_CASE_LIST_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "conformance/cases/case.h"
#include "traces/trace.h"

namespace conformance::cases {

struct Meta {
  std::string id;
  std::string description;  // one line
  std::vector<std::string> clauses;  // ids of spec/SPEC.md (clause_coverage_test checks them)
  traces::Profile profile = traces::Profile::kStrict;
  std::vector<std::string> tags;
  // The trace format the scenario is written in, and so what its transcript
  // records (traces/observables.h). A case observing handle_close, recv
  // sizes, listeners or another format-2 record is 2; a version-1 adapter
  // reports it unsupported. Published version-1 cases stay version 1.
  int format_version = 1;
};

class CaseList {
 public:
  // `scenario`: channel lines and '>' inputs in trace syntax.
  void Add(Meta meta, std::string_view scenario);
  // `trace`: channel lines, '>' inputs and the documented '<' outputs.
  // `origin` is the trace's origin line, e.g. "documented-example pymotw-asynchat".
  void AddDocumented(Meta meta, std::string_view origin, std::string_view trace);
  // For a semantic case whose inputs differ from the document's only in
  // chunking: the scenario is `scenario`, the expected transcript is
  // `documented`'s records (only their meaning is compared).
  void AddWithDocumentedMeaning(Meta meta, std::string_view origin, std::string_view scenario,
                                std::string_view documented);

  std::vector<Case> Take() { return std::move(cases_); }

 private:
  traces::Trace Parse(const Meta& meta, std::string_view origin, std::string_view body) const;
  void Append(Meta meta, traces::Trace scenario, std::optional<std::vector<traces::Record>> expected);

  std::vector<Case> cases_;
};

}  // namespace conformance::cases

#endif  // ASYNCHAT_CONFORMANCE_CASES_CASE_LIST_H_
