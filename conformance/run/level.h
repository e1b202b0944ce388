// Levels of expectation (`conformance --level`): what a failing case means
// for an implementation judged by the documents rather than by CPython's
// transcript.
//
//   cpython     every expected record counts: a failing case fails. For
//               CPython ports and CPython-derived code (CI's CPython,
//               CPython 2.7 and medusa runs).
//   documented  the documents speak about meaning: the messages framed, the
//               bytes that reach the peer and their order, whether and when
//               the channel closes, which errors are reported. They are
//               silent about the exact calls CPython 3.11 makes to get there
//               (when a push is first sent, how sends are cut, whether an
//               empty or held-back piece is collected); spec/SPEC.md marks
//               such rules `cpython-decided`. A failing case is therefore a
//               *difference from CPython*, not a failure, when
//                 (a) it cites at least one cpython-decided clause and the
//                     implementation's transcript means the same as the
//                     expected one (the semantic comparison passes: only
//                     the exact sequence of calls differs, which such a
//                     clause pins), or
//                 (b) the transcript means the same once the implementation
//                     is given write events after the scenario (the case is
//                     run again with them, against the model there): only
//                     *when* bytes go out or the channel closes differed,
//                     which the documents leave open (chat.push.sends-at-once
//                     and chat.close-when-done.deferred are CPython's), or
//                 (c) every clause the case cites is cpython-decided (the
//                     documents say nothing of what it checks) and the
//                     implementation let no exception escape and reported
//                     no error the expected transcript lacks.
//               Anything else stays a failure: the meaning changed, or the
//               exact sequence a case checks is all documented (e.g. the
//               documented default buffer sizes, seen only in the sizes of
//               recv and send calls).
//
// An exception escaping to the loop, or an error the expected transcript
// lacks, is never a difference: (a) relies on the semantic comparison of
// the case's own run, which fails on both (traces/trace_compare.h), and (b)
// and (c) exclude them (the rerun of (b) may not meet the error at all).
#ifndef ASYNCHAT_CONFORMANCE_RUN_LEVEL_H_
#define ASYNCHAT_CONFORMANCE_RUN_LEVEL_H_

#include <string>
#include <vector>

#include "spec/clauses.h"
#include "traces/trace.h"

namespace conformance {

enum class Level { kDocumented, kCpython };

// "documented" or "cpython".
const char* LevelName(Level level);

// The inverse of LevelName; std::invalid_argument naming `text` otherwise.
Level ParseLevel(const std::string& text);

// What is known about a case that failed under its own profile.
struct FailedCase {
  std::vector<spec::Basis> clause_bases;  // one per clause the case cites
  bool same_meaning = false;              // the semantic comparison passed
  bool same_meaning_when_drained = false;  // it passed with write events added after the scenario
  bool unexpected_error = false;          // an escaping exception, or an error record the expected lacks
};

// FailedCase::clause_bases for clause ids, from the checked-in SPEC.md; an
// id it does not define counts as documented (judged in full).
std::vector<spec::Basis> BasesOf(const std::vector<std::string>& clause_ids);

// The cpython-decided clauses a failing case involves whether or not it
// cites them: those its expected transcript shows at work, a send right
// after the push that queued it (chat.push.sends-at-once) or a more() right
// after push_with_producer (chat.producer.lazy), and those the actual
// transcript visibly departs from, an empty collect_incoming_data call
// (chat.collect.never-empty). A case's exact calls depend on them, so rule
// (a) counts them with the cited ones.
std::vector<std::string> ExhibitedCpythonClauses(const std::vector<traces::Record>& expected,
                                                 const std::vector<traces::Record>& actual = {});

// Whether that case fails at `level`; false: it only differs from CPython.
bool FailsAtLevel(Level level, const FailedCase& facts);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_LEVEL_H_
