// The documents a case can cite (Case::document), and the tag vocabulary.
//
// Citations name a seed document by its number (../shared/seeds/README.md)
// and the section or example it defines, so a reader of a failure report can
// look the rule up. kSilent marks cases whose expected behaviour is CPython
// 3.11's because no document says anything: an implementation that fails
// only those is still conforming to the documents, and the report says so.
#ifndef ASYNCHAT_CONFORMANCE_CASES_DOCUMENTS_H_
#define ASYNCHAT_CONFORMANCE_CASES_DOCUMENTS_H_

#include <set>
#include <string>

namespace conformance::cases {

inline constexpr char kSetTerminator[] = "003 async_chat.set_terminator";
inline constexpr char kFoundTerminator[] = "003 async_chat.found_terminator";
inline constexpr char kCollect[] = "003 async_chat.collect_incoming_data";
inline constexpr char kPush[] = "003 async_chat.push";
inline constexpr char kPushWithProducer[] = "003 async_chat.push_with_producer";
inline constexpr char kProducerFifo[] = "003 async_chat (producer FIFO, more() returning b\"\")";
inline constexpr char kCloseWhenDone[] = "003 async_chat.close_when_done";
inline constexpr char kDiscardBuffers[] = "003 async_chat.discard_buffers";
inline constexpr char kOutBufferSize[] = "003 async_chat.ac_out_buffer_size";
inline constexpr char kHttpExample[] = "003 asynchat Example (http_request_handler)";
inline constexpr char kEcho[] = "001 EchoHandler/EchoClient";
inline constexpr char kConnect[] = "004 dispatcher.handle_connect";
inline constexpr char kRecv[] = "004 dispatcher.recv / handle_close";
inline constexpr char kHandleError[] = "004 dispatcher.handle_error";
inline constexpr char kSilent[] = "CPython 3.11 (documents silent)";

// Every tag a case may carry. "cpython-test": an edge case CPython's own
// test_asynchat.py checks. "cpython-divergence": CPython 3.11's code departs
// from the documents here and is expected to fail. "medusa": catches a known
// difference of supervisor's medusa asynchat_25 from CPython 3.
inline const std::set<std::string>& KnownTags() {
  static const std::set<std::string> tags = {
      "input",    "output",   "producer",  "error",        "documented", "cpython-divergence",
      "medusa",   "close",    "send",      "reaction",     "connect",    "cpython-test",
      "defaults", "chunking", "nul-bytes", "undocumented",
  };
  return tags;
}

}  // namespace conformance::cases

#endif  // ASYNCHAT_CONFORMANCE_CASES_DOCUMENTS_H_
