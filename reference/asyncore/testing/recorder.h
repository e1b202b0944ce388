// Recorder: a dispatcher that logs every handler call, so a test can check
// which handlers ran, in what order, and that none ran after the channel
// closed. Its handlers do the ordinary thing (read what arrives, send what
// was queued, close on handle_close) so it works as either end of a
// connection.
#ifndef ASYNCHAT_REFERENCE_ASYNCORE_TESTING_RECORDER_H_
#define ASYNCHAT_REFERENCE_ASYNCORE_TESTING_RECORDER_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reference/asyncore/dispatcher.h"

namespace asyncore::testkit {

class Recorder : public Dispatcher {
 public:
  explicit Recorder(SocketMap* map) : Dispatcher(map) {}
  Recorder(std::unique_ptr<Transport> sock, SocketMap* map) : Dispatcher(std::move(sock), map) {}

  // Queues data for handle_write, which sends as much as the socket takes.
  void Queue(std::string_view data) { outbox_.append(data); }
  std::size_t queued() const { return outbox_.size(); }

  // Reads are on unless a test turns them off; writes are wanted while
  // connecting (to see the connect) or while data is queued, so passes with
  // nothing to do actually wait instead of spinning on a writable socket.
  bool readable() override { return read_enabled; }
  bool writable() override { return always_writable || !connected() || !outbox_.empty(); }

  void handle_connect() override;
  void handle_read() override;
  void handle_write() override;
  void handle_expt() override;
  void handle_close() override;
  // Records the exception, then runs the default (log and close).
  void handle_error() override;
  void close() override;

  int count(std::string_view event) const;
  bool closed() const { return closed_; }

  std::vector<std::string> events;   // handler names in call order
  std::string received;              // everything handle_read got
  int empty_reads = 0;               // recv() calls that returned nothing
  std::vector<std::string> errors;   // DescribeCurrentException() per handle_error
  std::vector<int> error_errnos;     // errno of each handled std::system_error, else 0
  int calls_after_close = 0;
  bool connected_in_handle_connect = false;
  bool read_enabled = true;
  bool always_writable = false;

 protected:
  // Logs a handler call; every override calls it first.
  void Record(const char* event);

 private:
  std::string outbox_;
  bool closed_ = false;
};

}  // namespace asyncore::testkit

#endif  // ASYNCHAT_REFERENCE_ASYNCORE_TESTING_RECORDER_H_
