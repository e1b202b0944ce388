// ChunkingTransport over a socketpair: reads and sends are cut to the caps
// it draws, and the bytes still arrive complete and in order.
#include "reference/asyncore/chunking_transport.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <stdexcept>
#include <string>

#include "reference/asyncore/os_error.h"
#include "reference/asyncore/socket_transport.h"

namespace asyncore {
namespace {

TEST(ChunkingTransport, CapsAreBetweenOneAnd64KiBAndVaried) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  ChunkingTransport t(std::make_unique<SocketTransport>(sv[0]), 7);
  ::close(sv[1]);
  std::set<std::size_t> seen;
  int small = 0;
  for (int i = 0; i < 10000; ++i) {
    std::size_t cap = t.NextCap();
    ASSERT_GE(cap, 1u);
    ASSERT_LE(cap, 65536u);
    if (cap <= 16) ++small;
    seen.insert(cap);
  }
  EXPECT_GT(seen.size(), 1000u);
  EXPECT_GT(small, 1000) << "log-uniform: small chunks are common";
}

TEST(ChunkingTransport, BytesPassCompleteAndInOrderInCutPieces) {
  int sv[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
  ChunkingTransport a(std::make_unique<SocketTransport>(sv[0]), 1);
  ChunkingTransport b(std::make_unique<SocketTransport>(sv[1]), 2);
  std::string data(300000, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 % 251);
  std::string got;
  std::size_t off = 0;
  int partial_sends = 0;
  char buf[65536];
  while (got.size() < data.size()) {
    if (off < data.size()) {
      std::string_view rest(data.data() + off, data.size() - off);
      try {
        std::size_t n = a.send(rest);
        if (n < rest.size()) ++partial_sends;
        off += n;
      } catch (const BlockingIOError&) {
      }
    }
    try {
      got.append(buf, b.recv(buf, sizeof(buf)));
    } catch (const BlockingIOError&) {
    }
  }
  EXPECT_EQ(got, data);
  EXPECT_GT(partial_sends, 10);
}

TEST(ChunkingTransport, NullIsRefused) {
  EXPECT_THROW(ChunkingTransport(nullptr, 1), std::invalid_argument);
}

}  // namespace
}  // namespace asyncore
