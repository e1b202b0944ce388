#include "base/whole_number_option.h"

#include <cerrno>
#include <cstdlib>

namespace base {

std::string WholeNumberProblem(const std::string& text, std::uint64_t max, const std::string& what) {
  const std::string why = "'" + text + "' is not " + what + ": give a whole number from 0 to " + std::to_string(max);
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return why;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), nullptr, 10);
  if (errno == ERANGE || value > max) return why;
  return "";
}

CLI::Validator WholeNumberUpTo(std::uint64_t max, const std::string& what) {
  return CLI::Validator(
      [max, what](std::string& text) -> std::string { return WholeNumberProblem(text, max, what); },
      "0.." + std::to_string(max));
}

}  // namespace base
