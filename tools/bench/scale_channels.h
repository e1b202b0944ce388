// The channels of a loop-scale measurement, both AsyncChat as in a chat or
// echo server:
//  - IdleChat: a connected channel with a "\n" terminator and nothing queued
//    (readable, not writable) whose peer never sends: it should cost a loop
//    pass nothing. Any event it gets is counted, so a measurement can check
//    that its idle channels really were idle.
//  - BouncingChat: one of a pair that bounce one byte back and forth, so every
//    pass has exactly one read event, one found_terminator() and one push()
//    that sends at once: the "one active channel".
#ifndef ASYNCHAT_TOOLS_BENCH_SCALE_CHANNELS_H_
#define ASYNCHAT_TOOLS_BENCH_SCALE_CHANNELS_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "reference/asynchat/async_chat.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/transport.h"

namespace bench {

class IdleChat : public asynchat::AsyncChat {
 public:
  IdleChat(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map, std::uint64_t* events);

  void collect_incoming_data(std::string_view data) override;
  void found_terminator() override;
  void handle_close() override;

 private:
  std::uint64_t* events_;  // shared by all idle channels of a measurement
};

class BouncingChat : public asynchat::AsyncChat {
 public:
  BouncingChat(std::unique_ptr<asyncore::Transport> sock, asyncore::SocketMap* map);

  void collect_incoming_data(std::string_view data) override;
  void found_terminator() override;
  void handle_close() override;

  std::uint64_t bounces() const { return bounces_; }

 private:
  std::uint64_t bounces_ = 0;
};

// Two BouncingChats over one 127.0.0.1 TCP connection, with the ball (one
// byte) already sent by the first. Throws std::system_error on socket errors.
struct BouncingPair {
  explicit BouncingPair(asyncore::SocketMap* map);
  std::uint64_t bounces() const { return a->bounces() + b->bounces(); }

  std::unique_ptr<BouncingChat> a;
  std::unique_ptr<BouncingChat> b;
};

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_SCALE_CHANNELS_H_
