// Expected-failure lists (conformance/implementations/*/expected.txt): the cases an
// implementation is known to fail, each with why.
//
// One entry per line: a case or property id, or a glob over ids (`*`, `?`,
// `[...]`, as fnmatch(3)), optionally followed by `# why`. A comment block on
// its own lines gives the reason for the entries below it that have none of
// their own, until a blank line. The reason should name the document the
// implementation contradicts, for the reader of the report.
//
//   # [py3-asynchat] set_terminator: an integer terminator 0 ... CPython treats 0 as None
//   terminator.int.zero.*
//   push.bytearray          # [py3-asynchat] push: bytes-like objects; medusa refuses bytearray
//
// A listed case that fails (or whose adapter fails) is an expected failure;
// a listed case that passes is an unexpected pass; both are reported, and
// neither makes the run fail.
#ifndef ASYNCHAT_CONFORMANCE_RUN_EXPECTED_FAILURES_H_
#define ASYNCHAT_CONFORMANCE_RUN_EXPECTED_FAILURES_H_

#include <string>
#include <string_view>
#include <vector>

namespace conformance {

class ExpectedFailures {
 public:
  struct Entry {
    std::string pattern;
    std::string reason;  // may be empty
    int line = 0;
  };

  // Throws std::invalid_argument "FILE:LINE: problem: line" for an entry that
  // is not one id or glob.
  static ExpectedFailures Parse(std::string_view text, const std::string& file);
  // Throws std::runtime_error naming the path if it cannot be read.
  static ExpectedFailures Read(const std::string& path);

  // The first entry matching `id`, or nullptr.
  const Entry* Find(const std::string& id) const;

  // Entries that match none of `ids`: stale lines worth removing.
  std::vector<Entry> Unused(const std::vector<std::string>& ids) const;

  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<Entry> entries_;
};

}  // namespace conformance

#endif  // ASYNCHAT_CONFORMANCE_RUN_EXPECTED_FAILURES_H_
