#include "reference/asyncore/testing/recorder.h"

#include <algorithm>
#include <exception>

namespace asyncore::testkit {

void Recorder::Record(const char* event) {
  if (closed_) ++calls_after_close;
  events.emplace_back(event);
}

int Recorder::count(std::string_view event) const {
  return static_cast<int>(std::count(events.begin(), events.end(), event));
}

void Recorder::handle_connect() {
  Record("connect");
  connected_in_handle_connect = connected();
}

void Recorder::handle_read() {
  Record("read");
  try {
    std::string data = recv(65536);
    if (data.empty()) ++empty_reads;
    received += data;
  } catch (const BlockingIOError&) {
    // Readiness without data (e.g. only urgent data pending): nothing to do.
  }
}

void Recorder::handle_write() {
  Record("write");
  if (outbox_.empty()) return;
  std::size_t sent = send(outbox_);
  outbox_.erase(0, sent);
}

void Recorder::handle_expt() { Record("expt"); }

void Recorder::handle_close() {
  Record("close");
  close();
}

void Recorder::handle_error() {
  Record("error");
  errors.push_back(DescribeCurrentException());
  int err = 0;
  try {
    std::rethrow_exception(std::current_exception());
  } catch (const std::system_error& e) {
    err = ErrnoOf(e);
  } catch (...) {
  }
  error_errnos.push_back(err);
  Dispatcher::handle_error();
}

void Recorder::close() {
  closed_ = true;
  Dispatcher::close();
}

}  // namespace asyncore::testkit
