#include "conformance/run/expected_failures.h"

#include <fnmatch.h>

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace conformance {
namespace {

std::string Trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

bool IsPatternChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("_.-:*?[]!").find(c) != std::string_view::npos;
}

}  // namespace

ExpectedFailures ExpectedFailures::Parse(std::string_view text, const std::string& file) {
  ExpectedFailures out;
  out.file_ = file;
  std::string block_reason;  // the comment block above, until a blank line
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string line = Trim(raw);
    if (line.empty()) {
      block_reason.clear();
      continue;
    }
    if (line[0] == '#') {
      std::string comment = Trim(std::string_view(line).substr(1));
      block_reason += (block_reason.empty() || comment.empty() ? "" : " ") + comment;
      continue;
    }
    std::string reason;
    if (std::size_t hash = line.find('#'); hash != std::string::npos) {
      reason = Trim(std::string_view(line).substr(hash + 1));
      line = Trim(std::string_view(line).substr(0, hash));
    }
    for (char c : line) {
      if (!IsPatternChar(c)) {
        throw std::invalid_argument(file + ":" + std::to_string(line_no) + ": expected one case id or glob, got '" +
                                    line + "': " + std::string(raw));
      }
    }
    out.entries_.push_back(Entry{line, reason.empty() ? block_reason : reason, line_no});
  }
  return out;
}

ExpectedFailures ExpectedFailures::Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read expected-failures file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

const ExpectedFailures::Entry* ExpectedFailures::Find(const std::string& id) const {
  for (const Entry& e : entries_) {
    if (fnmatch(e.pattern.c_str(), id.c_str(), 0) == 0) return &e;
  }
  return nullptr;
}

std::vector<ExpectedFailures::Entry> ExpectedFailures::Unused(const std::vector<std::string>& ids) const {
  std::vector<Entry> unused;
  for (const Entry& e : entries_) {
    bool used = false;
    for (const std::string& id : ids) {
      if (fnmatch(e.pattern.c_str(), id.c_str(), 0) == 0) {
        used = true;
        break;
      }
    }
    if (!used) unused.push_back(e);
  }
  return unused;
}

}  // namespace conformance
