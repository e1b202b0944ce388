#include "tools/loadgen/worker.h"

#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace loadgen {
namespace {

std::uint64_t SplitMix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint64_t Seconds(double s) { return static_cast<std::uint64_t>(s * 1e9); }

}  // namespace

std::uint64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<std::uint64_t>(ts.tv_nsec);
}

Worker::Worker(WorkerConfig config, RunControl& control, const PayloadPattern& pattern)
    : config_(config), control_(control), pattern_(pattern), epfd_(epoll_create1(EPOLL_CLOEXEC)) {
  conns_.reserve(static_cast<std::size_t>(config_.connections));
  for (int i = 0; i < config_.connections; ++i) {
    const std::uint32_t id = config_.first_id + static_cast<std::uint32_t>(i);
    conns_.emplace_back(id, pattern_, config_.size, SplitMix(id));
  }
  watching_write_.assign(conns_.size(), -1);
  scratch_.resize(65536);
}

Worker::~Worker() {
  if (epfd_ >= 0) ::close(epfd_);
}

void Worker::Error(std::string message) {
  ++result_.error_count;
  if (result_.errors.size() < kMaxErrorsKept) result_.errors.push_back(std::move(message));
  control_.errors.fetch_add(1);
}

void Worker::Watch(std::size_t index, bool write) {
  epoll_event ev{};
  ev.events = EPOLLIN | (write ? EPOLLOUT : 0u);
  ev.data.u64 = index;
  const int op = watching_write_[index] < 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
  if (epoll_ctl(epfd_, op, conns_[index].fd(), &ev) < 0) {
    Error("connection " + std::to_string(conns_[index].id()) + ": epoll_ctl: " + std::strerror(errno));
    conns_[index].Close();
    return;
  }
  watching_write_[index] = write ? 1 : 0;
}

void Worker::ConnectMore() {
  while (connecting_ < kMaxConnecting && next_to_connect_ < conns_.size()) {
    const std::size_t i = next_to_connect_++;
    EchoConnection& c = conns_[i];
    if (c.Connect(reinterpret_cast<const sockaddr*>(&config_.address), config_.address_length) ==
        EchoConnection::Status::kError) {
      Error(c.error());
      return;
    }
    if (c.connected()) {
      ++connected_;
      control_.connected.fetch_add(1);
      Watch(i, false);
    } else {
      ++connecting_;
      Watch(i, true);  // writable once connected (or failed)
    }
  }
}

void Worker::StartIdle(std::uint64_t now) {
  for (std::size_t i = 0; i < conns_.size(); ++i) {
    EchoConnection& c = conns_[i];
    if (c.fd() < 0 || !c.connected() || c.busy()) continue;
    if (c.Start(now) == EchoConnection::Status::kError) {
      Error(c.error());
      continue;
    }
    if (c.wants_write() != (watching_write_[i] == 1)) Watch(i, c.wants_write());
  }
}

void Worker::Handle(std::size_t index, std::uint32_t events, std::uint64_t now, Phase phase) {
  EchoConnection& c = conns_[index];
  if (c.fd() < 0) return;
  const bool loading = phase == Phase::kWarmup || phase == Phase::kMeasure;
  if (!c.connected()) {
    --connecting_;
    if (c.FinishConnect() == EchoConnection::Status::kError) {
      Error(c.error());
      return;
    }
    ++connected_;
    control_.connected.fetch_add(1);
    if (started_ && loading && c.Start(now) == EchoConnection::Status::kError) {
      Error(c.error());
      return;
    }
    Watch(index, c.wants_write());
    return;
  }
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
    EchoConnection::Status s = c.OnReadable(scratch_.data(), scratch_.size());
    if (s == EchoConnection::Status::kError) {
      Error(c.error());
      return;
    }
    if (s == EchoConnection::Status::kCompleted) {
      if (phase == Phase::kMeasure) {
        if (result_.messages == 0) control_.measured_any.store(true, std::memory_order_relaxed);
        ++result_.messages;
        result_.payload_bytes += c.size();
        result_.latency.Record(now - c.started_ns());
      }
      if (loading && c.Start(now) == EchoConnection::Status::kError) {
        Error(c.error());
        return;
      }
    }
  }
  if ((events & EPOLLOUT) && c.OnWritable() == EchoConnection::Status::kError) {
    Error(c.error());
    return;
  }
  if (c.wants_write() != (watching_write_[index] == 1)) Watch(index, c.wants_write());
}

std::size_t Worker::Busy() const {
  return static_cast<std::size_t>(
      std::count_if(conns_.begin(), conns_.end(), [](const EchoConnection& c) { return c.fd() >= 0 && c.busy(); }));
}

void Worker::Run() {
  struct Finished {
    RunControl& control;
    ~Finished() { control.finished.fetch_add(1); }
  } finished{control_};
  if (epfd_ < 0) {
    Error(std::string("epoll_create1: ") + std::strerror(errno));
    return;
  }
  const std::size_t total = conns_.size();
  std::vector<epoll_event> events(std::clamp<std::size_t>(total, 1, 1024));
  const std::uint64_t connect_deadline = NowNs() + Seconds(config_.connect_timeout);
  std::uint64_t drain_deadline = 0;
  ConnectMore();
  for (;;) {
    if (result_.error_count > 0) break;
    Phase phase = control_.phase.load();
    if (phase == Phase::kAbort) break;
    std::uint64_t now = NowNs();
    if (static_cast<std::size_t>(connected_) < total) {
      if (now > connect_deadline) {
        Error("only " + std::to_string(connected_) + " of " + std::to_string(total) +
              " connections of this thread were open after " + std::to_string(config_.connect_timeout) +
              " s (--connect-timeout)");
        break;
      }
    } else if (!started_ && (phase == Phase::kWarmup || phase == Phase::kMeasure)) {
      started_ = true;
      StartIdle(now);
    }
    if (phase == Phase::kDrain) {
      if (drain_deadline == 0) drain_deadline = now + Seconds(config_.drain_timeout);
      const std::size_t busy = Busy();
      if (busy == 0) break;
      if (now > drain_deadline) {
        Error(std::to_string(busy) + " messages were still not echoed " + std::to_string(config_.drain_timeout) +
              " s after the measurement ended (--drain-timeout): lost");
        break;
      }
    }
    int k = epoll_wait(epfd_, events.data(), static_cast<int>(events.size()), config_.busy_poll ? 0 : 10);
    if (k < 0) {
      if (errno == EINTR) continue;
      Error(std::string("epoll_wait: ") + std::strerror(errno));
      break;
    }
    now = NowNs();
    phase = control_.phase.load();
    for (int e = 0; e < k; ++e) Handle(static_cast<std::size_t>(events[e].data.u64), events[e].events, now, phase);
    if (next_to_connect_ < total && connecting_ < kMaxConnecting && result_.error_count == 0) ConnectMore();
  }
  for (EchoConnection& c : conns_) c.Close();
}

}  // namespace loadgen
