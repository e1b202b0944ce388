// output.*: push ([py3-asynchat]: "Pushes data on to the channel's queue to ensure its
// transmission") and how ac_out_buffer_size splits it; pushes of the byte
// types CPython accepts (bytes, bytearray, memoryview) and of text, which it
// refuses with TypeError (test_asynchat's test_push).
//
// push calls initiate_send, which makes at most one send() per call; a
// "send_budget 0" before a push keeps its data queued, which is how these
// scenarios build a queue of several items.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

void AddPush(CaseList& list) {
  list.Add({"output.push.basic", "push sends the data at once when the socket takes it all",
            {"chat.push.sends-at-once", "chat.push.queue"},
            Profile::kStrict, {"output"}},
           "channel c\n> c push \"hello\"\n");
  list.Add({"output.push.two", "two pushes, two sends, in order",
            {"chat.push.queue", "chat.push.sends-at-once"}, Profile::kStrict, {"output"}},
           "channel c\n> c push \"hello \"\n> c push \"world\"\n");
  list.Add({"output.push.fifo_order", "three queued pushes are sent first in, first out",
            {"chat.push.queue", "chat.push.items-stay-apart", "chat.send.one-per-initiate"}, Profile::kStrict,
            {"output", "medusa"}},
           "channel c\n> c send_budget 0\n> c send_budget 0\n> c send_budget 0\n> c push \"one \"\n"
           "> c push \"two \"\n> c push \"three\"\n> c write\n> c write\n> c write\n> c write\n");
  list.Add({"output.push.nul_bytes", "NUL and high bytes are sent unchanged", {"chat.push.queue"}, Profile::kStrict,
            {"output", "nul-bytes"}},
           "channel c\n> c push " + Q(std::string("\0\xff\0\r\n", 5)) + "\n");
  list.Add({"output.write.idle", "a write event with nothing queued sends nothing",
            {"chat.send.idle-write", "core.event.write"}, Profile::kStrict,
            {"output"}},
           "channel c\n> c write\n> c write\n");
  list.Add({"output.push.empty", "push(b\"\"): CPython makes one send() of 0 bytes and queues nothing",
            {"chat.push.empty"},
            Profile::kStrict, {"output", "undocumented", "medusa"}},
           "channel c\n> c push \"\"\n> c write\n");
  list.Add({"output.push.empty_queued", "an empty push queued behind data: its turn comes and goes",
            {"chat.push.empty"},
            Profile::kStrict, {"output", "undocumented", "medusa"}},
           "channel c\n> c send_budget 0\n> c push \"ab\"\n> c send_budget 0\n> c push \"\"\n> c push \"cd\"\n"
           "> c write\n> c write\n> c write\n> c write\n");
  list.Add({"output.push.empty_semantic", "an empty push adds nothing to the bytes on the wire",
            {"chat.push.empty", "chat.send.nothing-lost"},
            Profile::kSemantic, {"output"}},
           "channel c\n> c push \"ab\"\n> c push \"\"\n> c push \"cd\"\n> c write\n> c write\n");
}

void AddOutBuffer(CaseList& list) {
  const std::string data = "abcdefghij";
  for (std::size_t obs : {1, 3, 4, 5, 9, 10, 11}) {
    std::size_t writes = data.size() / obs + 2;
    list.Add({"output.out_buffer.split." + std::to_string(obs),
              "out_buffer=" + std::to_string(obs) + ": a 10-byte push goes out in pieces of at most " +
                  std::to_string(obs) + " bytes, one per send",
              {"chat.push.split", "chat.send.offer-size", "chat.send.one-per-initiate", "chat.buffer.per-instance"},
              Profile::kStrict, {"output"}},
             "channel c out_buffer=" + std::to_string(obs) + "\n> c push " + Q(data) + "\n" +
                 Repeat("> c write", writes));
  }
  list.Add({"output.out_buffer.exact_multiple", "out_buffer=4, push of 8 bytes: two sends of 4",
            {"chat.push.split", "chat.send.offer-size", "chat.send.one-per-initiate", "chat.buffer.per-instance"},
            Profile::kStrict, {"output"}},
           "channel c out_buffer=4\n> c push \"abcdefgh\"\n> c write\n> c write\n");
  list.Add({"output.out_buffer.pieces_stay_apart",
            "out_buffer=4: two 3-byte pushes are sent as two items, not joined into a 4-byte send",
            {"chat.push.items-stay-apart"}, Profile::kStrict, {"output", "medusa"}},
           "channel c out_buffer=4\n> c send_budget 0\n> c push \"abc\"\n> c push \"def\"\n> c write\n> c write\n");
  list.Add({"output.out_buffer.semantic", "out_buffer=3: the bytes on the wire are the pushes, in order",
            {"chat.push.split", "chat.send.nothing-lost"}, Profile::kSemantic, {"output"}},
           "channel c out_buffer=3\n> c push \"hello \"\n> c push \"world\"\n" + Repeat("> c write", 5));
}

void AddPieces(CaseList& list) {
  // medusa wraps every push in a simple_producer of 512-byte chunks, so a
  // push of more than 512 bytes goes out in several sends even when the
  // socket would take it all.
  for (std::size_t n : {513, 1000, 2048}) {
    list.Add({"output.push.large." + std::to_string(n),
              "a push of " + std::to_string(n) + " bytes on a channel with out_buffer=4096 is one send",
              {"chat.send.offer-size", "chat.push.split"},
              Profile::kStrict, {"output", "medusa"}},
             "channel c out_buffer=4096\n> c push " + Q(std::string(n, 'm')) + "\n> c write\n> c write\n");
  }
}

void AddTyped(CaseList& list) {
  for (const char* type : {"bytes", "bytearray", "memoryview"}) {
    std::vector<std::string> tags = {"output", "cpython-test"};
    // medusa's push accepts only bytes (it calls .encode() on anything else).
    if (std::string(type) != "bytes") tags.push_back("medusa");
    list.Add({"output.push_typed." + std::string(type),
              "push of a " + std::string(type) + " object is accepted and sent like bytes", {"chat.push.bytes-like"},
              Profile::kStrict, tags},
             "channel c\n> c push_typed " + std::string(type) + " \"bytes\\n\"\n");
  }
  list.Add({"output.push_typed.str", "push of a text string raises TypeError and queues nothing",
            {"chat.push.bytes-like"},
            Profile::kStrict, {"output", "error", "cpython-test", "medusa"}},
           "channel c\n> c push_typed str \"text\\n\"\n> c write\n");
  list.Add({"output.push_typed.str_then_bytes", "a refused text push does not disturb the bytes pushed after it",
            {"chat.push.bytes-like"}, Profile::kStrict, {"output", "error", "cpython-test", "medusa"}},
           "channel c\n> c push \"bytes\\n\"\n> c push_typed str \"unicode\"\n> c push_typed bytearray \"bytes\\n\"\n"
           "> c push_typed memoryview \"bytes\\n\"\n> c write\n");
  list.Add({"output.push_typed.mixed_semantic", "bytes, bytearray and memoryview pushes all reach the wire, in order",
            {"chat.push.bytes-like"}, Profile::kSemantic, {"output", "cpython-test", "medusa"}},
           "channel c\n> c push \"bytes\\n\"\n> c push_typed bytearray \"bytes\\n\"\n"
           "> c push_typed memoryview \"bytes\\n\"\n> c write\n");
}

}  // namespace

void AddOutputCases(CaseList& list) {
  AddPush(list);
  AddOutBuffer(list);
  AddPieces(list);
  AddTyped(list);
}

}  // namespace conformance::cases
