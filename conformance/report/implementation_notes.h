// What the project knows about an implementation it judges, read from
// conformance/implementations/<impl>/notes.md (the format is described in
// conformance/implementations/README.md): notes explaining each known
// divergence, keyed by case id glob or tag, and optionally the places where
// the implementation's code departs from its own documents (CPython's).
//
// A note explains what the divergence is and names the document it
// contradicts; RESULTS.md prints every note matching a case an
// implementation does not pass, next to the first mismatch. A divergence with
// no note is printed with the case's own description and document and
// "(no note yet)", which is the cue to add one to the notes.md.
//
// The reader only parses text: the conformance command finds and reads the
// files (conformance_main.cc) and hands the notes to the reports.
#ifndef ASYNCHAT_CONFORMANCE_REPORT_IMPLEMENTATION_NOTES_H_
#define ASYNCHAT_CONFORMANCE_REPORT_IMPLEMENTATION_NOTES_H_

#include <stdexcept>
#include <string>
#include <vector>

#include "conformance/cases/case.h"

namespace conformance {

struct DivergenceNote {
  std::string match;        // "id:<glob over case ids>" or "tag:<tag>"
  std::string title;        // a few words, shared by all cases of one divergence (the ### heading)
  std::string explanation;  // what the implementation does instead, and why (its code)
  std::string contradicts;  // the document and section, e.g. "[py3-asynchat] async_chat.push"; empty: the case's own
  int line = 0;             // the line of notes.md naming the glob or tag
};

// A place where an implementation's code departs from its own documents.
struct CodeDeparture {
  std::string title;
  std::string documents;  // what the documents say, with the reference
  std::string code;       // what the code does, with the line
  std::string effect;     // what a user sees
  std::string cases;      // glob over case ids that show it; empty if no case can (and why is in `effect`)
  int line = 0;           // the line of its ### heading
};

struct ImplementationNotes {
  std::string impl;  // the directory under conformance/implementations/ ("medusa")
  std::string file;  // as messages and RESULTS.md name it ("conformance/implementations/medusa/notes.md")
  std::vector<DivergenceNote> divergences;  // in the file's order: the order of matching
  // The part "## Where <subject>'s code departs from its own documents", if
  // the file has one: its subject ("CPython"), its opening paragraph and its
  // entries.
  std::string departures_subject;
  std::string departures_intro;
  std::vector<CodeDeparture> departures;
};

// A notes.md that does not follow the format: what() is
// "<file>:<line>: <the problem>".
class NotesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses the text of a notes.md. `impl` is the implementation's directory
// name, which the file's "# " heading must begin with; `file` names the file
// in errors and in ImplementationNotes::file. Throws NotesError.
ImplementationNotes ParseImplementationNotes(const std::string& text, const std::string& impl, const std::string& file);

// The notes about `c`: the first whose id glob matches (the file lists
// specific globs above general ones), else every one matching a tag of the
// case, in the file's order.
std::vector<const DivergenceNote*> NotesFor(const ImplementationNotes& notes, const Case& c);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_REPORT_IMPLEMENTATION_NOTES_H_
