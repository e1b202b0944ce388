#include "fuzz/session_checker.h"

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "reference/asynchat/async_chat.h"
#include "traces/bytes_escape.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/os_error.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_address.h"
#include "reference/asyncore/socket_map.h"
#include "traces/errno_names.h"
#include "traces/trace_format.h"

namespace fuzz {
namespace {

using asyncore::ScriptedTransport;
using traces::Arg;
using traces::Record;

// Write events given to drain the queue at the end: more than any decoded
// scenario needs (kMaxQueuedBytes one byte at a time, plus every scripted
// send step and producer).
constexpr std::size_t kMaxDrainEvents = 1 << 17;

// The checker's own view of the terminator.
struct Term {
  enum class Kind { kEverything, kString, kCount } kind = Kind::kEverything;
  std::string bytes;            // kString, never empty
  std::uint64_t remaining = 0;  // kCount, never 0
};

// The terminator arguments at a[i]: nullopt with *count set for int:N (the
// caller passes N to the reference, which rejects negatives).
Term ParseTerm(const std::vector<Arg>& a, std::size_t i, std::optional<std::int64_t>* count) {
  Term t;
  count->reset();
  if (a[i].text == "none") return t;
  if (a[i].text == "str:") {
    if (!a[i + 1].text.empty()) {
      t.kind = Term::Kind::kString;
      t.bytes = a[i + 1].text;
    }
    return t;
  }
  std::int64_t n = 0;
  const std::string digits = a[i].text.substr(4);
  std::from_chars(digits.data(), digits.data() + digits.size(), n);
  *count = n;
  if (n > 0) {
    t.kind = Term::Kind::kCount;
    t.remaining = static_cast<std::uint64_t>(n);
  }
  return t;
}

class ListProducer : public asynchat::Producer {
 public:
  explicit ListProducer(std::vector<std::string> chunks) : chunks_(std::move(chunks)) {}
  std::string more() override { return next_ < chunks_.size() ? chunks_[next_++] : std::string(); }

 private:
  std::vector<std::string> chunks_;
  std::size_t next_ = 0;
};

class Session;

class Chat : public asynchat::AsyncChat {
 public:
  Chat(std::unique_ptr<ScriptedTransport> t, asyncore::SocketMap* map, Session* s)
      : AsyncChat(std::move(t), map), session_(s) {}
  void collect_incoming_data(std::string_view data) override;
  void found_terminator() override;
  void handle_error() override;

 private:
  Session* session_;
};

class Session {
 public:
  explicit Session(const traces::Trace& scenario) : scenario_(scenario) {
    const traces::ChannelConfig& c = scenario.channels.at(0);
    auto t = std::make_unique<ScriptedTransport>();
    t_ = t.get();
    if (c.send_cap) {
      t_->set_default_send_cap(*c.send_cap);
      send_cap_ = *c.send_cap;
    }
    if (!c.connected) {
      t_->set_peer(asyncore::SocketAddress());
      t_->set_connect_result(EINPROGRESS);
    }
    t_->set_observer([this](const ScriptedTransport::Call& call) { Observe(call); });
    chat_ = std::make_unique<Chat>(std::move(t), &map_, this);
    if (c.in_buffer) chat_->set_ac_in_buffer_size(*c.in_buffer);
    if (c.out_buffer) chat_->set_ac_out_buffer_size(*c.out_buffer);
    if (!c.connected) {
      chat_->connect(asyncore::SocketAddress::Inet("127.0.0.1", 0));
      t_->set_peer(asyncore::SocketAddress::Inet("127.0.0.1", 0));
    }
  }

  ~Session() { t_->set_observer(nullptr); }

  void Run() {
    for (const Record& r : scenario_.records) {
      if (r.direction != Record::Direction::kInput) continue;
      current_ = &r;
      Step(r);
      ThrowIfViolated();
    }
    current_ = nullptr;
    Drain();
    ThrowIfViolated();
  }

  // --- callbacks from the channel ----------------------------------------------

