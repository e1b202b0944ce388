#include "reference/asyncore/socket_map.h"

#include "reference/asyncore/dispatcher.h"

namespace asyncore {

SocketMap::SocketMap() = default;

SocketMap::~SocketMap() {
  // Owned dispatchers unregister themselves from this map as they die.
  for (int i = 0; i < kBackendCount; ++i) pollers_[i].reset();
  released_.clear();
  while (!owned_.empty()) {
    auto node = owned_.extract(owned_.begin());
    node.mapped().reset();
  }
  for (auto& [fd, entry] : entries_) entry.dispatcher->DetachFromMap(this);
  by_fd_.clear();
  entries_.clear();
}

SocketMap& SocketMap::Default() {
  static SocketMap* map = new SocketMap();  // never destroyed: outlives static dispatchers
  return *map;
}

void SocketMap::Add(int fd, Dispatcher* dispatcher) {
  auto [it, inserted] = entries_.try_emplace(fd);
  Entry& entry = it->second;
  if (!inserted) Forget(fd, entry);
  entry = Entry{dispatcher, next_serial_++};
  if (fd >= 0 && fd < kIndexedDescriptors) {
    if (static_cast<std::size_t>(fd) >= by_fd_.size()) by_fd_.resize(static_cast<std::size_t>(fd) + 1, nullptr);
    by_fd_[fd] = &entry;
  }
  if (dispatcher->interest_notifications()) {
    Mark(fd, entry);
  } else {
    AskEveryPass(fd, entry);
  }
}

void SocketMap::Forget(int fd, Entry& entry) {
  StopAskingEveryPass(entry);
  if (tracking_) removed_.push_back(Channel{fd, entry.dispatcher, entry.serial});
}

void SocketMap::AskEveryPass(int fd, Entry& entry) {
  if (entry.every_pass_index != kNotAskedEveryPass) return;
  entry.every_pass_index = every_pass_.size();
  every_pass_.push_back(Channel{fd, entry.dispatcher, entry.serial});
}

void SocketMap::StopAskingEveryPass(Entry& entry) {
  const std::size_t i = entry.every_pass_index;
  if (i == kNotAskedEveryPass) return;
  entry.every_pass_index = kNotAskedEveryPass;
  if (i + 1 != every_pass_.size()) {
    every_pass_[i] = every_pass_.back();
    Lookup(every_pass_[i].fd)->every_pass_index = i;
  }
  every_pass_.pop_back();
}

void SocketMap::Mark(int fd, Entry& entry) {
  if (!tracking_ || entry.marked) return;
  entry.marked = true;
  changed_.push_back(Channel{fd, entry.dispatcher, entry.serial});
}

void SocketMap::TrackChanges() {
  if (tracking_) return;
  tracking_ = true;
  for (auto& [fd, entry] : entries_) {
    if (entry.notifies()) Mark(fd, entry);
  }
}

void SocketMap::MarkChanged(int fd, const Dispatcher* dispatcher) {
  if (!tracking_) return;
  Entry* entry = Lookup(fd);
  if (entry == nullptr || entry->dispatcher != dispatcher || !entry->notifies()) return;
  Mark(fd, *entry);
}

Dispatcher* SocketMap::DispatchTarget(int fd, std::uint64_t serial) {
  Entry* entry = Lookup(fd);
  if (entry == nullptr || entry->serial != serial) return nullptr;
  if (entry->notifies()) Mark(fd, *entry);
  return entry->dispatcher;
}

void SocketMap::SetNotifies(int fd, const Dispatcher* dispatcher, bool notifies) {
  Entry* found = Lookup(fd);
  if (found == nullptr || found->dispatcher != dispatcher) return;
  Entry& entry = *found;
  if (notifies) {
    StopAskingEveryPass(entry);
    Mark(fd, entry);
  } else {
    AskEveryPass(fd, entry);
  }
}

void SocketMap::TakeChanged(std::vector<Channel>& out) {
  out.clear();
  out.swap(changed_);
  for (const Channel& c : out) {
    Entry* entry = Lookup(c.fd);
    if (entry != nullptr && entry->serial == c.serial) entry->marked = false;
  }
}

void SocketMap::TakeRemoved(std::vector<Channel>& out) {
  out.clear();
  out.swap(removed_);
}

void SocketMap::Remove(int fd, const Dispatcher* dispatcher) {
  auto it = entries_.find(fd);
  if (it == entries_.end() || it->second.dispatcher != dispatcher) return;
  Forget(fd, it->second);
  if (fd >= 0 && static_cast<std::size_t>(fd) < by_fd_.size()) by_fd_[fd] = nullptr;
  entries_.erase(it);
  auto owned = owned_.find(dispatcher);
  if (owned != owned_.end()) {
    released_.push_back(std::move(owned->second));
    owned_.erase(owned);
  }
}

Dispatcher* SocketMap::Find(int fd) const {
  const Entry* entry = Lookup(fd);
  return entry == nullptr ? nullptr : entry->dispatcher;
}

std::uint64_t SocketMap::Serial(int fd) const {
  const Entry* entry = Lookup(fd);
  return entry == nullptr ? 0 : entry->serial;
}

void SocketMap::Snapshot(std::vector<Channel>& out) const {
  out.clear();
  out.reserve(entries_.size());
  for (const auto& [fd, entry] : entries_) out.push_back(Channel{fd, entry.dispatcher, entry.serial});
}

void SocketMap::Adopt(std::unique_ptr<Dispatcher> dispatcher) {
  const Dispatcher* key = dispatcher.get();
  if (key == nullptr) return;
  bool registered = key->fileno() >= 0 && Find(key->fileno()) == key;
  // Unregistered with no socket yet: kept until it gets one and closes.
  // Unregistered with a socket: it already closed (e.g. in its
  // constructor), so it is released like any channel that closed.
  if (registered || key->socket() == nullptr) {
    owned_.emplace(key, std::move(dispatcher));
  } else {
    released_.push_back(std::move(dispatcher));
  }
}

void SocketMap::ReleaseClosed() {
  if (released_.empty() || passes_dispatching_ > 0) return;
  std::vector<std::unique_ptr<Dispatcher>> dying;
  dying.swap(released_);
  for (auto& d : dying) {
    // Re-registered since it left (e.g. set_socket after close): keep it.
    if (d->fileno() >= 0 && Find(d->fileno()) == d.get()) {
      const Dispatcher* key = d.get();
      owned_.emplace(key, std::move(d));
    }
  }
  dying.clear();  // destructors may close more channels; they land in released_
}

}  // namespace asyncore
