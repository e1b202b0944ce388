#include "conformance/report/implementation_notes.h"

#include <fnmatch.h>

#include <algorithm>
#include <cctype>
#include <map>

namespace conformance {
namespace {

// "`GLOB` adds: TEXT" (GLOB without spaces or backquotes, TEXT not empty).
// Plain string work: GCC 12's <regex> trips -Wmaybe-uninitialized under ASan.
bool SplitAdds(const std::string& text, std::string& glob, std::string& addendum) {
  if (text.size() < 2 || text[0] != '`') return false;
  const std::size_t close = text.find('`', 1);
  if (close == std::string::npos || close == 1) return false;
  glob = text.substr(1, close - 1);
  if (glob.find(' ') != std::string::npos) return false;
  const std::string rest = " adds: ";
  if (text.compare(close + 1, rest.size(), rest) != 0) return false;
  addendum = text.substr(close + 1 + rest.size());
  return !addendum.empty();
}

// "Where NAME's code departs from its own documents" -> NAME.
bool DeparturesSubject(const std::string& heading, std::string& subject) {
  const std::string head = "Where ", tail = "'s code departs from its own documents";
  if (heading.size() <= head.size() + tail.size()) return false;
  if (heading.compare(0, head.size(), head) != 0) return false;
  if (heading.compare(heading.size() - tail.size(), tail.size(), tail) != 0) return false;
  subject = heading.substr(head.size(), heading.size() - head.size() - tail.size());
  return true;
}

struct Line {
  int number = 0;
  std::string text;  // without the line end and trailing spaces
};

// Consecutive non-blank lines; a heading line is a block of its own.
struct Block {
  std::vector<Line> lines;
  int level = 0;  // 1..3 for a "#", "##" or "###" heading, 0 otherwise
  std::string heading;
  int first() const { return lines.front().number; }
  bool list() const { return level == 0 && lines.front().text.rfind("- ", 0) == 0; }
};

class Parser {
 public:
  Parser(const std::string& impl, const std::string& file) : file_(file) {
    notes_.impl = impl;
    notes_.file = file;
  }

  ImplementationNotes Parse(const std::string& text);

 private:
  [[noreturn]] void Fail(int line, const std::string& what) const {
    throw NotesError(file_ + ":" + std::to_string(line) + ": " + what);
  }
  std::vector<Block> Blocks(const std::string& text) const;
  void Divergence(const Block& heading, const std::vector<Block>& body);
  void Departure(const Block& heading, const std::vector<Block>& body);
  struct Item {
    int line = 0;
    std::string text;
  };
  std::vector<Item> Items(const Block& list) const;
  std::string Paragraph(const Block& b) const;
  std::vector<std::string> CodeList(const Item& item, std::size_t from, const char* what) const;
  void Claim(const std::string& match, int line);

  std::string file_;
  ImplementationNotes notes_;
  std::map<std::string, int> claimed_;  // match -> the line naming it
};

// Whether a line (without its indentation) would not read as text of a
// paragraph or list item on GitHub: a list item, heading, quote, table row,
// code fence, HTML, or a rule or setext underline.
bool LooksLikeStructure(const std::string& s) {
  if (s.empty()) return false;
  if (std::string("#>|<").find(s[0]) != std::string::npos) return true;
  if (s.rfind("```", 0) == 0 || s.rfind("~~~", 0) == 0) return true;
  if (std::string("-*+").find(s[0]) != std::string::npos && (s.size() == 1 || s[1] == ' ')) return true;
  if (s.find_first_not_of("-=_* ") == std::string::npos) return true;
  std::size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits > 0 && digits < s.size() && (s[digits] == '.' || s[digits] == ')') &&
      (digits + 1 == s.size() || s[digits + 1] == ' ')) {
    return true;
  }
  return false;
}

std::string Unindent(const std::string& s) { return s.substr(std::min(s.size(), s.find_first_not_of(' '))); }

std::vector<Block> Parser::Blocks(const std::string& text) const {
  std::vector<Block> blocks;
  bool open = false;  // the last block takes more lines
  std::size_t pos = 0;
  for (int number = 1; pos < text.size(); ++number) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string s = text.substr(pos, end - pos);
    pos = end + 1;
    if (s.find('\t') != std::string::npos) Fail(number, "a tab: indent with spaces");
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
    if (s.empty()) {
      open = false;
      continue;
    }
    if (s[0] == '#') {
      Block b;
      while (b.level < static_cast<int>(s.size()) && s[b.level] == '#') ++b.level;
      if (b.level > 3 || b.level == static_cast<int>(s.size()) || s[b.level] != ' ' ||
          Unindent(s.substr(b.level)).empty()) {
        Fail(number, "not a heading of this format (\"# \", \"## \" or \"### \" and a title): " + s);
      }
      b.heading = Unindent(s.substr(b.level));
      b.lines.push_back({number, s});
      blocks.push_back(std::move(b));
      open = false;
      continue;
    }
    if (!open) blocks.emplace_back();
    blocks.back().lines.push_back({number, s});
    open = true;
  }
  return blocks;
}

