// LoopbackTest: the fixture for tests that run over real sockets, value-
// parameterized over the cartesian product of socket family (IPv4 127.0.0.1,
// IPv6 ::1, Unix in a temp dir) and loop backend (select, poll, epoll).
// Instantiate a suite with INSTANTIATE_LOOPBACK_TEST_SUITE_P(Suite).
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_TESTING_LOOPBACK_TEST_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_TESTING_LOOPBACK_TEST_H_

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <tuple>
#include <utility>

#include "reference/asyncore/loop.h"
#include "reference/asyncore/testing/loop_driver.h"
#include "reference/asyncore/testing/loopback.h"

namespace asyncore::testkit {

using LoopbackParam = std::tuple<Family, Backend>;

std::string LoopbackParamName(const ::testing::TestParamInfo<LoopbackParam>& info);

class LoopbackTest : public ::testing::TestWithParam<LoopbackParam> {
 protected:
  void SetUp() override;
  void TearDown() override;

  Family family() const { return std::get<0>(GetParam()); }
  Backend backend() const { return std::get<1>(GetParam()); }
  int af() const { return AddressFamily(family()); }
  bool is_unix() const { return family() == Family::kUnix; }

  SocketAddress listen_address() { return ListenAddress(family(), dir_); }
  std::pair<UniqueFd, UniqueFd> connected_pair() { return ConnectedPair(family(), dir_); }

  bool RunUntil(const std::function<bool()>& done, int max_passes = kDefaultMaxPasses) {
    return testkit::RunUntil(map_, backend(), done, max_passes);
  }
  void RunPasses(int passes) { testkit::RunPasses(map_, backend(), passes); }

  // Declared in destruction order: channels the map owns close before the
  // directory holding their socket paths goes away.
  TempDir dir_;
  SocketMap map_;
};

}  // namespace asyncore::testkit

#define INSTANTIATE_LOOPBACK_TEST_SUITE_P(suite)                                                              \
  INSTANTIATE_TEST_SUITE_P(                                                                                   \
      Loopback, suite,                                                                                        \
      ::testing::Combine(::testing::Values(::asyncore::testkit::Family::kIPv4,                                \
                                           ::asyncore::testkit::Family::kIPv6,                                \
                                           ::asyncore::testkit::Family::kUnix),                               \
                         ::testing::Values(::asyncore::Backend::kSelect, ::asyncore::Backend::kPoll,          \
                                           ::asyncore::Backend::kEpoll)),                                     \
      ::asyncore::testkit::LoopbackParamName)

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_TESTING_LOOPBACK_TEST_H_
