// The tag vocabulary of the cases (Case::tags).
#ifndef ASYNCHAT_CONFORMANCE_CASES_TAGS_H_
#define ASYNCHAT_CONFORMANCE_CASES_TAGS_H_

#include <set>
#include <string>

namespace conformance::cases {

// Every tag a case may carry. "cpython-test": an edge case CPython's own
// test_asynchat.py checks. "cpython-divergence": CPython 3.11's code departs
// from the documents here and is expected to fail. "medusa": catches a known
// difference of supervisor's medusa asynchat_25 from CPython 3.
inline const std::set<std::string>& KnownTags() {
  static const std::set<std::string> tags = {
      "input",    "output",   "producer",  "error",        "documented", "cpython-divergence",
      "medusa",   "close",    "send",      "reaction",     "connect",    "cpython-test",
      "defaults", "chunking", "nul-bytes", "undocumented", "log", "listener",
  };
  return tags;
}

}  // namespace conformance::cases

#endif  // ASYNCHAT_CONFORMANCE_CASES_TAGS_H_
