#include "reference/asyncore/loop.h"

#include <poll.h>

#include <cerrno>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "reference/asyncore/epoll_poller.h"
#include "reference/asyncore/poll_poller.h"
#include "reference/asyncore/select_poller.h"

namespace asyncore {
namespace {

// Runs one handler call with asyncore's error routing. The select path
// (read/write/_exception in asyncore.py) sends every error to handle_error.
template <class F>
void Guarded(Dispatcher& obj, F&& f) {
  try {
    f();
  } catch (const ExitNow&) {
    throw;
  } catch (...) {
    obj.handle_error();
  }
}

std::unique_ptr<Poller> MakePoller(Backend backend) {
  switch (backend) {
    case Backend::kSelect:
      return std::make_unique<SelectPoller>();
    case Backend::kPoll:
      return std::make_unique<PollPoller>();
    case Backend::kEpoll:
      return std::make_unique<EpollPoller>();
  }
  throw std::invalid_argument("unknown backend " + std::to_string(static_cast<int>(backend)));
}

}  // namespace

void dispatch_read(Dispatcher& obj) {
  Guarded(obj, [&] { obj.handle_read_event(); });
}

void dispatch_write(Dispatcher& obj) {
  Guarded(obj, [&] { obj.handle_write_event(); });
}

void dispatch_expt(Dispatcher& obj) {
  Guarded(obj, [&] { obj.handle_expt_event(); });
}

void readwrite(Dispatcher& obj, int flags) {
  // A handler that closed the channel (or gave it a new socket) ends this
  // event: the remaining flags belong to the old socket. Without this, a
  // read that found EOF and closed was followed by handle_write and a
  // second handle_close (POLLHUP), unlike the select path's live() checks.
  const int fd = obj.fileno();
  const std::uint64_t serial = fd >= 0 ? obj.socket_map().Serial(fd) : 0;
  auto still_open = [&] { return obj.fileno() == fd && (fd < 0 || obj.socket_map().Serial(fd) == serial); };
  try {
    if (flags & POLLIN) obj.handle_read_event();
    if ((flags & POLLOUT) && still_open()) obj.handle_write_event();
    if ((flags & POLLPRI) && still_open()) obj.handle_expt_event();
    if ((flags & (POLLHUP | POLLERR | POLLNVAL)) && still_open()) obj.handle_close();
  } catch (const ExitNow&) {
    throw;
  } catch (const std::system_error& e) {
    if (IsDisconnect(ErrnoOf(e))) {
      obj.handle_close();
    } else {
      obj.handle_error();
    }
  } catch (...) {
    obj.handle_error();
  }
}

void poll_once(SocketMap& map, double timeout, Backend backend) {
  if (std::isnan(timeout)) throw std::invalid_argument("loop: the timeout is NaN (expected seconds, or negative)");
  Poller* poller = map.cached_poller(backend);
  if (poller == nullptr) {
    map.cache_poller(backend, MakePoller(backend));
    poller = map.cached_poller(backend);
  }
  try {
    SocketMap::PassScope in_pass(map);  // ends before the ReleaseClosed() calls below
    poller->Poll(map, timeout);
  } catch (...) {
    map.ReleaseClosed();
    throw;
  }
  map.ReleaseClosed();
}

void loop(const LoopOptions& options) {
  SocketMap& map = options.map ? *options.map : SocketMap::Default();
  if (!options.count) {
    while (!map.empty()) poll_once(map, options.timeout, options.backend);
    return;
  }
  for (long n = *options.count; !map.empty() && n > 0; --n) poll_once(map, options.timeout, options.backend);
}

void loop(double timeout, bool use_poll, SocketMap* map, std::optional<long> count) {
  loop(LoopOptions{timeout, use_poll ? Backend::kPoll : Backend::kSelect, map, count});
}

void close_all(SocketMap* map_arg, bool ignore_all) {
  SocketMap& map = map_arg ? *map_arg : SocketMap::Default();
  std::vector<SocketMap::Channel> channels;
  map.Snapshot(channels);
  for (const SocketMap::Channel& c : channels) {
    if (map.Serial(c.fd) != c.serial) continue;  // closed by an earlier close()
    try {
      c.dispatcher->close();
    } catch (const std::system_error& e) {
      if (ErrnoOf(e) != EBADF && !ignore_all) throw;
    } catch (const ExitNow&) {
      throw;
    } catch (...) {
      if (!ignore_all) throw;
    }
  }
  // Whatever close() left behind (an override that does not unregister).
  map.Snapshot(channels);
  for (const SocketMap::Channel& c : channels) c.dispatcher->del_channel();
  map.ReleaseClosed();
}

Backend ParseBackend(const std::string& name) {
  if (name == "select") return Backend::kSelect;
  if (name == "poll") return Backend::kPoll;
  if (name == "epoll") return Backend::kEpoll;
  throw std::invalid_argument("unknown backend \"" + name + "\" (expected select, poll or epoll)");
}

const char* BackendName(Backend backend) {
  switch (backend) {
    case Backend::kSelect:
      return "select";
    case Backend::kPoll:
      return "poll";
    case Backend::kEpoll:
      return "epoll";
  }
  return "?";
}

}  // namespace asyncore
