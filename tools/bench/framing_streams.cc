#include "tools/bench/framing_streams.h"

#include <algorithm>
#include <cstring>

namespace bench {
namespace {

using asynchat::FramingCore;
using asynchat::Terminator;

// Filler text with no "\r", "\n" or ".", so only the intended terminators occur.
char Filler(std::size_t i) { return static_cast<char>('a' + (i * 7 + i / 13) % 26); }

std::string Lines(std::size_t total, std::size_t line, const char* eol) {
  std::string out;
  const std::size_t eol_size = std::strlen(eol);
  while (out.size() < total) {
    const std::size_t body = std::min(line - eol_size, total - out.size());
    for (std::size_t i = 0; i < body; ++i) out += Filler(out.size() + i);
    if (out.size() + eol_size <= total) out += eol;
    else out.append(total - out.size(), 'z');
  }
  return out;
}

Stream MakeLf64() {
  Stream s{"lf64", StreamKind::kLf64, {}, {}};
  while (s.bytes.size() < kStreamBytes) s.bytes += Lines(64, 64, "\n");
  return s;
}

Stream MakeDot1k() {
  Stream s{"dot1k", StreamKind::kDot1k, {}, {}};
  const std::string message = Lines(1024 - 5, 64, "\r\n") + "\r\n.\r\n";
  while (s.bytes.size() < kStreamBytes) s.bytes += message;
  return s;
}

Stream MakeCount100() {
  Stream s{"count100", StreamKind::kCount100, {}, {}};
  for (std::size_t i = 0; s.bytes.size() < kStreamBytes; ++i) s.bytes += Filler(i);
  s.bytes.resize(kStreamBytes / 100 * 100);
  return s;
}

Stream MakeHttp() {
  Stream s{"http", StreamKind::kHttp, {}, {}};
  for (std::size_t i = 0; s.bytes.size() < kStreamBytes; ++i) {
    const std::size_t length = 200 + (i * 389) % 1800;  // 200..1999 bytes
    s.body_lengths.push_back(length);
    s.bytes += "POST /submit/" + std::to_string(i) + " HTTP/1.1\r\n";
    s.bytes += "Host: example.test\r\nUser-Agent: framing-benchmark/1.0\r\nAccept: */*\r\n";
    s.bytes += "Content-Type: application/octet-stream\r\n";
    s.bytes += "Content-Length: " + std::to_string(length) + "\r\n\r\n";
    for (std::size_t k = 0; k < length; ++k) s.bytes += Filler(k + i);
  }
  return s;
}

}  // namespace

const std::vector<Stream>& Streams() {
  static const std::vector<Stream> streams = {MakeLf64(), MakeDot1k(), MakeCount100(), MakeHttp()};
  return streams;
}

Terminator InitialTerminator(StreamKind kind) {
  switch (kind) {
    case StreamKind::kLf64:
      return Terminator::String("\n");
    case StreamKind::kDot1k:
      return Terminator::String("\r\n.\r\n");
    case StreamKind::kCount100:
      return Terminator::Count(100);
    case StreamKind::kHttp:
      return Terminator::String("\r\n\r\n");
  }
  return Terminator::None();
}

// The re-arming cases are out of line so that the common case (a string
// terminator left in place) costs a counter increment, not the stack frame
// the Terminator temporaries need.
void SumHandler::found_terminator() {
  ++found;
  if (stream_.kind == StreamKind::kCount100 || stream_.kind == StreamKind::kHttp) Rearm();
}

void SumHandler::Rearm() {
  if (stream_.kind == StreamKind::kCount100) {
    core_.set_terminator(Terminator::Count(100));
    return;
  }
  if (in_headers_) {
    core_.set_terminator(Terminator::Count(static_cast<std::int64_t>(stream_.body_lengths[request_++])));
  } else {
    core_.set_terminator(Terminator::String("\r\n\r\n"));
  }
  in_headers_ = !in_headers_;
}

Tally FrameStream(const Stream& stream, std::size_t read_size) {
  const std::string_view bytes(stream.bytes);
  FramingCore core;
  core.set_terminator(InitialTerminator(stream.kind));
  SumHandler handler(core, stream);
  for (std::size_t pos = 0; pos < bytes.size(); pos += read_size) {
    core.Feed(bytes.substr(pos, read_size), handler);
  }
  return {handler.bytes, handler.found};
}

Tally BaselineScan(const Stream& stream, std::size_t read_size) {
  const std::string_view bytes(stream.bytes);
  Tally tally;
  if (stream.kind == StreamKind::kCount100) {
    std::uint64_t left = 100;
    for (std::size_t pos = 0; pos < bytes.size(); pos += read_size) {
      std::size_t n = std::min(read_size, bytes.size() - pos);
      while (n > 0) {
        const std::size_t take = std::min<std::uint64_t>(n, left);
        tally.bytes += take;
        n -= take;
        left -= take;
        if (left == 0) {
          ++tally.found;
          left = 100;
        }
      }
    }
    return tally;
  }
  const std::string needle = stream.kind == StreamKind::kLf64    ? "\n"
                             : stream.kind == StreamKind::kDot1k ? "\r\n.\r\n"
                                                                 : "\r\n\r\n";
  for (std::size_t pos = 0; pos < bytes.size(); pos += read_size) {
    const char* p = bytes.data() + pos;
    const char* end = p + std::min(read_size, bytes.size() - pos);
    while (p < end) {
      const void* hit = needle.size() == 1 ? std::memchr(p, needle[0], static_cast<std::size_t>(end - p))
                                           : memmem(p, static_cast<std::size_t>(end - p), needle.data(), needle.size());
      if (hit == nullptr) {
        tally.bytes += static_cast<std::uint64_t>(end - p);
        break;
      }
      const char* h = static_cast<const char*>(hit);
      tally.bytes += static_cast<std::uint64_t>(h - p);
      ++tally.found;
      p = h + needle.size();
    }
  }
  return tally;
}

}  // namespace bench
