#include "tools/bench/scale_channels.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>

#include "reference/asyncore/socket_transport.h"

namespace bench {

IdleChat::IdleChat(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map, std::uint64_t* events)
    : AsyncChat(std::move(sock), map), events_(events) {
  set_terminator("\n");
}

void IdleChat::collect_incoming_data(std::string_view) { ++*events_; }
void IdleChat::found_terminator() { ++*events_; }
void IdleChat::handle_close() {
  ++*events_;
  close();
}

BouncingChat::BouncingChat(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map)
    : AsyncChat(std::move(sock), map) {
  set_terminator(std::int64_t{1});
}

void BouncingChat::collect_incoming_data(std::string_view) {}

void BouncingChat::found_terminator() {
  ++bounces_;
  set_terminator(std::int64_t{1});
  push("x");
}

void BouncingChat::handle_close() {
  close();
  throw std::runtime_error("the active pair closed (its peer went away)");
}

namespace {

int Check(int rc, const char* what) {
  if (rc < 0) throw std::system_error(errno, std::generic_category(), what);
  return rc;
}

}  // namespace

BouncingPair::BouncingPair(asyncore::SocketMap* map) {
  int listener = Check(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  int client = -1;
  int server = -1;
  try {
    Check(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), "bind 127.0.0.1");
    Check(::listen(listener, 1), "listen");
    Check(::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len), "getsockname");
    client = Check(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), "socket");
    Check(::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), "connect 127.0.0.1");
    server = Check(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC), "accept");
  } catch (...) {
    ::close(listener);
    if (client >= 0) ::close(client);
    throw;
  }
  ::close(listener);
  a = std::make_unique<BouncingChat>(std::make_unique<asyncore::SocketTransport>(client), map);
  b = std::make_unique<BouncingChat>(std::make_unique<asyncore::SocketTransport>(server), map);
  a->push("x");
}

}  // namespace bench
