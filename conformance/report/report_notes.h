// What RESULTS.md says about each known divergence, kept in code so that the
// generated report is never edited by hand: a table of notes keyed by case id
// glob or tag (and by implementation), and the list of places where CPython's
// own code departs from its documents.
//
// A note explains what the divergence is and names the document it
// contradicts; RESULTS.md prints every note matching a case an
// implementation does not pass, next to the first mismatch. A divergence with
// no note is printed with the case's own description and document and
// "(no note yet)", which is the cue to add one here.
#ifndef ASYNCHAT_CONFORMANCE_REPORT_REPORT_NOTES_H_
#define ASYNCHAT_CONFORMANCE_REPORT_REPORT_NOTES_H_

#include <string>
#include <vector>

#include "conformance/cases/case.h"

namespace conformance {

struct DivergenceNote {
  std::string match;        // "id:<glob over case ids>" or "tag:<tag>"
  std::string impl;         // the --impl it is about ("cpython", "medusa"), or "*" for any
  std::string title;        // a few words, shared by all cases of one divergence
  std::string explanation;  // what the implementation does instead, and why (its code)
  std::string contradicts;  // the document and section, e.g. "003 async_chat.push"; empty: the case's own
};

const std::vector<DivergenceNote>& DivergenceNotes();

// The notes about `c` for implementation `impl` (as given to --impl): the
// first matching by id glob (the table lists specific globs first), else all
// those matching one of its tags.
std::vector<const DivergenceNote*> NotesFor(const Case& c, const std::string& impl);

// A place where CPython 3.11's asynchat.py departs from its own documents.
struct CodeDeparture {
  std::string title;
  std::string documents;  // what the documents say, with the reference
  std::string code;       // what the code does, with the line
  std::string effect;     // what a user sees
  std::string cases;      // glob over case ids that show it; empty if no case can (and why is in `effect`)
};

const std::vector<CodeDeparture>& CpythonCodeDepartures();

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_REPORT_REPORT_NOTES_H_
