// RaiseFdLimit in a child process each (it changes the process's limits).
#include "reference/asyncore/fd_limit.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace asyncore {
namespace {

void SetLimits(rlim_t soft, rlim_t hard) {
  rlimit lim{soft, hard};
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0) _exit(90);
}

TEST(FdLimitTest, EnoughAlreadyChangesNothingAndSaysNothing) {
  EXPECT_EXIT(
      {
        SetLimits(256, 512);
        FdLimit r = RaiseFdLimit(100);
        _exit(r.enough && r.soft == 256 && r.before == 256 && r.message.empty() ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(FdLimitTest, RaisesTheSoftLimitToTheHardLimit) {
  EXPECT_EXIT(
      {
        SetLimits(64, 512);
        FdLimit r = RaiseFdLimit(300);
        rlimit now{};
        getrlimit(RLIMIT_NOFILE, &now);
        _exit(r.enough && r.soft == 512 && now.rlim_cur == 512 &&
                      r.message == "raised RLIMIT_NOFILE from 64 to 512"
                  ? 0
                  : 1);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(FdLimitTest, HardLimitTooLowIsReportedWithTheNumberNeeded) {
  EXPECT_EXIT(
      {
        SetLimits(64, 128);
        FdLimit r = RaiseFdLimit(1000);
        fprintf(stderr, "%s\n", r.message.c_str());
        _exit(!r.enough && r.soft == 128 ? 0 : 1);
      },
      ::testing::ExitedWithCode(0), "raised RLIMIT_NOFILE from 64 to 128, the hard limit, which is below the 1000 "
                                    "descriptors needed");
}

}  // namespace
}  // namespace asyncore
