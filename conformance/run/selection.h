// Which cases and properties a run is made of: the named cases, the
// checked-in traces and the implementations' counterexamples as cases (or
// only the trace files given), filtered by id globs, tags (required and
// excluded) and profile.
#ifndef ASYNCHAT_CONFORMANCE_RUN_SELECTION_H_
#define ASYNCHAT_CONFORMANCE_RUN_SELECTION_H_

#include <string>
#include <vector>

#include "conformance/cases/case.h"
#include "conformance/run/case_runner.h"

namespace conformance {

// A trace file to run as a case: where it is, and how messages name it.
struct TraceFile {
  std::string path;
  std::string shown;
};

struct SelectionOptions {
  std::vector<std::string> filters;   // id globs; empty: all
  std::vector<std::string> excludes;  // id globs
  std::vector<std::string> tags;      // all must be present; any tag leaves the properties out
  std::vector<std::string> exclude_tags;  // none may be present (the properties carry no tags: they stay)
  std::string profile = "all";        // "strict", "semantic" or "all"
  std::vector<TraceFile> trace_files;  // only these run (ids trace.file.<stem>)
  std::string traces_root;            // where the checked-in traces are; empty: none
  std::string traces_shown = "traces";  // how messages name traces_root
  std::string implementations_root;   // conformance/implementations/; empty: no counterexamples
  std::string implementations_shown = "conformance/implementations";
  bool properties = true;
};

struct SelectedCase {
  const Case* spec;
  std::string source_file;  // for a trace case: the file as messages name it
};

// Holds the trace cases it points into: move it, do not copy it.
struct Selection {
  Selection() = default;
  Selection(Selection&&) = default;
  Selection& operator=(Selection&&) = default;
  Selection(const Selection&) = delete;
  Selection& operator=(const Selection&) = delete;

  std::vector<TraceCase> trace_cases;
  std::vector<SelectedCase> cases;  // sorted by id
  std::vector<std::string> property_ids;
  // A selection without any filter, tag, excluded tag, profile or trace
  // file: only then
  // can an expected-failures entry that matches nothing be called stale.
  bool whole_suite = true;
};

// Throws std::invalid_argument when two selected cases share an id (a trace
// file named like a case), traces::TraceError for a malformed trace file.
Selection SelectCases(const SelectionOptions& options);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_SELECTION_H_
