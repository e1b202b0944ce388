#include "reference/asyncore/testing/loopback_test.h"

namespace asyncore::testkit {

std::string LoopbackParamName(const ::testing::TestParamInfo<LoopbackParam>& info) {
  return std::string(FamilyName(std::get<0>(info.param))) + "_" + BackendName(std::get<1>(info.param));
}

void LoopbackTest::SetUp() {
  if (family() == Family::kIPv6 && !Ipv6LoopbackAvailable()) GTEST_SKIP() << "cannot bind a socket to ::1";
}

void LoopbackTest::TearDown() {
  // Every test keeps its channels in map_; one that leaked into the default
  // map would leak into the next test as well.
  EXPECT_TRUE(SocketMap::Default().empty()) << "a channel was left in the default map";
}

}  // namespace asyncore::testkit
