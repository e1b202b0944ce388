// The clauses of the checked-in spec/SPEC.md, compiled into the binary (a
// genrule embeds the file's text), so a tool that checks or prints clause
// ids needs no runfiles and cannot run against a different SPEC.md than the
// one it was built with.
#ifndef ASYNCHAT_SPEC_CHECKED_IN_H_
#define ASYNCHAT_SPEC_CHECKED_IN_H_

#include <string_view>
#include <vector>

#include "spec/clauses.h"

namespace spec {

// SPEC.md's clauses in file order, parsed once. spec/clauses_test checks
// that the text parses, so this does not throw for a tree that passes it.
const std::vector<Clause>& CheckedInClauses();

// The clause with this id, or nullptr.
const Clause* FindCheckedInClause(std::string_view id);

}  // namespace spec

#endif  // ASYNCHAT_SPEC_CHECKED_IN_H_
