// producer.*: push_with_producer and the producer FIFO ([py3-asynchat]: a producer's
// more() returns data to send; "The producer indicates exhaustion ... by
// having its more() method return the empty bytes object. At this point the
// async_chat object removes the producer from the queue and starts using the
// next producer, if any").
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

// The chunks of asynchat.simple_producer(data, buffer_size=n).
std::string SimpleProducer(std::string_view id, std::string_view data, std::size_t n) {
  std::string out = "> c producer " + std::string(id);
  for (std::size_t at = 0; at < data.size(); at += n) out += " " + Q(data.substr(at, n));
  return out + "\n";
}

}  // namespace

void AddProducerCases(CaseList& list) {
  list.Add({"producer.basic.two_chunks", "each more() result is sent; the empty one removes the producer",
            {"chat.producer.more", "chat.producer.exhausted"}, Profile::kStrict, {"output", "producer"}},
           "channel c\n> c producer p \"hello \" \"world\\n\"\n> c push_with_producer p\n> c write\n> c write\n"
           "> c write\n");
  const std::string data = "hello world\nI'm not dead yet!\nQUIT\n";
  list.Add({"producer.cpython.simple_producer", "simple_producer(buffer_size=8): every 8-byte chunk reaches the wire",
            {"chat.producer.more", "chat.producer.exhausted", "chat.send.nothing-lost"},
            Profile::kSemantic, {"output", "producer", "cpython-test"}},
           "channel c\n" + SimpleProducer("p", data, 8) + "> c push_with_producer p\n" + Repeat("> c write", 7));
  list.Add({"producer.cpython.simple_producer_strict", "simple_producer(buffer_size=8), one send per chunk",
            {"chat.producer.more", "chat.producer.exhausted", "chat.send.nothing-lost"},
            Profile::kStrict, {"output", "producer", "cpython-test"}},
           "channel c\n" + SimpleProducer("p", data, 8) + "> c push_with_producer p\n" + Repeat("> c write", 7));
  list.Add({"producer.cpython.string_producer", "a producer handing out the whole message at once",
            {"chat.producer.more", "chat.producer.exhausted", "chat.send.nothing-lost"},
            Profile::kSemantic, {"output", "producer", "cpython-test"}},
           "channel c\n" + SimpleProducer("p", data, data.size()) + "> c push_with_producer p\n> c write\n");
  list.Add({"producer.empty.alone", "a producer whose first more() is empty: removed, nothing sent",
            {"chat.producer.exhausted"},
            Profile::kStrict, {"output", "producer"}},
           "channel c\n> c producer p\n> c push_with_producer p\n> c write\n");
  list.Add({"producer.empty.then_data",
            "an exhausted producer is removed and the next item is sent in the same initiate_send",
            {"chat.producer.exhausted", "chat.producer.same-call"}, Profile::kStrict, {"output", "producer", "medusa"}},
           "channel c\n> c producer p\n> c send_budget 0\n> c push \"a\"\n> c push_with_producer p\n"
           "> c push \"b\"\n> c write\n> c write\n> c write\n");
  list.Add({"producer.empty.chunk_ends_it", "an empty more() ends the producer even if it had more to give",
            {"chat.producer.exhausted"}, Profile::kStrict, {"output", "producer"}},
           "channel c\n> c producer p \"a\" \"\" \"never\"\n> c push_with_producer p\n> c write\n> c write\n"
           "> c write\n");
  list.Add({"producer.fifo.mixed_order", "data, producer, data: sent in the order queued",
            {"chat.producer.order", "chat.producer.lazy"},
            Profile::kStrict, {"output", "producer", "medusa"}},
           "channel c\n> c producer p \"P1\" \"P2\"\n> c send_budget 0\n> c push \"D1\"\n> c send_budget 0\n"
           "> c push_with_producer p\n> c send_budget 0\n> c push \"D2\"\n" + Repeat("> c write", 6));
  list.Add({"producer.fifo.two_producers", "the second producer is asked only after the first is exhausted",
            {"chat.producer.order", "chat.producer.lazy"}, Profile::kStrict, {"output", "producer", "medusa"}},
           "channel c\n> c producer p \"p1\" \"p2\"\n> c producer q \"q1\"\n> c send_budget 0\n"
           "> c push_with_producer p\n> c push_with_producer q\n" + Repeat("> c write", 6));
  list.Add({"producer.fifo.reused", "the same producer declaration queued twice gives two independent producers",
            {"chat.producer.order", "chat.producer.lazy"}, Profile::kStrict, {"output", "producer", "medusa"}},
           "channel c\n> c producer p \"x\" \"y\"\n> c send_budget 0\n> c push_with_producer p\n"
           "> c push_with_producer p\n" + Repeat("> c write", 6));
  list.Add({"producer.out_buffer.chunk_larger",
            "out_buffer=4: a 10-byte chunk goes out 4 bytes per send before more() is asked again",
            {"chat.producer.chunk-as-data", "chat.send.offer-size"},
            Profile::kStrict, {"output", "producer", "medusa"}},
           "channel c out_buffer=4\n> c producer p \"0123456789\" \"ab\"\n> c push_with_producer p\n" +
               Repeat("> c write", 5));
  list.Add({"producer.out_buffer.chunk_larger_semantic",
            "out_buffer=4 and 10-byte chunks: every byte reaches the wire in order",
            {"chat.producer.chunk-as-data", "chat.send.offer-size"},
            Profile::kSemantic, {"output", "producer"}},
           "channel c out_buffer=4\n> c producer p \"0123456789\" \"ab\"\n> c push_with_producer p\n" +
               Repeat("> c write", 5));
  list.Add({"producer.fifo.after_close_when_done", "a producer queued behind close_when_done is never asked",
            {"chat.close-when-done.after-marker"}, Profile::kStrict, {"output", "producer", "close"}},
           "channel c\n> c producer p \"late\"\n> c send_budget 0\n> c push \"x\"\n> c close_when_done\n"
           "> c push_with_producer p\n> c write\n> c write\n");
  list.Add({"producer.partial.chunk_then_next", "a chunk sent in part: its tail goes first, then more() is asked",
            {"chat.producer.chunk-as-data", "chat.send.partial-tail", "chat.producer.lazy"},
            Profile::kStrict, {"output", "producer", "send", "medusa"}},
           "channel c\n> c producer p \"abcd\" \"ef\"\n> c send_budget 1\n> c push_with_producer p\n"
           "> c send_budget 2\n> c write\n" + Repeat("> c write", 3));
  list.Add({"producer.basic.nul_bytes", "chunks with NUL and high bytes are sent unchanged",
            {"chat.producer.more", "chat.producer.exhausted"},
            Profile::kStrict, {"output", "producer", "nul-bytes"}},
           "channel c\n> c producer p " + Q(std::string("\0\xff", 2)) + " " + Q(std::string("\0", 1)) +
               "\n> c push_with_producer p\n> c write\n> c write\n> c write\n");
}

}  // namespace conformance::cases
