// Quoting for a POSIX shell, for the commands the tools print for a user to
// paste (a replay command naming a counterexample file and an --impl).
#ifndef ASYNCHAT_BASE_SHELL_QUOTE_H_
#define ASYNCHAT_BASE_SHELL_QUOTE_H_

#include <string>

namespace base {

// `s` as one shell word: unchanged when it has only characters no shell
// treats specially, else in single quotes.
std::string ShellQuote(const std::string& s);

}  // namespace base

#endif  // ASYNCHAT_BASE_SHELL_QUOTE_H_
