// SimpleProducer (producer.h): CPython's simple_producer.
#include "reference/asynchat/producer.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace asynchat {
namespace {

std::vector<std::size_t> PieceSizes(Producer& p, std::string* all) {
  std::vector<std::size_t> sizes;
  for (int guard = 0; guard < 10000; ++guard) {
    std::string piece = p.more();
    if (piece.empty()) return sizes;
    sizes.push_back(piece.size());
    all->append(piece);
  }
  ADD_FAILURE() << "producer never exhausted";
  return sizes;
}

TEST(SimpleProducer, PiecesOf512ByDefault) {
  std::string data;
  for (int i = 0; i < 1300; ++i) data += static_cast<char>(i % 251);
  SimpleProducer p(data);
  std::string all;
  EXPECT_EQ(PieceSizes(p, &all), (std::vector<std::size_t>{512, 512, 276}));
  EXPECT_EQ(all, data);
}

TEST(SimpleProducer, ExactMultipleEndsWithoutAnEmptyPiece) {
  SimpleProducer p(std::string(1024, 'x'));
  std::string all;
  EXPECT_EQ(PieceSizes(p, &all), (std::vector<std::size_t>{512, 512}));
}

TEST(SimpleProducer, CustomBufferSize) {
  SimpleProducer p("hello world\nI'm not dead yet!\n", 8);
  std::string all;
  EXPECT_EQ(PieceSizes(p, &all), (std::vector<std::size_t>{8, 8, 8, 6}));
  EXPECT_EQ(all, "hello world\nI'm not dead yet!\n");
}

TEST(SimpleProducer, StaysExhausted) {
  SimpleProducer p("ab", 1);
  EXPECT_EQ(p.more(), "a");
  EXPECT_EQ(p.more(), "b");
  EXPECT_EQ(p.more(), "");
  EXPECT_EQ(p.more(), "");
}

TEST(SimpleProducer, EmptyDataIsExhaustedAtOnce) {
  SimpleProducer p("");
  EXPECT_EQ(p.more(), "");
}

TEST(SimpleProducer, BinaryData) {
  const std::string data("\0\r\n\xff", 4);
  SimpleProducer p(data, 3);
  EXPECT_EQ(p.more(), data.substr(0, 3));
  EXPECT_EQ(p.more(), data.substr(3));
  EXPECT_EQ(p.more(), "");
}

TEST(SimpleProducer, ZeroBufferSizeThrows) { EXPECT_THROW(SimpleProducer("x", 0), std::invalid_argument); }

}  // namespace
}  // namespace asynchat
