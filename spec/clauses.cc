#include "spec/clauses.h"

#include <set>

namespace spec {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.size()) break;
    pos = end + 1;
  }
  return lines;
}

[[noreturn]] void Fail(const std::string& file, std::size_t index, const std::string& what) {
  throw SpecError(file + ":" + std::to_string(index + 1) + ": " + what);
}

// "- <key>: <value>" -> value, or a SpecError naming the item expected.
std::string Item(const std::vector<std::string_view>& lines, std::size_t i, const std::string& key,
                 const std::string& file, const std::string& id) {
  const std::string prefix = "- " + key + ":";
  if (i >= lines.size() || lines[i].substr(0, prefix.size()) != prefix) {
    Fail(file, i, "clause " + id + ": expected \"" + prefix + " ...\" here (items: source, basis, testable, differs)");
  }
  std::string_view value = lines[i].substr(prefix.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (value.empty()) Fail(file, i, "clause " + id + ": " + key + " is empty");
  return std::string(value);
}

}  // namespace

bool IsClauseId(std::string_view id) {
  if (!(id.substr(0, 5) == "core." || id.substr(0, 5) == "chat." || id.substr(0, 8) == "example.")) return false;
  std::size_t word = 0;
  for (char c : id) {
    if (c == '.') {
      if (word == 0) return false;
      word = 0;
      continue;
    }
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    ++word;
  }
  return word > 0;
}

std::vector<Clause> ParseClauses(std::string_view text, const std::string& file) {
  const std::vector<std::string_view> lines = Lines(text);
  std::vector<Clause> clauses;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].substr(0, 4) != "### ") continue;
    std::string_view heading = lines[i].substr(4);
    if (heading.size() < 3 || heading.front() != '`' || heading.back() != '`') {
      Fail(file, i, "a level-3 heading holds a clause id in backquotes, got: " + std::string(heading));
    }
    Clause c;
    c.id = std::string(heading.substr(1, heading.size() - 2));
    c.line = static_cast<int>(i + 1);
    if (!IsClauseId(c.id)) Fail(file, i, "not a clause id (core.|chat.|example. then [a-z0-9-] words): " + c.id);
    if (!seen.insert(c.id).second) Fail(file, i, "clause " + c.id + " is defined twice");
    if (i + 1 >= lines.size() || lines[i + 1].empty() || lines[i + 1].substr(0, 2) == "- ") {
      Fail(file, i + 1, "clause " + c.id + ": the line after the heading states the rule");
    }
    c.rule = std::string(lines[i + 1]);
    c.source = Item(lines, i + 2, "source", file, c.id);
    const std::string basis = Item(lines, i + 3, "basis", file, c.id);
    if (basis == "documented") c.basis = Basis::kDocumented;
    else if (basis == "implied") c.basis = Basis::kImplied;
    else if (basis == "cpython-decided") c.basis = Basis::kCpythonDecided;
    else Fail(file, i + 3, "clause " + c.id + ": basis is documented, implied or cpython-decided, got " + basis);
    const std::string testable = Item(lines, i + 4, "testable", file, c.id);
    if (testable == "yes") {
      c.testable = true;
    } else if (testable.substr(0, 3) == "no:" && testable.size() > 4) {
      c.testable = false;
      c.untestable_reason = testable.substr(4);
    } else {
      Fail(file, i + 4, "clause " + c.id + ": testable is \"yes\" or \"no: <why>\", got " + testable);
    }
    c.differs = Item(lines, i + 5, "differs", file, c.id);
    clauses.push_back(std::move(c));
    i += 5;
  }
  return clauses;
}

}  // namespace spec
