// ChatObserver: what an AsyncChat reports to an observer attached with
// AsyncChat::set_observer(), so that a live run can be recorded as a trace
// (reference/harness/live_recorder.h) without changing the channel's behaviour.
//
// Reported, each before it takes effect (so a recorder can place the call
// ahead of the outputs it causes):
//  - events the loop delivered, as AsyncChat's own handle_read() and
//    handle_write() start them (after handle_connect() when the event also
//    connected the channel);
//  - the handler calls collect_incoming_data() and found_terminator() made by
//    the framing core, and found_terminator()'s return (normal or by
//    exception), so calls made inside it can be told apart;
//  - handle_error() (from inside its catch block: the exception is current),
//    and the close_when_done sentinel being reached (handle_close() follows);
//  - the application's calls: set_terminator, push, push_with_producer,
//    close_when_done, discard_buffers, close. OnPushWithProducer returns the
//    producer that is actually queued, so an observer can wrap it to see each
//    more() result.
// Not seen: calls a subclass makes by overriding these methods without
// calling AsyncChat's versions (handle_read, handle_write, handle_error,
// close). handle_connect() is the dispatcher's: a recorder sees it through
// the transport (take_error() on a connecting channel).
//
// With no observer attached each hook costs one null-pointer check.
#ifndef ASYNCHAT_REFERENCE_ASYNCHAT_CHAT_OBSERVER_H_
#define ASYNCHAT_REFERENCE_ASYNCHAT_CHAT_OBSERVER_H_

#include <memory>
#include <string_view>

#include "reference/asynchat/producer.h"
#include "reference/asynchat/terminator.h"

namespace asynchat {

class AsyncChat;

class ChatObserver {
 public:
  virtual ~ChatObserver() = default;

  // --- events and handler calls ----------------------------------------------
  virtual void OnReadEvent(AsyncChat& chat) = 0;
  virtual void OnWriteEvent(AsyncChat& chat) = 0;
  virtual void OnCollect(AsyncChat& chat, std::string_view data) = 0;
  virtual void OnFoundTerminator(AsyncChat& chat) = 0;
  virtual void OnFoundTerminatorReturned(AsyncChat& chat) = 0;
  virtual void OnError(AsyncChat& chat) = 0;
  virtual void OnCloseStep(AsyncChat& chat) = 0;

  // --- the application's calls ---------------------------------------------------
  virtual void OnSetTerminator(AsyncChat& chat, const Terminator& terminator) = 0;
  virtual void OnPush(AsyncChat& chat, std::string_view data) = 0;
  virtual std::shared_ptr<Producer> OnPushWithProducer(AsyncChat& chat, std::shared_ptr<Producer> producer) = 0;
  // push_with_producer of a bytes object; observers that record no such
  // call need not override it.
  virtual void OnPushBytesAsProducer(AsyncChat& chat, std::string_view data) {
    static_cast<void>(chat);
    static_cast<void>(data);
  }
  virtual void OnCloseWhenDone(AsyncChat& chat) = 0;
  virtual void OnDiscardBuffers(AsyncChat& chat) = 0;
  virtual void OnClose(AsyncChat& chat) = 0;
};

}  // namespace asynchat

#endif  // ASYNCHAT_REFERENCE_ASYNCHAT_CHAT_OBSERVER_H_
