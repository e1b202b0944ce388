// Which clauses of spec/SPEC.md the suite checks, and what is wrong with its
// citations.
//
// Every case and property cites the clause ids it checks (Case::clauses, a
// trace file's `clauses` header, a property's definition). CheckClauseCoverage
// takes the clauses and all citations and finds, as one line each naming the
// case and the clause:
//  - a case citing no clause, or an id SPEC.md does not define;
//  - a case citing a clause SPEC.md marks untestable;
//  - a testable clause no case cites.
// The result is also the clause -> cases matrix `conformance --coverage`
// prints and writes as spec/COVERAGE.md.
#ifndef ASYNCHAT_CONFORMANCE_CASES_CLAUSE_COVERAGE_H_
#define ASYNCHAT_CONFORMANCE_CASES_CLAUSE_COVERAGE_H_

#include <map>
#include <string>
#include <vector>

#include "spec/clauses.h"

namespace conformance {

// A case or property and the clauses it cites.
struct Citation {
  std::string id;  // "terminator.string.held.crlf.1", "trace.echo.documented", "property.stateful"
  std::vector<std::string> clauses;
};

struct ClauseCoverage {
  std::map<std::string, std::vector<std::string>> citers;  // clause id -> the ids citing it, in the order given
  std::vector<std::string> problems;                       // empty: every citation known, every testable clause cited
};

ClauseCoverage CheckClauseCoverage(const std::vector<spec::Clause>& clauses, const std::vector<Citation>& citations);

// Case ids grouped into families for reading: ids sharing their first three
// parts are written "<parts>.* (N)", a family of one as the id itself, e.g.
// "close.eof.* (3), trace.echo.documented".
std::string SummarizeCaseIds(const std::vector<std::string>& ids);

// The matrix as text for a terminal: one line per clause (id, number of
// citers, their families), then the problems.
std::string CoverageText(const std::vector<spec::Clause>& clauses, const ClauseCoverage& coverage);

// The same as spec/COVERAGE.md: a table in SPEC.md's order, the clauses no
// case checks, and the untestable clauses with why. `command` is the one
// that regenerates it, named at the top.
std::string CoverageMarkdown(const std::vector<spec::Clause>& clauses, const ClauseCoverage& coverage,
                             const std::string& command);

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_CASES_CLAUSE_COVERAGE_H_
