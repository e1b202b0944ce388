// Fifo (fifo.h): the documented helper class ([py2-asynchat-ja] "asynchat - 補助クラス").
#include "reference/asynchat/fifo.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "reference/asynchat/producer.h"

namespace asynchat {
namespace {

TEST(Fifo, EmptyFifo) {
  Fifo f;
  EXPECT_TRUE(f.is_empty());
  EXPECT_EQ(f.size(), 0u);
  EXPECT_THROW(f.first(), std::out_of_range);
  auto [ok, item] = f.pop();
  EXPECT_FALSE(ok);
  EXPECT_FALSE(item.has_value());
}

TEST(Fifo, PushFirstPopInOrder) {
  Fifo f;
  auto producer = std::make_shared<SimpleProducer>("p");
  f.push(std::string("one"));
  f.push(producer);
  f.push(CloseSentinel{});
  EXPECT_FALSE(f.is_empty());
  EXPECT_EQ(f.size(), 3u);
  EXPECT_EQ(std::get<std::string>(f.first()), "one");
  EXPECT_EQ(std::get<std::string>(f.first()), "one") << "first() does not remove";

  auto [ok1, item1] = f.pop();
  ASSERT_TRUE(ok1);
  EXPECT_EQ(std::get<std::string>(*item1), "one");
  auto [ok2, item2] = f.pop();
  ASSERT_TRUE(ok2);
  EXPECT_EQ(std::get<std::shared_ptr<Producer>>(*item2), producer);
  auto [ok3, item3] = f.pop();
  ASSERT_TRUE(ok3);
  EXPECT_TRUE(std::holds_alternative<CloseSentinel>(*item3));

  EXPECT_TRUE(f.is_empty());
  auto [ok4, item4] = f.pop();
  EXPECT_FALSE(ok4);
  EXPECT_EQ(item4, std::nullopt);
  EXPECT_THROW(f.first(), std::out_of_range);
}

TEST(Fifo, ConstructedFromAList) {
  Fifo f(std::deque<FifoItem>{std::string("a"), std::string("b")});
  EXPECT_EQ(f.size(), 2u);
  EXPECT_EQ(std::get<std::string>(f.first()), "a");
  f.pop();
  EXPECT_EQ(std::get<std::string>(f.first()), "b");
}

TEST(Fifo, EmptyBytesAreAnItem) {
  Fifo f;
  f.push(std::string());
  EXPECT_FALSE(f.is_empty());
  auto [ok, item] = f.pop();
  EXPECT_TRUE(ok);
  EXPECT_EQ(std::get<std::string>(*item), "");
}

}  // namespace
}  // namespace asynchat
