// OutputQueue (output_queue.h): async_chat's producer FIFO without I/O.
#include "reference/asynchat/output_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "reference/asynchat/producer.h"

namespace asynchat {
namespace {

using Action = OutputQueue::Step::Action;

// Sends everything (accepting `per_send` bytes of each offer), returning the
// bytes in order and the size of every offer. Stops at a close or when empty.
struct Drained {
  std::string bytes;
  std::vector<std::size_t> offers;
  bool closed = false;
};

Drained Drain(OutputQueue& q, std::size_t out_buffer_size, std::size_t per_send = SIZE_MAX) {
  Drained d;
  for (int guard = 0; guard < 100000 && !q.empty(); ++guard) {
    OutputQueue::Step step = q.Next(out_buffer_size);
    if (step.action == Action::kClose) {
      d.closed = true;
      return d;
    }
    if (step.action == Action::kProduce) continue;
    const std::size_t n = std::min(per_send, step.data.size());
    d.offers.push_back(step.data.size());
    d.bytes.append(step.data.substr(0, n));
    q.Commit(n);
  }
  return d;
}

TEST(OutputQueue, PushSplitsByOutBufferSize) {
  OutputQueue q;
  q.Push("abcdefghij", 4);
  EXPECT_EQ(q.items(), 3u);
  EXPECT_EQ(q.buffered_bytes(), 10u);
  Drained d = Drain(q, 4);
  EXPECT_EQ(d.bytes, "abcdefghij");
  EXPECT_EQ(d.offers, (std::vector<std::size_t>{4, 4, 2}));
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

TEST(OutputQueue, PushOfExactlyOutBufferSizeIsOneItem) {
  OutputQueue q;
  q.Push("abcd", 4);
  EXPECT_EQ(q.items(), 1u);
  q.Push("abcde", 4);
  EXPECT_EQ(q.items(), 3u);
}

TEST(OutputQueue, PushWithZeroOutBufferSizeThrows) {
  OutputQueue q;
  EXPECT_THROW(q.Push("abc", 0), std::invalid_argument);
  EXPECT_TRUE(q.empty());
}

TEST(OutputQueue, EmptyPushIsOneSendOfZeroBytesAndIsDropped) {
  OutputQueue q;
  q.Push("", 4);
  EXPECT_EQ(q.items(), 1u);
  OutputQueue::Step step = q.Next(4);
  EXPECT_EQ(step.action, Action::kSend);
  EXPECT_TRUE(step.data.empty());
  EXPECT_TRUE(q.empty()) << "the empty item is dropped when offered";
  q.Commit(0);
  EXPECT_THROW(q.Commit(1), std::out_of_range);
}

TEST(OutputQueue, PartialSendsKeepTheTail) {
  OutputQueue q;
  q.Push("hello", 16);
  OutputQueue::Step step = q.Next(16);
  EXPECT_EQ(step.data, "hello");
  q.Commit(2);
  EXPECT_EQ(q.buffered_bytes(), 3u);
  step = q.Next(16);
  EXPECT_EQ(step.data, "llo");
  q.Commit(0);  // would-block: nothing changes
  step = q.Next(16);
  EXPECT_EQ(step.data, "llo");
  q.Commit(3);
  EXPECT_TRUE(q.empty());
}

TEST(OutputQueue, PartialSendsOfOneByteDeliverEverythingInOrder) {
  OutputQueue q;
  q.Push("first;", 4);
  q.Push("", 4);
  q.Push("second", 4);
  Drained d = Drain(q, 4, 1);
  EXPECT_EQ(d.bytes, "first;second");
}

TEST(OutputQueue, CommitBeyondOfferedThrowsAndChangesNothing) {
  OutputQueue q;
  q.Push("abcdef", 4);
  OutputQueue::Step step = q.Next(4);
  EXPECT_EQ(step.data, "abcd");
  EXPECT_THROW(q.Commit(5), std::out_of_range);
  EXPECT_EQ(q.buffered_bytes(), 6u);
  EXPECT_EQ(q.Next(4).data, "abcd");
}

TEST(OutputQueue, NextOnEmptyQueueThrows) {
  OutputQueue q;
  EXPECT_THROW(q.Next(4), std::logic_error);
}

TEST(OutputQueue, ProducersAreAskedForMoreUntilExhausted) {
  OutputQueue q;
  q.Push("<", 64);
  q.PushProducer(std::make_shared<SimpleProducer>("hello world", 4));
  q.Push(">", 64);
  Drained d = Drain(q, 64);
  EXPECT_EQ(d.bytes, "<hello world>");
  EXPECT_EQ(d.offers, (std::vector<std::size_t>{1, 4, 4, 3, 1}));
  EXPECT_TRUE(q.empty());
}

TEST(OutputQueue, ProduceStepQueuesTheDataInFrontOfTheProducer) {
  OutputQueue q;
  q.PushProducer(std::make_shared<SimpleProducer>("abcdef", 4));
  EXPECT_EQ(q.Next(64).action, Action::kProduce);
  EXPECT_EQ(q.items(), 2u);
  EXPECT_EQ(q.buffered_bytes(), 4u);
  OutputQueue::Step step = q.Next(64);
  EXPECT_EQ(step.action, Action::kSend);
  EXPECT_EQ(step.data, "abcd");
}

TEST(OutputQueue, ProducerPieceLargerThanOutBufferSizeIsSentInSlices) {
  OutputQueue q;
  q.PushProducer(std::make_shared<SimpleProducer>("abcdefgh", 512));
  Drained d = Drain(q, 3);
  EXPECT_EQ(d.bytes, "abcdefgh");
  EXPECT_EQ(d.offers, (std::vector<std::size_t>{3, 3, 2}));
}

TEST(OutputQueue, ExhaustedProducerIsDroppedWithoutASend) {
  OutputQueue q;
  q.PushProducer(std::make_shared<SimpleProducer>(""));
  EXPECT_EQ(q.Next(64).action, Action::kProduce);
  EXPECT_TRUE(q.empty());
}

TEST(OutputQueue, NullProducerIsRefused) {
  OutputQueue q;
  EXPECT_THROW(q.PushProducer(nullptr), std::invalid_argument);
  EXPECT_TRUE(q.empty());
}

class ThrowingProducer : public Producer {
 public:
  std::string more() override { throw std::runtime_error("producer failed"); }
};

TEST(OutputQueue, ProducerExceptionLeavesTheQueueUnchanged) {
  OutputQueue q;
  q.PushProducer(std::make_shared<ThrowingProducer>());
  q.Push("x", 4);
  EXPECT_THROW(q.Next(4), std::runtime_error);
  EXPECT_EQ(q.items(), 2u);
}

// A producer that empties the queue from inside more(), as discard_buffers()
// called from a producer would.
class ClearingProducer : public Producer {
 public:
  explicit ClearingProducer(OutputQueue& q, std::string result) : q_(q), result_(std::move(result)) {}
  std::string more() override {
    q_.Clear();
    return result_;
  }

 private:
  OutputQueue& q_;
  std::string result_;
};

TEST(OutputQueue, ProducerMayClearTheQueueFromMore) {
  OutputQueue q;
  q.PushProducer(std::make_shared<ClearingProducer>(q, ""));
  q.Push("dropped", 64);
  EXPECT_EQ(q.Next(64).action, Action::kProduce);
  EXPECT_TRUE(q.empty());

  q.PushProducer(std::make_shared<ClearingProducer>(q, "kept"));
  q.Push("dropped", 64);
  EXPECT_EQ(q.Next(64).action, Action::kProduce);
  Drained d = Drain(q, 64);
  EXPECT_EQ(d.bytes, "kept");
}

TEST(OutputQueue, CloseSentinelComesOutInOrder) {
  OutputQueue q;
  q.Push("bye", 64);
  q.PushClose();
  q.Push("never", 64);
  Drained d = Drain(q, 64);
  EXPECT_EQ(d.bytes, "bye");
  EXPECT_TRUE(d.closed);
  EXPECT_EQ(q.items(), 1u) << "what follows the sentinel stays queued";
}

TEST(OutputQueue, ClearDropsEverything) {
  OutputQueue q;
  q.Push("abc", 2);
  q.PushProducer(std::make_shared<SimpleProducer>("x"));
  q.PushClose();
  q.Clear();
  EXPECT_TRUE(q.empty());
  EXPECT_EQ(q.items(), 0u);
  EXPECT_EQ(q.buffered_bytes(), 0u);
}

TEST(OutputQueue, CommitAfterClearIsIgnored) {
  OutputQueue q;
  q.Push("abc", 8);
  OutputQueue::Step step = q.Next(8);
  EXPECT_EQ(step.data, "abc");
  q.Clear();
  q.Commit(0);
  EXPECT_TRUE(q.empty());
}

// PushOwned and PushBorrowed queue what Push queues: items, sizes, sends.
template <typename PushFn>
void ExpectSameItemsAsPush(PushFn push) {
  for (std::size_t size : {0u, 1u, 3u, 4u, 5u, 8u, 9u}) {
    const std::string data = std::string("0123456789").substr(0, size);
    OutputQueue a, b;
    a.Push(data, 4);
    push(b, data, 4);
    EXPECT_EQ(a.items(), b.items()) << size;
    EXPECT_EQ(a.buffered_bytes(), b.buffered_bytes()) << size;
    Drained da = Drain(a, 4, 3), db = Drain(b, 4, 3);
    EXPECT_EQ(da.bytes, db.bytes) << size;
    EXPECT_EQ(da.offers, db.offers) << size;
  }
  OutputQueue q;
  EXPECT_THROW(push(q, "abc", 0), std::invalid_argument);
  EXPECT_TRUE(q.empty());
}

TEST(OutputQueue, PushOwnedQueuesTheSameItemsAsPush) {
  ExpectSameItemsAsPush([](OutputQueue& q, const std::string& d, std::size_t n) { q.PushOwned(d, n); });
}

TEST(OutputQueue, PushBorrowedQueuesTheSameItemsAsPush) {
  ExpectSameItemsAsPush([](OutputQueue& q, const std::string& d, std::size_t n) { q.PushBorrowed(d, n); });
}

// A producer's more() is a handler: it may change the bytes a push lent.
class OverwritingProducer : public Producer {
 public:
  explicit OverwritingProducer(std::string& lent) : lent_(lent) {}
  std::string more() override {
    lent_.assign(lent_.size(), '!');
    return "";
  }

 private:
  std::string& lent_;
};

TEST(OutputQueue, BorrowedBytesAreCopiedBeforeAProducerRuns) {
  std::string lent = "abcdef";
  OutputQueue q;
  q.PushProducer(std::make_shared<OverwritingProducer>(lent));
  q.PushBorrowed(lent, 4);
  EXPECT_EQ(q.Next(4).action, Action::kProduce);
  EXPECT_EQ(lent, "!!!!!!");
  EXPECT_EQ(Drain(q, 4).bytes, "abcdef");
}

// After AdoptBorrowed() the queue holds its own copy of what was not sent:
// the lender may change or free its bytes.
TEST(OutputQueue, AdoptBorrowedCopiesWhatIsStillQueued) {
  std::string lent = "abcdefghij";
  OutputQueue q;
  q.Push("<", 4);
  q.PushBorrowed(lent, 4);  // "abcd" "efgh" "ij"
  OutputQueue::Step step = q.Next(4);
  ASSERT_EQ(step.data, "<");
  q.Commit(1);
  step = q.Next(4);
  ASSERT_EQ(step.data, "abcd");
  q.Commit(3);  // "d" of the first borrowed piece still queued
  q.AdoptBorrowed();
  lent.assign(lent.size(), 'X');
  lent.clear();
  lent.shrink_to_fit();
  EXPECT_EQ(q.items(), 3u);
  EXPECT_EQ(q.buffered_bytes(), 7u);
  Drained d = Drain(q, 4);
  EXPECT_EQ(d.bytes, "defghij");
  EXPECT_EQ(d.offers, (std::vector<std::size_t>{1, 4, 2}));
}

TEST(OutputQueue, ClearDropsBorrowedItems) {
  const std::string lent = "abc";
  OutputQueue q;
  q.PushBorrowed(lent, 4);
  q.Clear();
  q.AdoptBorrowed();
  EXPECT_TRUE(q.empty());
  q.Push("z", 4);
  EXPECT_EQ(Drain(q, 4).bytes, "z");
}

}  // namespace
}  // namespace asynchat
