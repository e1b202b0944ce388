// FileTransport, asyncore's file_wrapper: it dup()s the descriptor, so the
// caller's copy is closed independently ([py2-asyncore-ja] file_wrapper); recv/send are
// read/write on the non-blocking copy; socket-only operations fail with
// ENOTSOCK.
#include "reference/asyncore/file_transport.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "reference/asyncore/os_error.h"
#include "reference/asyncore/testing/loopback.h"

namespace asyncore {
namespace {

using testkit::UniqueFd;

struct Pipe {
  Pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) == 0) {
      read_end.reset(fds[0]);
      write_end.reset(fds[1]);
    }
  }
  UniqueFd read_end, write_end;
};

std::string Recv(Transport& t, std::size_t n) {
  std::string buf(n, '\0');
  buf.resize(t.recv(buf.data(), n));
  return buf;
}

template <class F>
int ErrnoThrownBy(F&& f) {
  try {
    f();
  } catch (const std::system_error& e) {
    return ErrnoOf(e);
  }
  return -1;
}

TEST(FileTransportTest, WorksOnACopyThatOutlivesTheOriginal) {
  Pipe p;
  ASSERT_GE(p.read_end.get(), 0);
  const int original_reader = p.read_end.get();
  FileTransport reader(original_reader);
  FileTransport writer(p.write_end.get());
  EXPECT_NE(reader.fileno(), original_reader);
  EXPECT_NE(writer.fileno(), p.write_end.get());

  p.read_end.reset();
  p.write_end.reset();
  EXPECT_EQ(writer.send("still open"), 10u);
  EXPECT_EQ(Recv(reader, 64), "still open");
}

TEST(FileTransportTest, ClosingTheWrapperLeavesTheOriginalOpen) {
  Pipe p;
  {
    FileTransport writer(p.write_end.get());
    writer.close();
  }
  EXPECT_NE(fcntl(p.write_end.get(), F_GETFD), -1);
  testkit::WriteAll(p.write_end.get(), "x");
  char c = 0;
  EXPECT_EQ(::read(p.read_end.get(), &c, 1), 1);
}

TEST(FileTransportTest, TheCopyIsNonBlocking) {
  Pipe p;
  FileTransport reader(p.read_end.get());
  EXPECT_TRUE(fcntl(reader.fileno(), F_GETFL) & O_NONBLOCK);
  EXPECT_THROW(Recv(reader, 1), BlockingIOError);
}

TEST(FileTransportTest, EndOfFileReadsAsZero) {
  Pipe p;
  FileTransport reader(p.read_end.get());
  p.write_end.reset();
  EXPECT_EQ(Recv(reader, 10), "");
}

TEST(FileTransportTest, AfterCloseReadAndWriteFailWithEbadf) {
  Pipe p;
  FileTransport reader(p.read_end.get());
  reader.close();
  reader.close();  // a second close is harmless
  EXPECT_EQ(reader.fileno(), -1);
  EXPECT_EQ(ErrnoThrownBy([&] { Recv(reader, 1); }), EBADF);
  EXPECT_EQ(ErrnoThrownBy([&] { reader.send("x"); }), EBADF);
}

TEST(FileTransportTest, ABadDescriptorIsRefusedByNumber) {
  Pipe p;
  const int closed = p.read_end.release();
  ::close(closed);
  try {
    FileTransport t(closed);
    FAIL() << "wrapped a closed descriptor";
  } catch (const std::system_error& e) {
    EXPECT_EQ(ErrnoOf(e), EBADF);
    EXPECT_NE(std::string(e.what()).find(std::to_string(closed)), std::string::npos) << e.what();
  }
}

TEST(FileTransportTest, SocketOperationsFailWithEnotsock) {
  Pipe p;
  FileTransport t(p.read_end.get());
  const SocketAddress address = SocketAddress::Inet("127.0.0.1", 9);
  EXPECT_EQ(ErrnoThrownBy([&] { t.connect_ex(address); }), ENOTSOCK);
  EXPECT_EQ(ErrnoThrownBy([&] { t.bind(address); }), ENOTSOCK);
  EXPECT_EQ(ErrnoThrownBy([&] { t.listen(1); }), ENOTSOCK);
  EXPECT_EQ(ErrnoThrownBy([&] { t.accept(); }), ENOTSOCK);
  EXPECT_EQ(ErrnoThrownBy([&] { t.peer_address(); }), ENOTSOCK);
  EXPECT_EQ(ErrnoThrownBy([&] { t.set_reuse_addr(); }), ENOTSOCK);
  EXPECT_EQ(t.take_error(), 0);
}

}  // namespace
}  // namespace asyncore
