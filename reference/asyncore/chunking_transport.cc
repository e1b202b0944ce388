#include "reference/asyncore/chunking_transport.h"

#include <algorithm>
#include <stdexcept>

namespace asyncore {

ChunkingTransport::ChunkingTransport(std::unique_ptr<Transport> inner, std::uint64_t seed)
    : inner_(std::move(inner)), state_(seed) {
  if (!inner_) throw std::invalid_argument("ChunkingTransport: null transport");
}

std::size_t ChunkingTransport::NextCap() {
  // splitmix64: small, fast and good enough to pick sizes.
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  const unsigned exponent = static_cast<unsigned>(z % 17);  // 0..16
  return 1 + static_cast<std::size_t>((z >> 8) % (std::uint64_t{1} << exponent));
}

std::size_t ChunkingTransport::recv(char* buf, std::size_t n) {
  return inner_->recv(buf, n == 0 ? 0 : std::min(n, NextCap()));
}

std::size_t ChunkingTransport::send(std::string_view data) {
  return inner_->send(data.substr(0, std::min(data.size(), NextCap())));
}

}  // namespace asyncore