  void OnCollect(std::string_view data) {
    if (data.empty()) Fail("collect_incoming_data() was called with no bytes");
    if (count_reached_) Fail("collect_incoming_data() after an integer terminator reached 0, before found_terminator()");
    if (term_.kind == Term::Kind::kCount) {
      if (data.size() > term_.remaining) {
        Fail("collected " + std::to_string(data.size()) + " bytes with only " + std::to_string(term_.remaining) +
             " left to the integer terminator");
      }
      term_.remaining -= data.size();
      count_reached_ = term_.remaining == 0;
    }
    if (input_exact_) {
      accounted_.append(data);
      CheckAccountedIsPrefix();
    }
  }

  void OnFound() {
    ++found_;
    switch (term_.kind) {
      case Term::Kind::kEverything:
        Fail("found_terminator() under a terminator that collects everything (none, \"\" or 0)");
        break;
      case Term::Kind::kCount:
        if (!count_reached_) {
          Fail("found_terminator() with " + std::to_string(term_.remaining) + " bytes left to the integer terminator");
        }
        term_ = Term{};  // the count reads 0: collect everything until changed
        break;
      case Term::Kind::kString:
        if (input_exact_) {
          accounted_.append(term_.bytes);
          CheckAccountedIsPrefix();
        }
        break;
    }
    count_reached_ = false;
    auto it = reactions_.find(found_);
    if (it == reactions_.end()) return;
    struct Depth {
      int& d;
      explicit Depth(int& x) : d(x) { ++d; }
      ~Depth() { --d; }
    } depth(in_found_);
    for (const Record* r : it->second) {
      Perform(r->args[2].text, std::vector<Arg>(r->args.begin() + 3, r->args.end()));
    }
  }

  void OnError() {
    try {
      throw;
    } catch (const InvariantViolation&) {
      throw;  // not the channel's error: stop the session
    } catch (...) {
    }
    input_exact_ = false;  // what a throwing callback left unprocessed is unknown here
    close_explained_ = true;
  }

 private:
  void Step(const Record& r) {
    const std::vector<Arg>& a = r.args;
    close_explained_ = false;
    discarded_in_read_ = false;
    const bool open = !t_->closed();
    if (r.verb == "read") {
      if (!open) return;  // a loop drops events for a closed channel
      bool feeds = true;  // whether the read reaches the framing core
      if (a[0].kind == Arg::Kind::kBytes) {
        t_->AddRecv(a[0].text);
        read_.append(a[0].text);
      } else if (a[0].text == "eof") {
        t_->AddEof();
        close_explained_ = true;
      } else if (a[0].text == "wouldblock") {
        t_->AddRecvError(EAGAIN);
        feeds = false;
      } else {
        const int err = *traces::ErrnoFromName(a[1].text);
        t_->AddRecvError(err);
        close_explained_ = true;
        feeds = asyncore::IsDisconnect(err);
      }
      asyncore::dispatch_read(*chat_);
      if (feeds) AfterFeed();
    } else if (r.verb == "write") {
      if (open) asyncore::dispatch_write(*chat_);
    } else if (r.verb == "send_budget") {
      const std::size_t n = std::stoull(a[0].text);
      t_->AddSendBudget(n);
      steps_.push_back(SendStep{n, 0});
    } else if (r.verb == "send_error") {
      const int err = *traces::ErrnoFromName(a[0].text);
      t_->AddSendError(err);
      steps_.push_back(SendStep{0, err});
    } else if (r.verb == "producer") {
      std::vector<std::string> chunks;
      for (std::size_t i = 1; i < a.size(); ++i) chunks.push_back(a[i].text);
      producers_[a[0].text] = std::move(chunks);
    } else if (r.verb == "on") {
      reactions_[std::stoull(a[1].text)].push_back(&r);
    } else {
      try {
        Perform(r.verb, a);
      } catch (const InvariantViolation&) {
        throw;
      } catch (const std::invalid_argument&) {
        // Only a negative integer terminator may raise (ValueError).
        if (r.verb != "set_terminator" || a[0].text.rfind("int:-", 0) != 0) Fail("unexpected ValueError");
      }
    }
  }

