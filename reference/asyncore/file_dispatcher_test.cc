// FileDispatcher ([py2-asyncore-ja] file_dispatcher, UNIX): a pipe or file descriptor in
// the loop. It starts connected, reads and writes through the loop like a
// socket, and at end of file gets handle_read, whose recv() finds nothing
// and calls handle_close. Parameterized over the three backends; pipes and
// files have no address family.
#include "reference/asyncore/file_dispatcher.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/testing/loop_driver.h"
#include "reference/asyncore/testing/loopback.h"

namespace asyncore {
namespace {

using testkit::UniqueFd;

class FileChannel : public FileDispatcher {
 public:
  using FileDispatcher::FileDispatcher;

  bool writable() override { return !outbox.empty(); }
  void handle_read() override {
    events.push_back("read");
    received += recv(read_size);  // at end of file: nothing, and handle_close
  }
  void handle_write() override {
    events.push_back("write");
    outbox.erase(0, send(outbox));
  }
  void handle_close() override {
    events.push_back("close");
    close();
  }
  void handle_error() override {
    events.push_back("error");
    FileDispatcher::handle_error();
  }

  std::size_t read_size = 8192;
  std::string outbox;
  std::string received;
  std::vector<std::string> events;
};

class FileDispatcherTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    int fds[2];
    ASSERT_EQ(::pipe2(fds, O_CLOEXEC), 0);
    read_end_.reset(fds[0]);
    write_end_.reset(fds[1]);
  }
  bool RunUntil(const std::function<bool()>& done) { return testkit::RunUntil(map_, GetParam(), done); }

  SocketMap map_;
  UniqueFd read_end_, write_end_;
};

TEST_P(FileDispatcherTest, StartsConnectedOnACopyOfTheDescriptor) {
  FileChannel ch(read_end_.get(), &map_);
  EXPECT_TRUE(ch.connected());
  EXPECT_NE(ch.fileno(), read_end_.get());
  EXPECT_EQ(map_.Find(ch.fileno()), &ch);
}

TEST_P(FileDispatcherTest, DataFlowsThroughAPipeInTheLoop) {
  FileChannel reader(read_end_.get(), &map_);
  FileChannel writer(write_end_.get(), &map_);
  // The wrappers hold their own copies: the originals can go.
  read_end_.reset();
  write_end_.reset();

  writer.outbox = "through the pipe";
  ASSERT_TRUE(RunUntil([&] { return reader.received.size() >= 16; }));
  EXPECT_EQ(reader.received, "through the pipe");
  EXPECT_EQ(writer.outbox, "");
  EXPECT_EQ(writer.events.front(), "write");
}

TEST_P(FileDispatcherTest, ReadsTheDataThenClosesAtEndOfFile) {
  FileChannel reader(read_end_.get(), &map_);
  testkit::WriteAll(write_end_.get(), "last words");
  write_end_.reset();

  ASSERT_TRUE(RunUntil([&] { return map_.empty(); }));
  EXPECT_EQ(reader.received, "last words");
  ASSERT_GE(reader.events.size(), 2u);
  EXPECT_EQ(reader.events.front(), "read");
  EXPECT_EQ(reader.events.back(), "close");
  EXPECT_EQ(std::count(reader.events.begin(), reader.events.end(), "close"), 1);
  EXPECT_EQ(std::count(reader.events.begin(), reader.events.end(), "error"), 0);
  EXPECT_FALSE(reader.connected());
}

// A regular file is always ready (epoll cannot watch one: the backend
// must treat it as ready, as poll and select do).
TEST_P(FileDispatcherTest, ReadsARegularFile) {
  testkit::TempDir dir;
  const std::string path = dir.NewPath("file");
  const std::string content = "It's not dead, it's sleeping!";
  {
    UniqueFd out(::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600));
    ASSERT_GE(out.get(), 0);
    testkit::WriteAll(out.get(), content);
  }
  UniqueFd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_GE(in.get(), 0);
  FileChannel reader(in.get(), &map_);
  in.reset();
  reader.read_size = 10;

  ASSERT_TRUE(RunUntil([&] { return map_.empty(); }));
  EXPECT_EQ(reader.received, content);
  EXPECT_EQ(reader.events.back(), "close");
}

INSTANTIATE_TEST_SUITE_P(Backends, FileDispatcherTest,
                         ::testing::Values(Backend::kSelect, Backend::kPoll, Backend::kEpoll),
                         [](const ::testing::TestParamInfo<Backend>& info) { return BackendName(info.param); });

}  // namespace
}  // namespace asyncore
