#include "tools/loadgen/message_size.h"

namespace loadgen {
namespace {

std::optional<std::size_t> ParseOne(std::string_view text, std::string* error) {
  std::size_t i = 0;
  std::uint64_t value = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    value = value * 10 + static_cast<std::uint64_t>(text[i] - '0');
    ++i;
    if (value > MessageSize::kMaxSize) {
      while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;  // too large whatever follows
      break;
    }
  }
  if (i == 0) {
    *error = "size \"" + std::string(text) + "\" does not start with a number";
    return std::nullopt;
  }
  std::string_view suffix = text.substr(i);
  std::uint64_t scale = 1;
  if (suffix == "" || suffix == "B" || suffix == "b") {
    scale = 1;
  } else if (suffix == "K" || suffix == "k" || suffix == "KiB" || suffix == "KB") {
    scale = 1024;
  } else if (suffix == "M" || suffix == "m" || suffix == "MiB" || suffix == "MB") {
    scale = 1024 * 1024;
  } else {
    *error = "size \"" + std::string(text) + "\": unknown unit \"" + std::string(suffix) + "\" (use K or M)";
    return std::nullopt;
  }
  if (value > MessageSize::kMaxSize || value * scale > MessageSize::kMaxSize || value * scale < MessageSize::kMinSize) {
    *error = "size \"" + std::string(text) + "\" is outside " + std::to_string(MessageSize::kMinSize) + ".." +
             std::to_string(MessageSize::kMaxSize) + " bytes";
    return std::nullopt;
  }
  return static_cast<std::size_t>(value * scale);
}

}  // namespace

std::string MessageSize::ToString() const {
  return fixed() ? std::to_string(min) : std::to_string(min) + "-" + std::to_string(max);
}

std::optional<MessageSize> ParseMessageSize(std::string_view text, std::string* error) {
  std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    std::optional<std::size_t> one = ParseOne(text, error);
    if (!one) return std::nullopt;
    return MessageSize{*one, *one};
  }
  std::optional<std::size_t> lo = ParseOne(text.substr(0, dash), error);
  if (!lo) return std::nullopt;
  std::optional<std::size_t> hi = ParseOne(text.substr(dash + 1), error);
  if (!hi) return std::nullopt;
  if (*lo > *hi) {
    *error = "size range \"" + std::string(text) + "\": the minimum is above the maximum";
    return std::nullopt;
  }
  return MessageSize{*lo, *hi};
}

}  // namespace loadgen
