// The dispatcher's socket methods over real sockets: create_socket, bind
// and set_reuse_addr ([py2-asyncore-ja] create_socket/bind), checked against the kernel's
// view of the descriptor rather than the dispatcher's own state.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <cerrno>
#include <memory>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"

namespace asyncore {
namespace {

using testkit::GetIntSockOpt;
using testkit::LoopbackTest;

class DispatcherSocketTest : public LoopbackTest {};

TEST_P(DispatcherSocketTest, CreateSocketMakesANonBlockingStreamSocketInTheMap) {
  Dispatcher d(&map_);
  d.create_socket(af());
  const int fd = d.socket()->fileno();

  EXPECT_EQ(d.fileno(), fd);
  EXPECT_EQ(map_.Find(fd), &d);
  EXPECT_EQ(GetIntSockOpt(fd, SOL_SOCKET, SO_TYPE), SOCK_STREAM);
  EXPECT_EQ(GetIntSockOpt(fd, SOL_SOCKET, SO_DOMAIN), af());
  EXPECT_TRUE(fcntl(fd, F_GETFL) & O_NONBLOCK);
  EXPECT_TRUE(fcntl(fd, F_GETFD) & FD_CLOEXEC) << "asyncore sockets are not inheritable";
  EXPECT_FALSE(d.connected());
  EXPECT_FALSE(d.accepting());
  EXPECT_FALSE(d.connecting());
}

TEST_P(DispatcherSocketTest, CreateSocketAgainReplacesAndClosesTheOldSocket) {
  Dispatcher d(&map_);
  d.create_socket(af());
  const int old_fd = d.fileno();
  d.create_socket(af());

  EXPECT_NE(d.fileno(), old_fd);
  EXPECT_EQ(map_.Find(old_fd), nullptr);
  EXPECT_EQ(map_.Find(d.fileno()), &d);
  EXPECT_EQ(map_.size(), 1u);
  EXPECT_EQ(fcntl(old_fd, F_GETFD), -1) << "the replaced socket must be closed";
}

TEST_P(DispatcherSocketTest, BindTakesTheAddressAndASecondBindFails) {
  Dispatcher first(&map_);
  first.create_socket(af());
  const SocketAddress requested = listen_address();
  first.bind(requested);
  first.listen(5);
  EXPECT_EQ(first.addr().ToString(), requested.ToString());

  const SocketAddress bound = testkit::LocalAddress(first.fileno());
  EXPECT_EQ(bound.family(), af());
  if (is_unix()) {
    EXPECT_EQ(bound.path(), requested.path());
  } else {
    EXPECT_EQ(bound.host(), requested.host());
    EXPECT_NE(bound.port(), 0);
  }

  // EADDRINUSE shows the first socket really holds the address.
  Dispatcher second(&map_);
  second.create_socket(af());
  try {
    second.bind(bound);
    FAIL() << "second bind to " << bound.ToString() << " succeeded";
  } catch (const std::system_error& e) {
    EXPECT_EQ(ErrnoOf(e), EADDRINUSE) << e.what();
  }
}

TEST_P(DispatcherSocketTest, SetReuseAddrSetsSoReuseaddr) {
  // A socket handed in from outside starts without SO_REUSEADDR.
  Dispatcher d(std::make_unique<SocketTransport>(af(), SOCK_STREAM), &map_);
  ASSERT_EQ(GetIntSockOpt(d.fileno(), SOL_SOCKET, SO_REUSEADDR), 0);

  d.set_reuse_addr();
  EXPECT_NE(GetIntSockOpt(d.fileno(), SOL_SOCKET, SO_REUSEADDR), 0);

  d.create_socket(af());
  d.set_reuse_addr();
  EXPECT_NE(GetIntSockOpt(d.fileno(), SOL_SOCKET, SO_REUSEADDR), 0);
}

TEST_P(DispatcherSocketTest, SocketMethodsWithoutASocketFailWithEbadf) {
  Dispatcher d(&map_);
  auto expect_ebadf = [](auto&& call) {
    try {
      call();
      ADD_FAILURE() << "no exception";
    } catch (const std::system_error& e) {
      EXPECT_EQ(ErrnoOf(e), EBADF) << e.what();
    }
  };
  expect_ebadf([&] { d.set_reuse_addr(); });
  expect_ebadf([&] { d.bind(listen_address()); });
  expect_ebadf([&] { d.listen(5); });
  expect_ebadf([&] { d.connect(listen_address()); });
  expect_ebadf([&] { d.accept(); });
  expect_ebadf([&] { d.send("x"); });
  expect_ebadf([&] { d.recv(1); });
  EXPECT_TRUE(map_.empty());
}

INSTANTIATE_LOOPBACK_TEST_SUITE_P(DispatcherSocketTest);

}  // namespace
}  // namespace asyncore