std::vector<Parser::Item> Parser::Items(const Block& list) const {
  std::vector<Item> items;
  for (const Line& l : list.lines) {
    if (l.text.rfind("- ", 0) == 0) {
      std::string t = Unindent(l.text.substr(2));
      if (t.empty()) Fail(l.number, "an empty list item");
      items.push_back({l.number, t});
    } else if (l.text.rfind("  ", 0) == 0) {
      std::string t = Unindent(l.text);
      if (LooksLikeStructure(t)) {
        Fail(l.number,
             "a continuation line that GitHub would not show as text of the item (it begins like a list "
             "item, heading, quote, table, code fence or rule): " +
                 t);
      }
      items.back().text += " " + t;
    } else {
      Fail(l.number, "in a list every line is an item (\"- \") or continues one (indented two spaces)");
    }
  }
  return items;
}

std::string Parser::Paragraph(const Block& b) const {
  if (b.lines.front().text[0] == ' ') Fail(b.first(), "an indented paragraph (GitHub shows it as code)");
  std::string out;
  for (const Line& l : b.lines) {
    std::string t = Unindent(l.text);
    if (LooksLikeStructure(t)) {
      Fail(l.number,
           "a line that GitHub would not show as text of the paragraph (it begins like a list item, "
           "heading, quote, table, code fence or rule); leave a blank line before a list: " +
               t);
    }
    out += (out.empty() ? "" : " ") + t;
  }
  return out;
}

// "`a`, `b`" from item.text[from...].
std::vector<std::string> Parser::CodeList(const Item& item, std::size_t from, const char* what) const {
  std::vector<std::string> out;
  const std::string& s = item.text;
  std::size_t i = from;
  const std::string usage =
      std::string("expected ") + what + "s in backticks separated by \", \": `" + what + "`, `" + what + "`";
  while (true) {
    if (i >= s.size() || s[i] != '`') Fail(item.line, usage);
    std::size_t close = s.find('`', i + 1);
    if (close == std::string::npos) Fail(item.line, usage);
    std::string value = s.substr(i + 1, close - i - 1);
    if (value.empty() || value.find(' ') != std::string::npos)
      Fail(item.line, std::string("an empty ") + what + " or one with a space: `" + value + "`");
    out.push_back(value);
    i = close + 1;
    if (i == s.size()) break;
    if (s.compare(i, 2, ", ") != 0) Fail(item.line, usage);
    i += 2;
  }
  return out;
}

void Parser::Claim(const std::string& match, int line) {
  auto [it, inserted] = claimed_.emplace(match, line);
  if (!inserted) {
    const bool id = match.rfind("id:", 0) == 0;
    Fail(line, (id ? "`" + match.substr(3) + "`" : "tag `" + match.substr(4) + "`") + " is already given at line " +
                   std::to_string(it->second) + (id ? " (only the first can ever match)" : ""));
  }
}

