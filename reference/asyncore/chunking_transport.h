// ChunkingTransport: a transport decorator that cuts every recv() and send()
// of the transport it wraps to a pseudo-random size, so that a real socket
// behaves like a congested one: reads return arbitrary chunks and sends are
// partial. For soak and fault tests (echo_server_multi --random-chunks);
// everything above it (Dispatcher, AsyncChat) runs unchanged.
//
// Each call's cap is drawn from a seeded generator, log-uniformly: an
// exponent e in 0..16, then a size in 1..2^e, so that 1-byte and 64 KiB
// chunks are both common. recv(n) asks the wrapped transport for at most
// min(n, cap) bytes; send(data) offers at most the first cap bytes. Errors,
// end of file and everything else pass through unchanged.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_CHUNKING_TRANSPORT_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_CHUNKING_TRANSPORT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "reference/asyncore/transport.h"

namespace asyncore {

class ChunkingTransport : public Transport {
 public:
  // `inner` must not be null (std::invalid_argument).
  ChunkingTransport(std::unique_ptr<Transport> inner, std::uint64_t seed);

  // The next cap (1..65536); exposed for tests.
  std::size_t NextCap();

  int fileno() const override { return inner_->fileno(); }
  bool pollable() const override { return inner_->pollable(); }
  std::size_t recv(char* buf, std::size_t n) override;
  std::size_t send(std::string_view data) override;
  void close() override { inner_->close(); }
  int take_error() override { return inner_->take_error(); }

  int connect_ex(const SocketAddress& address) override { return inner_->connect_ex(address); }
  void bind(const SocketAddress& address) override { inner_->bind(address); }
  void listen(int backlog) override { inner_->listen(backlog); }
  std::optional<AcceptedConnection> accept() override { return inner_->accept(); }
  SocketAddress peer_address() const override { return inner_->peer_address(); }
  void set_reuse_addr() override { inner_->set_reuse_addr(); }

 private:
  std::unique_ptr<Transport> inner_;
  std::uint64_t state_;
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_CHUNKING_TRANSPORT_H_
