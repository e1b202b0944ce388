// OutputQueue: async_chat's output side (the producer FIFO), with no I/O.
//
// Holds, in FIFO order, pushed data (split at push time into pieces of at
// most ac_out_buffer_size bytes), producers, and close_when_done's sentinel.
// AsyncChat::initiate_send drives it one step at a time, mirroring CPython 3
// (the documents say only "FIFO of producers"):
//   Next() -> kSend(data): offer `data` (at most out_buffer_size bytes of the
//             first item) to one send() call, then report the count accepted
//             with Commit(); at most one send happens per initiate_send;
//          -> kProduce: the first item was a producer; its more() result was
//             queued in front of it, or it was exhausted and dropped; call
//             Next() again;
//          -> kClose: the close sentinel was popped; close the channel.
// An empty pushed item is dropped and still yields one send of 0 bytes, as in
// CPython. Partial sends keep the unsent tail at the front, with no copying.
// Borrowed data (PushBorrowed) is queued as views of the caller's bytes, so
// what one send() takes at once is never copied; AdoptBorrowed() copies
// whatever of it is still queued before those bytes go away. Borrowed or
// owned, the items, their sizes and the sends are the same.
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_OUTPUT_QUEUE_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_OUTPUT_QUEUE_H_

#include <cstddef>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

#include "reference/asynchat/producer.h"

namespace asynchat {

class OutputQueue {
 public:
  struct Step {
    enum class Action { kSend, kProduce, kClose };
    Action action;
    std::string_view data;  // kSend only; valid until Commit() or the next mutation
  };

  // Appends data as pieces of at most out_buffer_size bytes (>= 1).
  void Push(std::string_view data, std::size_t out_buffer_size);
  // The same items as Push(data, out_buffer_size), taking `data` over: when
  // it fits in one piece it is queued without copying its bytes.
  void PushOwned(std::string data, std::size_t out_buffer_size);
  // Appends data as one item whatever its size (a bytes object given to
  // push_with_producer); Next() offers it out_buffer_size bytes at a time.
  void PushUnsplit(std::string data);
  // The same items as Push(data, out_buffer_size), as views of `data`: the
  // caller keeps `data` alive and unchanged until AdoptBorrowed().
  void PushBorrowed(std::string_view data, std::size_t out_buffer_size);
  // Copies the unsent bytes of every borrowed item into the queue; the queue
  // then no longer refers to any caller's bytes. Cheap when nothing is borrowed.
  void AdoptBorrowed() {
    if (borrowed_items_ != 0) AdoptBorrowedItems();
  }
  void PushProducer(std::shared_ptr<Producer> producer);
  void PushClose();
  void Clear();

  bool empty() const { return items_.empty(); }
  std::size_t items() const { return items_.size(); }
  // Bytes held in data items (producers' unproduced data is not counted).
  std::size_t buffered_bytes() const { return buffered_bytes_; }

  // May call a producer's more(); exceptions from it propagate with the
  // queue unchanged.
  Step Next(std::size_t out_buffer_size);
  // After a kSend step: `num_sent` bytes of the offered data were accepted.
  // Throws std::out_of_range if num_sent exceeds what was offered.
  void Commit(std::size_t num_sent);

 private:
  struct Item {
    enum class Kind { kData, kProducer, kClose } kind = Kind::kData;
    std::string data;
    std::size_t offset = 0;  // bytes of bytes() already sent
    std::shared_ptr<Producer> producer;
    bool borrowed = false;   // the bytes are `view`, the caller's, not `data`
    std::string_view view;

    std::string_view bytes() const { return borrowed ? view : std::string_view(data); }
  };

  void PopFront();
  void AdoptBorrowedItems();

  std::deque<Item> items_;
  std::size_t buffered_bytes_ = 0;
  std::size_t offered_ = 0;      // size of the last kSend's data
  bool offered_front_ = false;   // whether that data is still items_.front()
  std::size_t borrowed_items_ = 0;
};

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_OUTPUT_QUEUE_H_
