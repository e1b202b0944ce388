#include "tools/loadgen/echo_connection.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace loadgen {
namespace {

std::string Hex(unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "0x%02x", c);
  return buf;
}

}  // namespace

EchoConnection::EchoConnection(std::uint32_t id, const PayloadPattern& pattern, MessageSize size, std::uint64_t seed)
    : id_(id), pattern_(&pattern), sizes_(size), rng_(seed | 1) {}

EchoConnection::~EchoConnection() { Close(); }

EchoConnection::EchoConnection(EchoConnection&& other) noexcept
    : id_(other.id_),
      pattern_(other.pattern_),
      sizes_(other.sizes_),
      rng_(other.rng_),
      fd_(std::exchange(other.fd_, -1)),
      connected_(other.connected_),
      busy_(other.busy_),
      seq_(other.seq_),
      size_(other.size_),
      offset_(other.offset_),
      header_len_(other.header_len_),
      sent_(other.sent_),
      received_(other.received_),
      started_ns_(other.started_ns_),
      error_(std::move(other.error_)) {
  std::memcpy(header_, other.header_, sizeof(header_));
}

void EchoConnection::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

EchoConnection::Status EchoConnection::Fail(std::string why) {
  if (error_.empty()) error_ = "connection " + std::to_string(id_) + ": " + std::move(why);
  busy_ = false;
  Close();
  return Status::kError;
}

EchoConnection::Status EchoConnection::Connect(const sockaddr* address, socklen_t length) {
  fd_ = ::socket(address->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return Fail(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (::connect(fd_, address, length) == 0) {
    connected_ = true;
    return Status::kOk;
  }
  if (errno == EINPROGRESS || errno == EINTR) return Status::kOk;
  return Fail(std::string("connect: ") + std::strerror(errno));
}

EchoConnection::Status EchoConnection::FinishConnect() {
  if (fd_ < 0) return Status::kError;
  int err = 0;
  socklen_t len = sizeof(err);
  if (getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len) < 0) err = errno;
  if (err != 0) return Fail(std::string("connect: ") + std::strerror(err));
  connected_ = true;
  return Status::kOk;
}

EchoConnection::Status EchoConnection::Start(std::uint64_t now_ns) {
  if (fd_ < 0) return Status::kError;
  // xorshift64 for random sizes
  rng_ ^= rng_ << 13;
  rng_ ^= rng_ >> 7;
  rng_ ^= rng_ << 17;
  size_ = sizes_.Pick(rng_);
  offset_ = pattern_->Offset(id_, seq_);
  ++seq_;
  // "ECHO <size>\n" without printf (a few hundred ns per message otherwise).
  char digits[24];
  std::size_t d = 0;
  for (std::size_t v = size_; d == 0 || v > 0; v /= 10) digits[d++] = static_cast<char>('0' + v % 10);
  std::memcpy(header_, "ECHO ", 5);
  for (std::size_t i = 0; i < d; ++i) header_[5 + i] = digits[d - 1 - i];
  header_[5 + d] = '\n';
  header_len_ = 6 + d;
  sent_ = 0;
  received_ = 0;
  busy_ = true;
  started_ns_ = now_ns;
  return Send();
}

EchoConnection::Status EchoConnection::Send() {
  const std::size_t total = header_len_ + size_;
  while (sent_ < total) {
    iovec iov[2];
    int count = 0;
    if (sent_ < header_len_) {
      iov[count++] = iovec{header_ + sent_, header_len_ - sent_};
      iov[count++] = iovec{const_cast<char*>(pattern_->Message(offset_, size_).data()), size_};
    } else {
      const std::size_t done = sent_ - header_len_;
      iov[count++] = iovec{const_cast<char*>(pattern_->Message(offset_, size_).data()) + done, size_ - done};
    }
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = static_cast<std::size_t>(count);
    ssize_t r = ::sendmsg(fd_, &msg, MSG_NOSIGNAL);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return Status::kOk;
      return Fail("send of message " + std::to_string(seq_ - 1) + ": " + std::strerror(errno) +
                  " (connection lost)");
    }
    sent_ += static_cast<std::size_t>(r);
  }
  return Status::kOk;
}

EchoConnection::Status EchoConnection::OnWritable() {
  if (fd_ < 0) return Status::kError;
  if (!busy_) return Status::kOk;
  return Send();
}

EchoConnection::Status EchoConnection::OnReadable(char* scratch, std::size_t scratch_size) {
  if (fd_ < 0) return Status::kError;
  const std::size_t want = busy_ ? std::min(size_ - received_, scratch_size) : scratch_size;
  ssize_t r = ::recv(fd_, scratch, want == 0 ? 1 : want, 0);
  if (r < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return Status::kOk;
    return Fail(std::string("recv: ") + std::strerror(errno) + " (connection lost" +
                (busy_ ? " after " + std::to_string(received_) + " of " + std::to_string(size_) +
                             " bytes of message " + std::to_string(seq_ - 1) + ")"
                       : ")"));
  }
  if (r == 0) {
    return Fail(busy_ ? "the server closed the connection after " + std::to_string(received_) + " of " +
                            std::to_string(size_) + " echoed bytes of message " + std::to_string(seq_ - 1) +
                            " (connection lost)"
                      : "the server closed the connection between messages (connection lost)");
  }
  const std::size_t n = static_cast<std::size_t>(r);
  if (!busy_) return Fail(std::to_string(n) + " unexpected bytes while no message was outstanding");
  std::string_view got(scratch, n);
  std::size_t bad = pattern_->FirstMismatch(offset_, received_, got);
  if (bad != std::string_view::npos) {
    const std::size_t at = received_ + bad;
    return Fail("byte " + std::to_string(at) + " of message " + std::to_string(seq_ - 1) + " (" +
                std::to_string(size_) + " bytes) differs: sent " +
                Hex(static_cast<unsigned char>(pattern_->Message(offset_, size_)[at])) + ", echoed " +
                Hex(static_cast<unsigned char>(got[bad])));
  }
  received_ += n;
  if (received_ < size_) return Status::kOk;
  if (sent_ < header_len_ + size_) {
    return Fail("the echo of message " + std::to_string(seq_ - 1) + " arrived before the message was sent");
  }
  busy_ = false;
  return Status::kCompleted;
}

}  // namespace loadgen
