#include "conformance/cases/scenario_text.h"

#include <stdexcept>

#include "traces/bytes_escape.h"

namespace conformance::cases {

std::string Q(std::string_view bytes) { return "\"" + traces::EscapeBytes(bytes) + "\""; }

std::string Str(std::string_view terminator) { return "str:" + Q(terminator); }

std::string ReadsAt(std::string_view channel, std::string_view stream, const std::vector<std::size_t>& cuts) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t cut : cuts) {
    if (cut <= from || cut >= stream.size()) {
      throw std::invalid_argument("ReadsAt: cut " + std::to_string(cut) + " out of order or outside a stream of " +
                                  std::to_string(stream.size()) + " bytes");
    }
    out += "> " + std::string(channel) + " read " + Q(stream.substr(from, cut - from)) + "\n";
    from = cut;
  }
  if (from < stream.size()) out += "> " + std::string(channel) + " read " + Q(stream.substr(from)) + "\n";
  return out;
}

std::string ReadsEvery(std::string_view channel, std::string_view stream, std::size_t size) {
  if (size == 0) throw std::invalid_argument("ReadsEvery: size must be at least 1");
  std::vector<std::size_t> cuts;
  for (std::size_t at = size; at < stream.size(); at += size) cuts.push_back(at);
  return ReadsAt(channel, stream, cuts);
}

std::string Repeat(std::string_view line, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += std::string(line) + "\n";
  return out;
}

}  // namespace conformance::cases
