#include "base/shell_quote.h"

#include <cctype>

namespace base {

std::string ShellQuote(const std::string& s) {
  bool plain = !s.empty();
  for (char ch : s) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || std::string("/._-:=,+@%").find(ch) != std::string::npos)) {
      plain = false;
    }
  }
  if (plain) return s;
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') out += "'\\''";
    else out += ch;
  }
  return out + "'";
}

}  // namespace base
