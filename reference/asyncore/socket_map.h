// SocketMap: asyncore's channel map, descriptor -> dispatcher, O(1) lookup.
//
// Python's map holds references that keep handler objects alive; here a map
// may own dispatchers too (Adopt, or make_channel<T>() in dispatcher.h): an
// owned dispatcher that leaves the map (close) is destroyed by
// ReleaseClosed(), which loop() calls after every pass, never while one of its
// handlers may still be on the stack. Dispatchers not adopted are owned by the
// caller and merely registered.
//
// Every registration gets a fresh serial, so a poller that collected events
// for descriptor 7 can tell, before dispatching, that 7 was closed and reused
// by another channel during the same pass (the event is then dropped rather
// than delivered to the wrong object).
//
// Change tracking, for pollers that keep registrations between passes
// (epoll): a channel with interest notifications on (Dispatcher::
// set_interest_notifications) is asked readable()/writable() again only when
// it was marked changed, so a pass costs nothing per idle channel; every other
// channel is asked every pass, as asyncore does. Nothing is recorded until a
// poller calls TrackChanges(), so maps polled by select or poll pay nothing.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_SOCKET_MAP_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_SOCKET_MAP_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "reference/asyncore/poller.h"

namespace asyncore {

class Dispatcher;

class SocketMap {
 public:
  struct Channel {
    int fd;
    Dispatcher* dispatcher;
    std::uint64_t serial;
  };

  SocketMap();
  ~SocketMap();
  SocketMap(const SocketMap&) = delete;
  SocketMap& operator=(const SocketMap&) = delete;

  // The global map used when a dispatcher is given none.
  static SocketMap& Default();

  // Registers (or replaces) fd's entry.
  void Add(int fd, Dispatcher* dispatcher);
  // Removes fd's entry if it belongs to `dispatcher`.
  void Remove(int fd, const Dispatcher* dispatcher);
  Dispatcher* Find(int fd) const;
  // Serial of fd's current registration, 0 if none.
  std::uint64_t Serial(int fd) const;
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  // The channels as they are now (fills `out`, reusing its storage).
  void Snapshot(std::vector<Channel>& out) const;

  // --- change tracking (see the top of this file) --------------------------
  void TrackChanges();
  bool tracking_changes() const { return tracking_; }
  // Records fd's channel for TakeChanged() if it is dispatcher's, notifies,
  // and is not already recorded. Cheap enough to call on every push.
  void MarkChanged(int fd, const Dispatcher* dispatcher);
  // The dispatcher of fd if its registration is still `serial` (else null,
  // the event is stale), recorded for TakeChanged() if it notifies: whatever
  // its handlers are about to do may change its answers.
  Dispatcher* DispatchTarget(int fd, std::uint64_t serial);
  // Moves fd's channel between the asked-every-pass list and the notifying ones.
  void SetNotifies(int fd, const Dispatcher* dispatcher, bool notifies);
  // The channels without notifications: ask them every pass.
  const std::vector<Channel>& asked_every_pass() const { return every_pass_; }
  // The notifying channels added or marked since the last call (some may
  // have left the map since: check Serial()), and the registrations that
  // ended since the last call.
  void TakeChanged(std::vector<Channel>& out);
  void TakeRemoved(std::vector<Channel>& out);

  // Takes ownership; the dispatcher is destroyed once it has left the map.
  void Adopt(std::unique_ptr<Dispatcher> dispatcher);
  // Destroys the owned dispatchers that have left the map. Does nothing
  // while a pass is dispatching (a PassScope is alive): a handler that
  // called close_all() may belong to one of them. The pass's own
  // ReleaseClosed() after dispatching destroys them.
  void ReleaseClosed();
  std::size_t owned() const { return owned_.size(); }

  // Marks a pass as dispatching for as long as it lives (see poll_once).
  class PassScope {
   public:
    explicit PassScope(SocketMap& map) : map_(map) { ++map_.passes_dispatching_; }
    ~PassScope() { --map_.passes_dispatching_; }
    PassScope(const PassScope&) = delete;
    PassScope& operator=(const PassScope&) = delete;

   private:
    SocketMap& map_;
  };

  Poller* cached_poller(Backend backend) const { return pollers_[static_cast<int>(backend)].get(); }
  void cache_poller(Backend backend, std::unique_ptr<Poller> poller) {
    pollers_[static_cast<int>(backend)] = std::move(poller);
  }

 private:
  static constexpr std::size_t kNotAskedEveryPass = static_cast<std::size_t>(-1);
  struct Entry {
    Dispatcher* dispatcher;
    std::uint64_t serial;
    bool marked = false;                                // in changed_
    std::size_t every_pass_index = kNotAskedEveryPass;  // position in every_pass_
    // Channels with interest notifications are the ones not asked every pass.
    bool notifies() const { return every_pass_index == kNotAskedEveryPass; }
  };
  void Forget(int fd, Entry& entry);  // the bookkeeping of an entry about to go
  void AskEveryPass(int fd, Entry& entry);
  void StopAskingEveryPass(Entry& entry);
  void Mark(int fd, Entry& entry);
  // fd's entry or null: by_fd_ for the descriptors it covers, else entries_.
  Entry* Lookup(int fd) {
    if (fd >= 0 && static_cast<std::size_t>(fd) < by_fd_.size()) return by_fd_[fd];
    auto it = entries_.find(fd);
    return it == entries_.end() ? nullptr : &it->second;
  }
  const Entry* Lookup(int fd) const { return const_cast<SocketMap*>(this)->Lookup(fd); }

  // entries_ owns the entries and gives the iteration order; by_fd_ finds
  // them without hashing (the profile of a busy echo server showed the hash
  // finds as its largest user-space item). Node pointers stay valid across
  // rehashing. Descriptors at or above kIndexedDescriptors are only hashed.
  static constexpr int kIndexedDescriptors = 1 << 20;
  std::unordered_map<int, Entry> entries_;
  std::vector<Entry*> by_fd_;
  std::vector<Channel> every_pass_;
  bool tracking_ = false;
  std::vector<Channel> changed_;
  std::vector<Channel> removed_;
  std::unordered_map<const Dispatcher*, std::unique_ptr<Dispatcher>> owned_;
  std::vector<std::unique_ptr<Dispatcher>> released_;  // left the map, not yet destroyed
  std::uint64_t next_serial_ = 1;
  int passes_dispatching_ = 0;  // nested when a handler runs loop() itself
  std::unique_ptr<Poller> pollers_[kBackendCount];
};

}  // namespace asyncore

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_SOCKET_MAP_H_
