// minimal_epoll_echo_server: the floor for the echo comparison, a minimal
// hand-written epoll server for the documented echo protocol ("ECHO <len>\n"
// then <len> bytes, echoed back) with no library under it: one
// level-triggered epoll set, one recv per readable event into a per-connection
// buffer, whole messages sent straight from that buffer, and output that
// does not fit the socket kept until EPOLLOUT (reading pauses meanwhile).
// It does what an echo server must and nothing more (no framing
// abstraction, no handler calls, no output queue), so the reference's CPU
// per message is compared with the least a correct server can spend.
// Prints "port N"; runs until killed. Bad input closes the connection.
//
// usage: minimal_epoll_echo_server [--port P] [--buffer-size N] [--quiet]
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <memory>
#include <optional>
#include <vector>

#include "reference/asyncore/fd_limit.h"
#include "tools/bench/echo_server_options.h"

namespace {

constexpr std::size_t kMaxCommand = 64;
constexpr std::size_t kMaxMessage = std::size_t{1} << 20;

struct Conn {
  int fd = -1;
  std::unique_ptr<char[]> in;  // unparsed input: [begin, end) of in_size bytes (not zeroed: untouched pages stay free)
  std::size_t in_size = 0;
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string out;         // echo bytes the socket did not take yet
  std::size_t out_sent = 0;
};

int g_epfd = -1;
std::size_t g_buffer_size = 65536;

void Close(Conn* c) {
  epoll_ctl(g_epfd, EPOLL_CTL_DEL, c->fd, nullptr);
  ::close(c->fd);
  delete c;
}

void Watch(Conn* c, bool write) {
  epoll_event ev{};
  ev.events = write ? EPOLLOUT : EPOLLIN;
  ev.data.ptr = c;
  epoll_ctl(g_epfd, EPOLL_CTL_MOD, c->fd, &ev);
}

// Sends `data`; keeps what the socket does not take. False on a send error.
bool Send(Conn* c, const char* data, std::size_t n) {
  if (!c->out.empty()) {
    c->out.append(data, n);
    return true;
  }
  while (n > 0) {
    ssize_t r = ::send(c->fd, data, n, MSG_NOSIGNAL);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno != EAGAIN) return false;
      c->out.assign(data, n);
      c->out_sent = 0;
      return true;
    }
    data += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

// Echoes every complete message in the input buffer. False: bad input.
bool Process(Conn* c) {
  for (;;) {
    char* p = c->in.get() + c->begin;
    std::size_t avail = c->end - c->begin;
    char* nl = static_cast<char*>(std::memchr(p, '\n', avail < kMaxCommand ? avail : kMaxCommand));
    if (nl == nullptr) return avail < kMaxCommand;
    if (avail < 6 || std::memcmp(p, "ECHO ", 5) != 0) return false;
    std::size_t len = 0;
    for (char* d = p + 5; d < nl; ++d) {
      if (*d < '0' || *d > '9') return false;
      len = len * 10 + static_cast<std::size_t>(*d - '0');
      if (len > kMaxMessage) return false;
    }
    std::size_t header = static_cast<std::size_t>(nl - p) + 1;
    if (avail < header + len) {
      if (c->in_size - c->begin < header + len) {  // does not fit: move to the front of a buffer large enough
        const std::size_t size = std::max(c->in_size, header + len);
        std::unique_ptr<char[]> bigger(new char[size]);
        std::memcpy(bigger.get(), p, avail);
        c->in = std::move(bigger);
        c->in_size = size;
        c->begin = 0;
        c->end = avail;
      }
      return true;
    }
    if (!Send(c, p + header, len)) return false;
    c->begin += header + len;
    if (c->begin == c->end) c->begin = c->end = 0;
  }
}

void OnReadable(Conn* c) {
  if (c->begin > 0 && c->end == c->in_size) {  // compact
    std::memmove(c->in.get(), c->in.get() + c->begin, c->end - c->begin);
    c->end -= c->begin;
    c->begin = 0;
  }
  ssize_t r = ::recv(c->fd, c->in.get() + c->end, c->in_size - c->end, 0);
  if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (r <= 0) {
    Close(c);
    return;
  }
  c->end += static_cast<std::size_t>(r);
  if (!Process(c)) {
    Close(c);
    return;
  }
  if (!c->out.empty()) Watch(c, true);
}

void OnWritable(Conn* c) {
  while (c->out_sent < c->out.size()) {
    ssize_t r = ::send(c->fd, c->out.data() + c->out_sent, c->out.size() - c->out_sent, MSG_NOSIGNAL);
    if (r < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) return;
      Close(c);
      return;
    }
    c->out_sent += static_cast<std::size_t>(r);
  }
  c->out.clear();
  c->out_sent = 0;
  Watch(c, false);
  if (!Process(c)) Close(c);  // messages that arrived while writing
  else if (!c->out.empty()) Watch(c, true);
}

}  // namespace

int main(int argc, char** argv) {
  int exit_status = 0;
  std::optional<bench::EchoServerOptions> options =
      bench::ParseEchoServerOptions("minimal_epoll_echo_server", argc, argv, &exit_status);
  if (!options) return exit_status;
  const int port = options->port;
  g_buffer_size = options->buffer_size;
  if (g_buffer_size < kMaxCommand) g_buffer_size = kMaxCommand;
  asyncore::RaiseFdLimit(10000 + 16);  // as echo_server_multi does
  int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  int one = 1;
  setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  socklen_t len = sizeof(addr);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) < 0 || ::listen(listener, 1024) < 0 ||
      getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) < 0) {
    std::perror("minimal_epoll_echo_server: listen");
    return 1;
  }
  std::printf("listening on 127.0.0.1:%d (minimal epoll)\nport %d\n", ntohs(addr.sin_port), ntohs(addr.sin_port));
  std::fflush(stdout);
  g_epfd = epoll_create1(EPOLL_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // the listener
  epoll_ctl(g_epfd, EPOLL_CTL_ADD, listener, &ev);
  std::vector<epoll_event> events(1024);
  for (;;) {
    int n = epoll_wait(g_epfd, events.data(), static_cast<int>(events.size()), -1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::perror("epoll_wait");
      return 1;
    }
    for (int i = 0; i < n; ++i) {
      Conn* c = static_cast<Conn*>(events[i].data.ptr);
      if (c == nullptr) {
        for (int k = 0; k < 64; ++k) {
          int fd = ::accept4(listener, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (fd < 0) break;
          Conn* nc = new Conn;
          nc->fd = fd;
          nc->in.reset(new char[g_buffer_size]);
          nc->in_size = g_buffer_size;
          epoll_event cev{};
          cev.events = EPOLLIN;
          cev.data.ptr = nc;
          epoll_ctl(g_epfd, EPOLL_CTL_ADD, fd, &cev);
        }
        continue;
      }
      if (events[i].events & EPOLLOUT) {
        OnWritable(c);
      } else {
        OnReadable(c);
      }
    }
  }
}
