// ByteSource / ByteSink: how the fuzz targets split one input into data and
// structure, and how seeds are written in that split.
//
// Like libFuzzer's FuzzedDataProvider, byte strings (the stream, pushed data,
// terminator bytes) are taken from the FRONT of the input and small integers
// (operations, sizes, counts) from the BACK, so a mutation of the stream does
// not shift every decision and a mutation of a decision does not shift the
// stream. FuzzedDataProvider itself is not used: it ships with clang only,
// and every target is also compiled by g++ for its replay test; and seeds
// need an exact inverse, which ByteSink is (a value written with Put* is read
// back by the matching Take*, in the same order).
//
// When the input runs out, Take* return 0 / fewer bytes; they never fail.
#ifndef ASYNCHAT_FUZZ_BYTE_SOURCE_H_
#define ASYNCHAT_FUZZ_BYTE_SOURCE_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace fuzz {

class ByteSource {
 public:
  ByteSource(const std::uint8_t* data, std::size_t size)
      : data_(reinterpret_cast<const char*>(data)), front_(0), back_(size) {}
  explicit ByteSource(std::string_view s) : data_(s.data()), front_(0), back_(s.size()) {}

  bool empty() const { return front_ == back_; }
  std::size_t remaining() const { return back_ - front_; }

  // One byte from the back; 0 when nothing is left.
  std::uint8_t TakeByte() {
    if (empty()) return 0;
    return static_cast<std::uint8_t>(data_[--back_]);
  }
  // Two bytes from the back, low byte first.
  std::uint16_t TakeU16() {
    const std::uint16_t lo = TakeByte();
    const std::uint16_t hi = TakeByte();
    return static_cast<std::uint16_t>(lo | (hi << 8));
  }
  // Up to n bytes from the front.
  std::string_view TakeBytes(std::size_t n) {
    n = std::min(n, remaining());
    std::string_view out(data_ + front_, n);
    front_ += n;
    return out;
  }
  // Everything left, as bytes.
  std::string_view TakeRest() { return TakeBytes(remaining()); }

 private:
  const char* data_;
  std::size_t front_;
  std::size_t back_;
};

// Writes an input that ByteSource reads back value for value.
class ByteSink {
 public:
  void PutByte(std::uint8_t b) { back_.push_back(static_cast<char>(b)); }
  void PutU16(std::uint16_t v) {
    PutByte(static_cast<std::uint8_t>(v & 0xff));
    PutByte(static_cast<std::uint8_t>(v >> 8));
  }
  void PutBytes(std::string_view s) { front_.append(s); }
  std::size_t size() const { return front_.size() + back_.size(); }

  // The front bytes, then the back bytes in reverse (the first PutByte is
  // the input's last byte).
  std::string Finish() const { return front_ + std::string(back_.rbegin(), back_.rend()); }

 private:
  std::string front_;
  std::string back_;
};

}  // namespace fuzz

#endif  // ASYNCHAT_FUZZ_BYTE_SOURCE_H_
