// Helpers for writing case scenarios as trace text (traces/FORMAT.md).
//
// Cases are written in the trace syntax so that anyone who knows FORMAT.md
// can read them; these helpers only produce the lines that are tedious or
// error-prone by hand: quoted byte strings, and the read lines of one stream
// cut at given offsets (the variants of a chunking family). Every line they
// return ends with '\n'.
#ifndef ASYNCHAT_CONFORMANCE_CASES_SCENARIO_TEXT_H_
#define ASYNCHAT_CONFORMANCE_CASES_SCENARIO_TEXT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace conformance::cases {

// `bytes` as a trace byte string: quoted and escaped as bytes_escape.h does.
std::string Q(std::string_view bytes);

// set_terminator's argument for a string terminator: str:"...".
std::string Str(std::string_view terminator);

// "> CHANNEL read "..."" lines delivering `stream` cut at `cuts` (strictly
// increasing offsets inside the stream); empty pieces are never produced.
// Throws std::invalid_argument for cuts out of order or out of range, since
// a wrong cut would silently test another chunking than the case claims.
std::string ReadsAt(std::string_view channel, std::string_view stream, const std::vector<std::size_t>& cuts);

// The same, in pieces of `size` bytes (the last may be shorter); size >= 1.
std::string ReadsEvery(std::string_view channel, std::string_view stream, std::size_t size);

// `line` + '\n', `times` times (e.g. several "> c write").
std::string Repeat(std::string_view line, std::size_t times);

}  // namespace conformance::cases

#endif  // ASYNCHAT_CONFORMANCE_CASES_SCENARIO_TEXT_H_
