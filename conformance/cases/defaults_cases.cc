// defaults.*: the default buffer sizes. [py3-asynchat], [py2-asynchat-ja] say ac_in_buffer_size and
// ac_out_buffer_size default to 4096; CPython 3.11's asynchat.py uses 65536,
// so the out_buffer cases below are expected to fail on CPython (tagged
// cpython-divergence). Reads are scripted chunks, so the input default is
// only checked not to be smaller than the documents say.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
using traces::Profile;

void AddDefaultsCases(CaseList& list) {
  for (std::size_t n : {4097, 5000, 8192, 9000}) {
    list.Add({"defaults.out_buffer.push." + std::to_string(n),
              "a push of " + std::to_string(n) + " bytes on a default channel goes out in pieces of 4096",
              {"chat.buffer.defaults", "chat.push.split", "chat.send.offer-size"},
              Profile::kStrict, {"output", "defaults", "cpython-divergence", "medusa"}},
             "channel c\n> c push " + Q(std::string(n, 'd')) + "\n" + Repeat("> c write", 3));
  }
  list.Add({"defaults.out_buffer.push.4096", "a push of exactly 4096 bytes on a default channel is one send",
            {"chat.buffer.defaults", "chat.push.split", "chat.send.offer-size"},
            Profile::kStrict, {"output", "defaults", "medusa"}},
           "channel c\n> c push " + Q(std::string(4096, 'd')) + "\n> c write\n");
  list.Add({"defaults.out_buffer.producer.5000",
            "a 5000-byte more() result on a default channel is offered 4096 bytes at a time",
            {"chat.buffer.defaults", "chat.producer.chunk-as-data", "chat.send.offer-size"},
            Profile::kStrict, {"output", "producer", "defaults", "cpython-divergence", "medusa"}},
           "channel c\n> c producer p " + Q(std::string(5000, 'p')) + "\n> c push_with_producer p\n" +
               Repeat("> c write", 3));
  list.Add({"defaults.out_buffer.semantic", "a 5000-byte push on a default channel: all bytes reach the wire",
            {"chat.buffer.defaults", "chat.send.nothing-lost"}, Profile::kSemantic, {"output", "defaults"}},
           // Enough write events for pieces of 512 bytes or more.
           "channel c\n> c push " + Q(std::string(5000, 'd')) + "\n" + Repeat("> c write", 12));
  // No document gives a default terminator; CPython's async_chat has none
  // until set_terminator is called, so reading first fails in get_terminator.
  list.Add({"defaults.terminator.unset",
            "a read before any set_terminator: what the channel does without a terminator",
            {"chat.terminator.unset", "core.handle-error.default-closes"},
            Profile::kStrict, {"input", "defaults", "undocumented"}},
           "channel c\n> c read \"abc\\n\"\n> c read \"def\"\n");
  list.Add({"defaults.in_buffer.read_4096", "a default channel takes a 4096-byte read",
            {"chat.buffer.defaults", "chat.buffer.in-size"},
            Profile::kStrict, {"input", "defaults"}},
           "channel c\n> c set_terminator str:\"\\n\"\n> c read " + Q(std::string(4095, 'r') + "\n") + "\n");
}

}  // namespace conformance::cases
