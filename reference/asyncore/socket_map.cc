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
  entries_.clear();
}

SocketMap& SocketMap::Default() {
  static SocketMap* map = new SocketMap();  // never destroyed: outlives static dispatchers
  return *map;
}

void SocketMap::Add(int fd, Dispatcher* dispatcher) { entries_[fd] = Entry{dispatcher, next_serial_++}; }

void SocketMap::Remove(int fd, const Dispatcher* dispatcher) {
  auto it = entries_.find(fd);
  if (it == entries_.end() || it->second.dispatcher != dispatcher) return;
  entries_.erase(it);
  auto owned = owned_.find(dispatcher);
  if (owned != owned_.end()) {
    released_.push_back(std::move(owned->second));
    owned_.erase(owned);
  }
}

Dispatcher* SocketMap::Find(int fd) const {
  auto it = entries_.find(fd);
  return it == entries_.end() ? nullptr : it->second.dispatcher;
}

std::uint64_t SocketMap::Serial(int fd) const {
  auto it = entries_.find(fd);
  return it == entries_.end() ? 0 : it->second.serial;
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