void Parser::Divergence(const Block& heading, const std::vector<Block>& body) {
  const std::string& title = heading.heading;
  if (body.empty() || !body.front().list()) {
    Fail(body.empty() ? heading.first() : body.front().first(),
         "expected the fields of \"" + title + "\" (\"- cases: `GLOB`, ...\") right after its heading");
  }
  struct Pending {
    std::string match;
    std::string addendum;
    int line;
  };
  std::vector<Pending> pending;
  std::string contradicts;
  int contradicts_line = 0;
  for (const Item& item : Items(body.front())) {
    std::string glob, addendum;
    if (item.text.rfind("cases: ", 0) == 0) {
      for (const std::string& g : CodeList(item, 7, "GLOB")) pending.push_back({"id:" + g, "", item.line});
    } else if (item.text.rfind("tags: ", 0) == 0) {
      for (const std::string& t : CodeList(item, 6, "TAG")) pending.push_back({"tag:" + t, "", item.line});
    } else if (item.text.rfind("contradicts: ", 0) == 0) {
      if (contradicts_line)
        Fail(item.line, "a second contradicts (the first is at line " + std::to_string(contradicts_line) + ")");
      contradicts = Unindent(item.text.substr(13));
      contradicts_line = item.line;
    } else if (SplitAdds(item.text, glob, addendum)) {
      pending.push_back({"id:" + glob, Unindent(addendum), item.line});
    } else {
      Fail(item.line,
           "not a field of a divergence (\"- cases: `GLOB`, ...\", \"- tags: `TAG`, ...\", \"- `GLOB` adds: "
           "TEXT\" or \"- contradicts: TEXT\"): " +
               item.text);
    }
  }
  if (pending.empty())
    Fail(body.front().first(), "\"" + title + "\" names no cases: give \"- cases: `GLOB`\" or \"- tags: `TAG`\"");
  if (body.size() < 2) Fail(heading.first(), "\"" + title + "\" has no explanation: a paragraph after its fields");
  if (body[1].list()) Fail(body[1].first(), "a second list in \"" + title + "\": its fields are one list");
  std::string explanation = Paragraph(body[1]);
  if (body.size() > 2) {
    Fail(body[2].first(), "more after the explanation of \"" + title +
                              "\": the explanation is one paragraph (RESULTS.md prints it inline)");
  }
  for (const Pending& p : pending) {
    Claim(p.match, p.line);
    notes_.divergences.push_back(
        {p.match, title, p.addendum.empty() ? explanation : explanation + " " + p.addendum, contradicts, p.line});
  }
}

void Parser::Departure(const Block& heading, const std::vector<Block>& body) {
  const std::string& title = heading.heading;
  if (body.empty() || !body.front().list()) {
    Fail(body.empty() ? heading.first() : body.front().first(),
         "expected the fields of \"" + title +
             "\" (\"- documents:\", \"- code:\", \"- effect:\", \"- cases:\") right "
             "after its heading");
  }
  if (body.size() > 1) Fail(body[1].first(), "a departure has only its fields (documents, code, effect, cases)");
  CodeDeparture d;
  d.title = title;
  d.line = heading.first();
  std::map<std::string, int> seen;
  for (const Item& item : Items(body.front())) {
    std::size_t colon = item.text.find(": ");
    std::string name = item.text.substr(0, colon);
    std::string value = colon == std::string::npos ? "" : Unindent(item.text.substr(colon + 2));
    if (name != "documents" && name != "code" && name != "effect" && name != "cases") {
      Fail(item.line,
           "not a field of a departure (\"- documents: \", \"- code: \", \"- effect: \", \"- cases: \"): " + item.text);
    }
    if (value.empty()) Fail(item.line, "an empty " + name);
    if (!seen.emplace(name, item.line).second) {
      Fail(item.line, "a second " + name + " (the first is at line " + std::to_string(seen[name]) + ")");
    }
    if (name == "documents") d.documents = value;
    if (name == "code") d.code = value;
    if (name == "effect") d.effect = value;
    if (name == "cases" && value != "none") {
      std::vector<std::string> globs = CodeList(item, colon + 2, "GLOB");
      if (globs.size() != 1) Fail(item.line, "a departure's cases are one glob, or none");
      d.cases = globs.front();
    }
  }
  for (const char* name : {"documents", "code", "effect", "cases"}) {
    if (!seen.count(name)) Fail(heading.first(), "\"" + title + "\" has no \"- " + name + ": \"");
  }
  notes_.departures.push_back(std::move(d));
}

