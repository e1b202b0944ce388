#include "conformance/report/report.h"

#include <string>

namespace conformance {

std::string ClipLongLines(const std::string& text, std::size_t max_chars) {
  std::string out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::size_t len = end - pos;
    if (len > max_chars) {
      // Head and tail: a send's count and a string's end are where two long
      // records usually differ.
      std::size_t tail = max_chars / 3, head = max_chars - tail;
      out.append(text, pos, head);
      out += "...[" + std::to_string(len - head - tail) + " characters]...";
      out.append(text, end - tail, tail);
    } else {
      out.append(text, pos, len);
    }
    if (end == text.size()) break;
    out += '\n';
    pos = end + 1;
  }
  return out;
}

}  // namespace conformance
