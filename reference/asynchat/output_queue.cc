#include "reference/asynchat/output_queue.h"

#include <algorithm>
#include <stdexcept>

namespace asynchat {

void OutputQueue::Push(std::string_view data, std::size_t out_buffer_size) {
  if (out_buffer_size == 0) throw std::invalid_argument("push: ac_out_buffer_size must be at least 1, got 0");
  if (data.size() <= out_buffer_size) {
    items_.push_back(Item{Item::Kind::kData, std::string(data), 0, nullptr, false, {}});
  } else {
    for (std::size_t i = 0; i < data.size(); i += out_buffer_size) {
      items_.push_back(Item{Item::Kind::kData, std::string(data.substr(i, out_buffer_size)), 0, nullptr, false, {}});
    }
  }
  buffered_bytes_ += data.size();
}

void OutputQueue::PushBorrowed(std::string_view data, std::size_t out_buffer_size) {
  if (out_buffer_size == 0) throw std::invalid_argument("push: ac_out_buffer_size must be at least 1, got 0");
  std::size_t i = 0;
  do {
    Item& item = items_.emplace_back();  // built in place: no Item to move and destroy
    item.borrowed = true;
    item.view = data.substr(i, out_buffer_size);
    ++borrowed_items_;
    i += out_buffer_size;
  } while (i < data.size());
  buffered_bytes_ += data.size();
}

void OutputQueue::AdoptBorrowedItems() {
  for (Item& item : items_) {
    if (!item.borrowed) continue;
    item.data.assign(item.view.substr(item.offset));
    item.offset = 0;
    item.borrowed = false;
    item.view = {};
  }
  borrowed_items_ = 0;
}

void OutputQueue::PopFront() {
  if (items_.front().borrowed) --borrowed_items_;
  items_.pop_front();
}

void OutputQueue::PushOwned(std::string data, std::size_t out_buffer_size) {
  if (data.size() > out_buffer_size || out_buffer_size == 0) {
    Push(data, out_buffer_size);  // split (or refused) exactly as Push does
    return;
  }
  buffered_bytes_ += data.size();
  items_.push_back(Item{Item::Kind::kData, std::move(data), 0, nullptr, false, {}});
}

void OutputQueue::PushUnsplit(std::string data) {
  buffered_bytes_ += data.size();
  items_.push_back(Item{Item::Kind::kData, std::move(data), 0, nullptr, false, {}});
}

void OutputQueue::PushProducer(std::shared_ptr<Producer> producer) {
  if (!producer) throw std::invalid_argument("push_with_producer: null producer");
  items_.push_back(Item{Item::Kind::kProducer, {}, 0, std::move(producer), false, {}});
}

void OutputQueue::PushClose() { items_.push_back(Item{Item::Kind::kClose, {}, 0, nullptr, false, {}}); }

void OutputQueue::Clear() {
  items_.clear();
  borrowed_items_ = 0;
  buffered_bytes_ = 0;
  offered_front_ = false;
}

OutputQueue::Step OutputQueue::Next(std::size_t out_buffer_size) {
  offered_front_ = false;
  offered_ = 0;
  if (items_.empty()) throw std::logic_error("OutputQueue::Next on an empty queue");
  Item& first = items_.front();
  switch (first.kind) {
    case Item::Kind::kClose:
      PopFront();
      return {Step::Action::kClose, {}};
    case Item::Kind::kProducer: {
      // more() may touch the queue (e.g. discard_buffers); keep the producer
      // alive and only drop it if it is still in front.
      std::shared_ptr<Producer> producer = first.producer;
      AdoptBorrowed();  // more() is a handler: it may change the lender's bytes
      std::string data = producer->more();
      if (!data.empty()) {
        buffered_bytes_ += data.size();
        items_.push_front(Item{Item::Kind::kData, std::move(data), 0, nullptr, false, {}});
      } else if (!items_.empty() && items_.front().producer == producer) {
        items_.pop_front();
      }
      return {Step::Action::kProduce, {}};
    }
    case Item::Kind::kData:
      break;
  }
  std::string_view rest = first.bytes();
  if (rest.size() == first.offset) {
    // CPython drops an empty item and still calls send(b"") once.
    PopFront();
    return {Step::Action::kSend, {}};
  }
  rest.remove_prefix(first.offset);
  offered_ = std::min(rest.size(), out_buffer_size);
  offered_front_ = true;
  return {Step::Action::kSend, rest.substr(0, offered_)};
}

void OutputQueue::Commit(std::size_t num_sent) {
  if (num_sent > offered_) {
    throw std::out_of_range("send() reported " + std::to_string(num_sent) + " bytes sent of " +
                            std::to_string(offered_) + " offered");
  }
  if (!offered_front_ || num_sent == 0) return;
  offered_front_ = false;
  Item& first = items_.front();
  first.offset += num_sent;
  buffered_bytes_ -= num_sent;
  if (first.offset == first.bytes().size()) PopFront();
}

}  // namespace asynchat