  // An application call, from an input or inside found_terminator().
  void Perform(const std::string& verb, const std::vector<Arg>& a) {
    if (verb == "set_terminator") {
      std::optional<std::int64_t> count;
      Term t = ParseTerm(a, 0, &count);
      if (count) {
        chat_->set_terminator(*count);  // throws for a negative count; nothing changes then
      } else if (a[0].text == "none") {
        chat_->set_terminator(asynchat::Terminator::None());
      } else {
        chat_->set_terminator(std::string_view(a[1].text));
      }
      term_ = t;
      count_reached_ = false;
    } else if (verb == "push") {
      queued_.append(a[0].text);  // before the call: push() sends at once
      chat_->push(a[0].text);
    } else if (verb == "push_with_producer") {
      const std::vector<std::string>& chunks = producers_.at(a[0].text);
      for (const std::string& c : chunks) {
        if (c.empty()) break;  // more() returned b"": exhausted, the later chunks are never asked for
        queued_.append(c);
      }
      chat_->push_with_producer(std::make_shared<ListProducer>(chunks));
    } else if (verb == "close_when_done") {
      close_marks_.push_back(queued_.size());
      chat_->close_when_done();
    } else if (verb == "discard_buffers") {
      chat_->discard_buffers();
      queued_.resize(sent_);  // everything unsent is dropped, including the close sentinel
      close_marks_.clear();
      if (!chat_->held_back_input().empty()) Fail("discard_buffers() left held-back input");
      if (in_found_ > 0) {
        discarded_in_read_ = true;  // the rest of this read is dropped too
      } else {
        accounted_ = read_;
        input_exact_ = true;
      }
    } else if (verb == "close") {
      close_explained_ = true;
      chat_->close();
    }
  }

  // After a read that reached the framing core (data, EOF, or a disconnect).
  void AfterFeed() {
    std::string_view held = chat_->held_back_input();
    if (discarded_in_read_) {
      if (!held.empty()) Fail("input held back after discard_buffers() inside found_terminator()");
      accounted_ = read_;
      input_exact_ = true;
      return;
    }
    if (!input_exact_) return;
    if (accounted_.size() + held.size() != read_.size() || read_.compare(accounted_.size(), held.size(), held) != 0) {
      Fail("bytes lost, duplicated or reordered: read \"" + traces::EscapeBytes(read_) +
           "\", collected + terminators \"" + traces::EscapeBytes(accounted_) + "\", held back \"" +
           traces::EscapeBytes(held) + "\"");
    }
    if (term_.kind == Term::Kind::kString) {
      if (held.size() >= term_.bytes.size() || term_.bytes.compare(0, held.size(), held) != 0) {
        Fail("held back \"" + traces::EscapeBytes(held) + "\", not a proper prefix of the terminator \"" +
             traces::EscapeBytes(term_.bytes) + "\"");
      }
    } else if (!held.empty()) {
      Fail("held back \"" + traces::EscapeBytes(held) + "\" under a non-string terminator");
    }
  }

  void CheckAccountedIsPrefix() {
    if (accounted_.size() > read_.size() || read_.compare(0, accounted_.size(), accounted_) != 0) {
      Fail("collected bytes and terminators \"" + traces::EscapeBytes(accounted_) +
           "\" are not a prefix of the bytes read \"" + traces::EscapeBytes(read_) + "\"");
    }
  }

  void Observe(const ScriptedTransport::Call& call) {
    if (call.kind == ScriptedTransport::Call::Kind::kSend) {
      ObserveSend(call);
    } else if (call.kind == ScriptedTransport::Call::Kind::kClose) {
      ObserveClose();
    }
  }

