// A command-line check for options that take a count, a size or a seed: the
// text must be a whole number of decimal digits from 0 to a maximum.
//
// CLI11's own checks fall short for unsigned options: its conversion wraps
// "-1" around to the type's maximum, saturates a 20-digit number without a
// word, and CLI::NonNegativeNumber's message ends in a double's 309-digit
// maximum. This check runs on the text before CLI11 converts it, so what
// passes converts exactly, and the message names the value and the range.
#ifndef ASYNCHAT_BASE_WHOLE_NUMBER_OPTION_H_
#define ASYNCHAT_BASE_WHOLE_NUMBER_OPTION_H_

#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

namespace base {

// Accepts "0".."max" (digits only: no sign, blank, exponent or fraction).
// `what` names a value in the message: "'-1' is not a seed: give a whole
// number from 0 to 18446744073709551615".
CLI::Validator WholeNumberUpTo(std::uint64_t max, const std::string& what);

// The message WholeNumberUpTo gives for `text`, or "" if it is accepted.
std::string WholeNumberProblem(const std::string& text, std::uint64_t max, const std::string& what);

}  // namespace base

#endif  // ASYNCHAT_BASE_WHOLE_NUMBER_OPTION_H_