ImplementationNotes Parser::Parse(const std::string& text) {
  std::vector<Block> blocks = Blocks(text);
  if (blocks.empty() || blocks.front().level != 1) {
    Fail(blocks.empty() ? 1 : blocks.front().first(),
         "a notes.md begins with its heading, \"# " + notes_.impl + " ...\"");
  }
  const std::string& h1 = blocks.front().heading;
  if (!notes_.impl.empty() &&
      !(h1 == notes_.impl || h1.rfind(notes_.impl + " ", 0) == 0 || h1.rfind(notes_.impl + ":", 0) == 0)) {
    Fail(blocks.front().first(),
         "the heading names another implementation: \"# " + h1 + "\" in the notes of " + notes_.impl);
  }
  bool divergences_seen = false;
  std::size_t i = 1;
  // The introduction: free text, for readers only.
  for (; i < blocks.size() && blocks[i].level != 2; ++i) {
    if (blocks[i].level == 1) Fail(blocks[i].first(), "a second \"# \" heading");
    if (blocks[i].level == 3) {
      Fail(blocks[i].first(),
           "an entry (\"### \") before the first part (\"## Divergences\" or \"## Where <name>'s "
           "code departs from its own documents\")");
    }
  }
  while (i < blocks.size()) {
    const Block& part = blocks[i++];
    if (part.level == 1) Fail(part.first(), "a second \"# \" heading");
    std::string subject;
    bool departures = false;
    if (part.heading == "Divergences") {
      if (divergences_seen) Fail(part.first(), "a second \"## Divergences\"");
      divergences_seen = true;
    } else if (DeparturesSubject(part.heading, subject)) {
      if (!notes_.departures_subject.empty()) Fail(part.first(), "a second \"## " + part.heading + "\"");
      notes_.departures_subject = subject;
      departures = true;
    } else {
      Fail(part.first(),
           "not a part of this format (\"## Divergences\" or \"## Where <name>'s code departs from its own "
           "documents\"): ## " +
               part.heading);
    }
    // What comes before the part's first entry: for departures, one paragraph.
    std::size_t begin = i;
    while (i < blocks.size() && blocks[i].level == 0) ++i;
    if (i > begin) {
      if (!departures) Fail(blocks[begin].first(), "text between \"## Divergences\" and its first \"### \" entry");
      if (i - begin > 1 || blocks[begin].list()) {
        Fail(blocks[begin + (i - begin > 1)].first(), "the opening of \"## " + part.heading + "\" is one paragraph");
      }
      notes_.departures_intro = Paragraph(blocks[begin]);
    }
    while (i < blocks.size() && blocks[i].level == 3) {
      const Block& heading = blocks[i++];
      std::vector<Block> body;
      while (i < blocks.size() && blocks[i].level == 0) body.push_back(blocks[i++]);
      if (departures) {
        Departure(heading, body);
      } else {
        Divergence(heading, body);
      }
    }
  }
  return std::move(notes_);
}

}  // namespace

ImplementationNotes ParseImplementationNotes(const std::string& text, const std::string& impl,
                                             const std::string& file) {
  return Parser(impl, file).Parse(text);
}

std::vector<const DivergenceNote*> NotesFor(const ImplementationNotes& notes, const Case& c) {
  // The first note matching by id wins (the file lists specific globs before
  // general ones); without one, every note matching a tag of the case.
  std::vector<const DivergenceNote*> by_tag;
  for (const DivergenceNote& n : notes.divergences) {
    if (n.match.rfind("id:", 0) == 0) {
      if (fnmatch(n.match.c_str() + 3, c.id.c_str(), 0) == 0) return {&n};
    } else if (n.match.rfind("tag:", 0) == 0) {
      if (std::find(c.tags.begin(), c.tags.end(), n.match.substr(4)) != c.tags.end()) by_tag.push_back(&n);
    }
  }
  return by_tag;
}

}  // namespace conformance
