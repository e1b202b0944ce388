// The clauses of spec/SPEC.md, read from its text: the one reader of the
// specification, for the suite's coverage and for tests that every
// expectation cites a real clause.
//
// A clause is a level-3 heading holding only its id in backquotes, one line
// stating the rule, then exactly four items in this order:
//   - source: ...
//   - basis: documented | implied | cpython-decided
//   - testable: yes | no: <why the driver protocol cannot observe it>
//   - differs: ...
// Ids are lowercase words joined by '.', each word [a-z0-9-]+, starting
// with "core.", "chat." or "example.". Anything else under a level-3
// heading, a repeated id, or a missing or misordered item is a SpecError
// naming the file and line.
#ifndef ASYNCHAT_SPEC_CLAUSES_H_
#define ASYNCHAT_SPEC_CLAUSES_H_

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace spec {

enum class Basis { kDocumented, kImplied, kCpythonDecided };

struct Clause {
  std::string id;
  std::string rule;
  std::string source;
  Basis basis = Basis::kDocumented;
  bool testable = true;
  std::string untestable_reason;  // testable == false: why
  std::string differs;
  int line = 0;  // of the heading
};

class SpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `file` names the text in errors.
std::vector<Clause> ParseClauses(std::string_view text, const std::string& file = "spec/SPEC.md");

// Whether `id` has the shape of a clause id (see above).
bool IsClauseId(std::string_view id);

}  // namespace spec

#endif  // ASYNCHAT_SPEC_CLAUSES_H_
