// Escaping of arbitrary bytes into one printable ASCII line and back, shared
// by messages, traces and the driver protocol so byte strings diff well:
// printable ASCII is kept, \n \r \t \\ \" are named, anything else is \xHH.
#ifndef ASYNCHAT_TRACES_BYTES_ESCAPE_H_
#define ASYNCHAT_TRACES_BYTES_ESCAPE_H_

#include <string>
#include <string_view>

namespace traces {

std::string EscapeBytes(std::string_view bytes);

// Text for a terminal or a report (an adapter's stderr, its name): every
// control byte but \n and \t (so also \r, ESC, NUL, DEL) becomes \xHH, so
// that no escape sequence reaches a console and no NUL a file; the rest,
// UTF-8 included, is kept. Not reversible: for showing, never for parsing.
std::string EscapeControlBytes(std::string_view text);

// Inverse of EscapeBytes. Throws std::invalid_argument naming the offending
// escape and its column (0-based) on malformed input.
std::string UnescapeBytes(std::string_view escaped);

}  // namespace traces

#endif  // ASYNCHAT_TRACES_BYTES_ESCAPE_H_
