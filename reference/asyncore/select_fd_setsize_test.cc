// select(2) can only watch descriptors below FD_SETSIZE; FD_SET past it
// writes outside the fd_set. The select backend refuses such a descriptor
// with std::out_of_range naming it, while poll and epoll serve it.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <unistd.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_transport.h"
#include "reference/asyncore/testing/loopback_test.h"
#include "reference/asyncore/testing/recorder.h"

namespace asyncore {
namespace {

using testkit::LoopbackTest;
using testkit::Recorder;
using testkit::UniqueFd;

// Raises the soft RLIMIT_NOFILE so that descriptor `fd` may exist; false
// when the hard limit does not allow it.
bool AllowDescriptor(int fd) {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return false;
  const rlim_t needed = static_cast<rlim_t>(fd) + 1;
  if (lim.rlim_cur != RLIM_INFINITY && lim.rlim_cur >= needed) return true;
  if (lim.rlim_cur == RLIM_INFINITY) return true;
  if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < needed) return false;
  lim.rlim_cur = needed;
  return setrlimit(RLIMIT_NOFILE, &lim) == 0;
}

class SelectFdSetsizeTest : public LoopbackTest {
 protected:
  // Puts a channel with one byte waiting on descriptor number `target` and
  // checks the backend's verdict on it.
  void ExpectServedOrRefused(int target) {
    if (!AllowDescriptor(target)) GTEST_SKIP() << "RLIMIT_NOFILE cannot be raised above " << target;
    if (fcntl(target, F_GETFD) != -1) GTEST_SKIP() << "descriptor " << target << " is already in use";
    auto [mine, theirs] = connected_pair();
    ASSERT_EQ(::dup2(mine.get(), target), target);
    testkit::WriteAll(theirs.get(), "x");
    Recorder channel(std::make_unique<SocketTransport>(target), &map_);

    if (backend() == Backend::kSelect && target >= FD_SETSIZE) {
      try {
        poll_once(map_, testkit::kPassTimeout, backend());
        FAIL() << "select accepted descriptor " << target;
      } catch (const std::out_of_range& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(target)), std::string::npos) << e.what();
      }
      EXPECT_THROW(loop(LoopOptions{testkit::kPassTimeout, backend(), &map_, 1}), std::out_of_range);
      EXPECT_EQ(channel.count("read"), 0);
    } else {
      EXPECT_TRUE(RunUntil([&] { return channel.received == "x"; })) << "descriptor " << target;
    }
  }
};

TEST_P(SelectFdSetsizeTest, TheLastDescriptorBelowFdSetsizeIsServed) { ExpectServedOrRefused(FD_SETSIZE - 1); }

TEST_P(SelectFdSetsizeTest, FdSetsizeItselfIsRefusedBySelectOnly) { ExpectServedOrRefused(FD_SETSIZE); }

TEST_P(SelectFdSetsizeTest, AFarHigherDescriptorIsRefusedBySelectOnly) { ExpectServedOrRefused(1500); }

INSTANTIATE_LOOPBACK_TEST_SUITE_P(SelectFdSetsizeTest);

}  // namespace
}  // namespace asyncore
