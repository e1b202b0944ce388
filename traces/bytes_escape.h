// Escaping of arbitrary bytes into one printable ASCII line and back, shared
// by messages, traces and the driver protocol so byte strings diff well:
// printable ASCII is kept, \n \r \t \\ \" are named, anything else is \xHH.
#ifndef ASYNCHAT_TRACES_BYTES_ESCAPE_H_
#define ASYNCHAT_TRACES_BYTES_ESCAPE_H_

#include <string>
#include <string_view>

namespace traces {

std::string EscapeBytes(std::string_view bytes);

// Inverse of EscapeBytes. Throws std::invalid_argument naming the offending
// escape and its column (0-based) on malformed input.
std::string UnescapeBytes(std::string_view escaped);

}  // namespace traces

#endif  // ASYNCHAT_TRACES_BYTES_ESCAPE_H_