  void ObserveSend(const ScriptedTransport::Call& call) {
    const std::string& offered = call.data;
    if (offered.size() > chat_->ac_out_buffer_size()) {
      Fail("send() offered " + std::to_string(offered.size()) + " bytes, more than ac_out_buffer_size " +
           std::to_string(chat_->ac_out_buffer_size()));
    }
    if (sent_ + offered.size() > queued_.size() || queued_.compare(sent_, offered.size(), offered) != 0) {
      Fail("send() offered \"" + traces::EscapeBytes(offered) + "\" but the next unsent queued bytes are \"" +
           traces::EscapeBytes(queued_.substr(std::min(sent_, queued_.size()), offered.size())) + "\"");
    }
    SendStep step{send_cap_, 0};
    if (!steps_.empty()) {
      step = steps_.front();
      steps_.pop_front();
    }
    if (step.error != call.error || (!step.error && call.result != std::min(step.budget, offered.size()))) {
      Fail("send() of " + std::to_string(offered.size()) + " bytes returned " + std::to_string(call.result) +
           " (errno " + std::to_string(call.error) + "); the script allowed " +
           (step.error ? traces::ErrnoName(step.error) : std::to_string(step.budget) + " bytes"));
    }
    if (call.error && call.error != EAGAIN) close_explained_ = true;
    sent_ += call.result;
  }

  void ObserveClose() {
    if (close_explained_) return;
    if (close_marks_.empty()) Fail("the channel closed with no cause (no close(), EOF, error or close_when_done())");
    if (sent_ != close_marks_.front()) {
      Fail("close_when_done() closed the channel after " + std::to_string(sent_) + " of the " +
           std::to_string(close_marks_.front()) + " bytes queued before it were sent");
    }
  }

  void Drain() {
    if (t_->closed()) return;
    close_explained_ = false;
    std::size_t events = 0;
    while (!t_->closed() && chat_->writable()) {
      if (++events > kMaxDrainEvents) Fail("the output queue did not drain");
      asyncore::dispatch_write(*chat_);
      ThrowIfViolated();
    }
    if (t_->closed()) return;
    if (sent_ != queued_.size()) {
      Fail("the queue drained with " + std::to_string(queued_.size() - sent_) + " queued bytes never sent");
    }
    if (!close_marks_.empty()) Fail("the queue drained but close_when_done() never closed the channel");
  }

  [[noreturn]] void Fail(const std::string& what) {
    std::string where = current_ ? "at " + traces::FormatRecord(*current_) : "while draining the output queue";
    if (violation_.empty()) violation_ = where + ": " + what;
    throw InvariantViolation(violation_);
  }

  void ThrowIfViolated() {
    if (!violation_.empty()) throw InvariantViolation(violation_);
  }

  struct SendStep {
    std::size_t budget;
    int error;
  };

  const traces::Trace& scenario_;
  asyncore::SocketMap map_;
  ScriptedTransport* t_ = nullptr;
  std::unique_ptr<Chat> chat_;
  const Record* current_ = nullptr;
  std::string violation_;

  // input side
  Term term_;
  bool count_reached_ = false;
  std::string read_;       // every byte delivered by a read
  std::string accounted_;  // collected bytes and consumed terminators, in order
  bool input_exact_ = true;
  bool discarded_in_read_ = false;
  std::size_t found_ = 0;
  int in_found_ = 0;
  std::map<std::size_t, std::vector<const Record*>> reactions_;

  // output side
  std::map<std::string, std::vector<std::string>> producers_;
  std::string queued_;  // every byte queued, in FIFO order (unsent ones dropped by discard_buffers)
  std::size_t sent_ = 0;
  std::deque<std::size_t> close_marks_;  // queued_.size() at each close_when_done()
  std::deque<SendStep> steps_;
  std::size_t send_cap_ = static_cast<std::size_t>(-1);
  bool close_explained_ = false;
};

void Chat::collect_incoming_data(std::string_view data) { session_->OnCollect(data); }
void Chat::found_terminator() { session_->OnFound(); }
void Chat::handle_error() {
  session_->OnError();
  handle_close();
}

}  // namespace

void CheckSession(const traces::Trace& scenario) {
  if (scenario.channels.size() != 1) throw std::invalid_argument("CheckSession runs one-channel scenarios");
  Session(scenario).Run();
}

}  // namespace fuzz
