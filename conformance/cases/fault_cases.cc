// fault.*: faults injected through the scripted socket, each at every point
// of a small exchange, checking that nothing is lost, repeated or reordered
// and that the channel closes exactly when asyncore says it does.
//
//   wouldblock.recv/send.at.K     one would-block before the K-th recv/send
//                                 (async_chat ignores it on recv, CPython
//                                 issue #16133; asyncore's send() returns 0);
//   wouldblock.*.every_step       a would-block before every recv and send;
//   eintr.*                       an EINTR that reaches asyncore. CPython's
//                                 socket calls retry EINTR themselves (PEP
//                                 475), so asyncore never sees one; if a
//                                 socket layer lets it through, asyncore
//                                 treats it as any other errno (handle_error);
//   disconnect.recv/send.ERRNO    asyncore's _DISCONNECTED errnos in the
//                                 middle of an exchange close the channel
//                                 ([py2-asyncore-ja] recv/handle_close; send: CPython);
//   other.recv/send.ERRNO         any other errno reaches handle_error;
//   eof.string/integer.after.K    end of file after the first K bytes of a
//                                 stream: what was collected stays collected,
//                                 no found_terminator for the partial message;
//   short_write.OB.OFFER.K        a send accepting only K bytes of OFFER, for
//                                 every K of every offer of a queue of pushes
//                                 and producer chunks, with out_buffer OB;
//   exception.found_terminator.*  found_terminator raising (a refused
//                                 set_terminator inside it): handle_error
//                                 closes that channel only.
// A producer's more() or collect_incoming_data raising cannot be written in
// the trace vocabulary; reference/asynchat/async_chat_fault_test.cc covers
// them on the reference.
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

const char* const kDisconnects[] = {"ECONNRESET", "EPIPE", "ENOTCONN", "ESHUTDOWN", "ECONNABORTED", "EBADF"};

// Three messages under three kinds of terminator: "one" by \r\n, then
// found_terminator switches to int:4 ("two!"), then back to \r\n ("three").
const std::string kMixedSetup =
    "channel c in_buffer=64\n> c set_terminator str:\"\\r\\n\"\n"
    "> c on found_terminator 1 set_terminator int:4\n"
    "> c on found_terminator 2 set_terminator str:\"\\r\\n\"\n";
const std::vector<std::string> kMixedReads = {"one\r", "\ntwo", "!thr", "ee\r", "\n"};

void AddWouldBlock(CaseList& list) {
  for (std::size_t k = 0; k <= kMixedReads.size(); ++k) {
    std::string text = kMixedSetup;
    for (std::size_t i = 0; i <= kMixedReads.size(); ++i) {
      if (i == k) text += "> c read wouldblock\n";
      if (i < kMixedReads.size()) text += "> c read " + Q(kMixedReads[i]) + "\n";
    }
    const std::string where = k < kMixedReads.size() ? "before read " + std::to_string(k + 1) + " of five"
                                                      : "after the last of five reads";
    list.Add({"fault.wouldblock.recv.at." + std::to_string(k),
              "a recv() that would block " + where +
                  " (string, integer and string terminators): nothing lost, the held \\r kept",
              {"chat.recv.would-block", "chat.terminator.string.prefix-held"},
              Profile::kStrict, {"input", "error", "chunking", "medusa", "undocumented"}},
             text);
  }
  std::string every = kMixedSetup + "> c read wouldblock\n";
  for (const std::string& r : kMixedReads) every += "> c read " + Q(r) + "\n> c read wouldblock\n";
  list.Add({"fault.wouldblock.recv.every_step", "a would-block recv() before and after every read",
            {"chat.recv.would-block", "chat.terminator.string.prefix-held"},
            Profile::kStrict, {"input", "error", "chunking", "medusa", "undocumented"}},
           every);
  list.Add({"fault.wouldblock.recv.every_step_semantic", "a would-block recv() before and after every read: the same "
            "three messages",
            {"chat.recv.would-block", "chat.terminator.string.prefix-held"},
            Profile::kSemantic, {"input", "error", "chunking", "medusa", "undocumented"}},
           every);

  // Output: "abc", "defgh" and producer p ("ij", "k") queued while sends
  // accept nothing; then the K-th send of the drain would block.
  const std::string queue =
      "channel c\n> c producer p \"ij\" \"k\"\n> c send_budget 0\n> c send_budget 0\n> c send_budget 0\n"
      "> c push \"abc\"\n> c push \"defgh\"\n> c push_with_producer p\n";
  constexpr std::size_t kOffers = 4;  // "abc", "defgh", "ij", "k"
  for (std::size_t k = 0; k < kOffers; ++k) {
    std::string text = queue;
    for (std::size_t i = 0; i < k; ++i) text += "> c send_budget 100\n";
    text += "> c send_error EAGAIN\n" + Repeat("> c write", kOffers + 2);
    list.Add({"fault.wouldblock.send.at." + std::to_string(k),
              "send " + std::to_string(k + 1) + " of the four of the drain would block: that item is offered again "
              "at the next write, the order kept",
              {"core.send.would-block", "chat.send.partial-tail", "chat.producer.lazy"},
              Profile::kStrict, {"output", "send", "error", "producer", "medusa", "undocumented"}},
             text);
  }
  std::string sends = queue;
  for (std::size_t i = 0; i < kOffers; ++i) sends += "> c send_error EAGAIN\n> c send_budget 100\n";
  list.Add({"fault.wouldblock.send.every_step", "every send of the drain would block once first",
            {"core.send.would-block", "chat.send.partial-tail", "chat.producer.lazy"},
            Profile::kStrict, {"output", "send", "error", "producer", "medusa", "undocumented"}},
           sends + Repeat("> c write", 2 * kOffers + 2));
  list.Add({"fault.wouldblock.send.every_step_semantic",
            "every send of the drain would block once first: the bytes on the wire are unchanged",
            {"core.send.would-block", "chat.send.nothing-lost"},
            Profile::kSemantic, {"output", "send", "error", "producer", "undocumented"}},
           sends + Repeat("> c write", 2 * kOffers + 2));

  // Both directions: an echo-like channel answering each message from
  // inside found_terminator, every recv and every send blocking once first.
  std::string both =
      "channel c in_buffer=8\n> c set_terminator str:\"\\n\"\n"
      "> c on found_terminator 1 push \"ONE\\n\"\n> c on found_terminator 2 push \"TWO\\n\"\n"
      "> c on found_terminator 3 close_when_done\n";
  // Each read that completes a message makes a reply, whose first send
  // (inside found_terminator) would block; the next write sends it.
  const std::vector<std::pair<std::string, bool>> reads = {{"on", false}, {"e\ntw", true}, {"o\n", true}, {"x\n", false}};
  for (const auto& [r, replies] : reads) {
    both += "> c read wouldblock\n" + std::string(replies ? "> c send_error EAGAIN\n" : "") + "> c read " + Q(r) +
            "\n> c write\n";
  }
  both += "> c write\n";
  list.Add({"fault.wouldblock.both.every_step",
            "would-block on every recv and on the first send of every reply: replies in order, then the close",
            {"chat.recv.would-block", "core.send.would-block", "chat.send.nothing-lost"},
            Profile::kStrict, {"input", "output", "send", "error", "reaction", "close", "medusa",
                                        "undocumented"}},
           both);
  list.Add({"fault.wouldblock.both.every_step_semantic",
            "would-block on every recv and send: the same messages and replies, then the close",
            {"chat.recv.would-block", "core.send.would-block", "chat.send.nothing-lost"},
            Profile::kSemantic, {"input", "output", "send", "error", "reaction", "close", "medusa", "undocumented"}},
           both);
}

void AddEintr(CaseList& list) {
  list.Add({"fault.eintr.recv.reaches_asyncore",
            "recv() fails with EINTR (which CPython's socket layer retries, PEP 475): if it gets through, it is "
            "any other error: handle_error, closed",
            {"core.eintr"}, Profile::kStrict, {"input", "error", "close", "undocumented"}},
           "channel c in_buffer=64\n> c set_terminator str:\"\\n\"\n> c read \"ab\"\n> c read error EINTR\n"
           "> c read \"c\\n\"\n");
  list.Add({"fault.eintr.send.reaches_asyncore",
            "send() fails with EINTR (retried by CPython's socket layer, PEP 475): if it gets through, "
            "handle_error, closed, the rest never sent",
            {"core.eintr"}, Profile::kStrict, {"output", "send", "error", "close", "undocumented"}},
           "channel c\n> c send_budget 1\n> c push \"abc\"\n> c send_error EINTR\n> c write\n> c write\n");
}

void AddDisconnects(CaseList& list) {
  for (const char* e : kDisconnects) {
    const std::string name(e);
    std::vector<std::string> recv_tags = {"input", "error", "close", "undocumented"};
    // medusa's recv() closes only for ECONNRESET, ENOTCONN and ESHUTDOWN.
    if (name != "ECONNRESET" && name != "ENOTCONN" && name != "ESHUTDOWN") recv_tags.push_back("medusa");
    list.Add({"fault.disconnect.recv." + name,
              "recv() fails with " + name + " with a partial message collected and a reply queued: closed, no "
              "found_terminator, no handle_error, the reply never sent",
              {"core.recv.disconnect", "chat.eof.partial-message", "chat.handle-close.is-close"},
              Profile::kStrict, recv_tags},
             "channel c in_buffer=64\n> c set_terminator str:\"\\r\\n\"\n> c send_budget 0\n> c push \"reply\"\n"
             "> c read \"one\\r\\ntw\"\n> c read error " + name + "\n> c write\n> c read \"o\\r\\n\"\n");
    // medusa's send() raises every errno, so handle_error runs.
    list.Add({"fault.disconnect.send." + name,
              "send() fails with " + name + " in the middle of a queue of pushes and a producer: closed without "
              "handle_error, nothing more sent or asked of the producer",
              {"core.send.disconnect", "chat.producer.lazy"},
              Profile::kStrict, {"output", "send", "error", "close", "producer", "medusa", "undocumented"}},
             "channel c\n> c producer p \"ij\" \"k\"\n> c send_budget 0\n> c send_budget 0\n> c send_budget 0\n"
             "> c push \"abc\"\n> c push \"defgh\"\n> c push_with_producer p\n> c send_budget 100\n"
             "> c send_budget 2\n> c send_error " + name + "\n" + Repeat("> c write", 4));
  }
  for (const char* e : {"EACCES", "EPERM"}) {
    const std::string name(e);
    list.Add({"fault.other.recv." + name,
              "recv() fails with " + name + " (not a disconnect): handle_error runs and closes the channel",
              {"core.recv.other-error", "core.handle-error.default-closes"},
              Profile::kStrict, {"input", "error", "close"}},
             "channel c in_buffer=64\n> c set_terminator str:\"\\r\\n\"\n> c read \"one\\r\\ntw\"\n> c read error " +
                 name + "\n> c read \"o\\r\\n\"\n");
    list.Add({"fault.other.send." + name,
              "send() fails with " + name + " (not a disconnect): handle_error runs and closes the channel",
              {"core.send.other-error", "core.handle-error.default-closes"},
              Profile::kStrict, {"output", "send", "error", "close", "medusa"}},
             "channel c\n> c send_budget 0\n> c push \"abc\"\n> c push \"def\"\n> c send_budget 1\n> c send_error " +
                 name + "\n" + Repeat("> c write", 3));
  }
}

// End of file after every prefix of `stream` (the empty one included): one
// strict case per prefix, "fault.eof.<family>.after.<k>".
void AddEofAfterEachPrefix(CaseList& list, const std::string& family, const std::string& setup,
                           const std::string& stream, const std::string& what) {
  for (std::size_t k = 0; k <= stream.size(); ++k) {
    std::string text = setup;
    if (k > 0) text += "> c read " + Q(stream.substr(0, k)) + "\n";
    list.Add({"fault.eof." + family + ".after." + std::to_string(k),
              "end of file after " + std::to_string(k) + " bytes of " + what,
              {"chat.eof.partial-message", "chat.eof.held-prefix", "core.recv.eof"}, Profile::kStrict,
              {"input", "close"}},
             text + "> c read eof\n");
  }
}

void AddEof(CaseList& list) {
  AddEofAfterEachPrefix(list, "string", "channel c in_buffer=64\n> c set_terminator str:\"\\r\\n\"\n",
                        "one\r\ntwo\r\n",
                        "two \\r\\n lines: the partial message stays collected, a held \\r is dropped, no "
                        "found_terminator for it, closed");
  AddEofAfterEachPrefix(list, "integer",
                        "channel c in_buffer=64\n> c set_terminator int:3\n> c on found_terminator 1 set_terminator "
                        "int:3\n> c on found_terminator 2 set_terminator int:3\n",
                        "abcdefghi",
                        "three int:3 messages: the partial count is collected, no found_terminator for it, closed");
  list.Add({"fault.eof.string.partial_semantic", "end of file in the middle of the second line: one message and "
            "the collected rest",
            {"chat.eof.partial-message", "chat.eof.held-prefix", "core.recv.eof"},
            Profile::kSemantic, {"input", "close"}},
           "channel c in_buffer=64\n> c set_terminator str:\"\\r\\n\"\n> c read \"one\\r\\ntw\"\n> c read eof\n");
}

// The offers a drain of `items` makes when every send accepts all: each
// pushed piece and producer chunk in slices of at most `out_buffer` bytes.
std::vector<std::string> Offers(const std::vector<std::string>& items, std::size_t out_buffer) {
  std::vector<std::string> out;
  for (const std::string& item : items) {
    for (std::size_t at = 0; at < item.size(); at += out_buffer) out.push_back(item.substr(at, out_buffer));
  }
  return out;
}

void AddShortWrites(CaseList& list) {
  // push "abcdefg", push "hi", producer p ("jklmn", "o"), push "pq": every
  // offer has distinct bytes, so the offer names the case.
  const std::string queue =
      "> c producer p \"jklmn\" \"o\"\n" + Repeat("> c send_budget 0", 4) +
      "> c push \"abcdefg\"\n> c push \"hi\"\n> c push_with_producer p\n> c push \"pq\"\n";
  const std::vector<std::string> items = {"abcdefg", "hi", "jklmn", "o", "pq"};
  struct Size {
    std::string name;     // in the id
    std::string setting;  // on the channel line
    std::size_t bytes;    // what it means for the offers
  };
  for (const Size& size : {Size{"default", "", 4096}, Size{"ob3", " out_buffer=3", 3}}) {
    const std::vector<std::string> offers = Offers(items, size.bytes);
    for (std::size_t i = 0; i < offers.size(); ++i) {
      for (std::size_t k = 0; k < offers[i].size(); ++k) {
        std::string text = "channel c" + size.setting + "\n" + queue;
        for (std::size_t before = 0; before < i; ++before) text += "> c send_budget 100\n";
        text += "> c send_budget " + std::to_string(k) + "\n" + Repeat("> c write", offers.size() + 2);
        const std::string what = "send accepts " + std::to_string(k) + " of " + Q(offers[i]);
        const std::string suffix = size.name + "." + offers[i] + "." + std::to_string(k);
        list.Add({"fault.short_write." + suffix,
                  what + " (pushes and producer chunks, out_buffer " + size.name + "): the tail goes first, the order "
                  "is kept",
                  {"chat.send.partial-tail",
                   "chat.push.items-stay-apart",
                   "chat.producer.chunk-as-data",
                   "chat.send.offer-size"}, Profile::kStrict, {"output", "send", "producer", "medusa"}},
                 text);
        list.Add({"fault.short_write_semantic." + suffix,
                  what + " (out_buffer " + size.name + "): every byte on the wire once, in order",
                  {"chat.send.nothing-lost"},
                  Profile::kSemantic, {"output", "send", "producer"}},
                 text);
      }
    }
  }
}

void AddExceptions(CaseList& list) {
  // found_terminator raises inside its K-th call: a set_terminator it makes
  // is refused (ValueError). That read stops being framed; handle_error
  // closes; the reply pushed by the first call was sent already.
  for (int k = 1; k <= 3; ++k) {
    list.Add({"fault.exception.found_terminator.at." + std::to_string(k),
              "found_terminator raises in call " + std::to_string(k) + " of three messages in one read: "
              "handle_error, closed, the rest not framed",
              {"chat.error.found-terminator", "core.handle-error.called"},
              Profile::kStrict, {"input", "error", "reaction", "close", "medusa"}},
             "channel c in_buffer=64\n> c set_terminator str:\"\\n\"\n> c on found_terminator 1 push \"R1\\n\"\n"
             "> c on found_terminator " + std::to_string(k) + " set_terminator int:-1\n"
             "> c read \"a\\nb\\nc\\n\"\n> c read \"d\\n\"\n> c write\n");
  }
  // Two channels of one run: the one whose handler raises closes; the
  // other keeps reading and sending.
  list.Add({"fault.exception.found_terminator.other_channel",
            "found_terminator of channel c raises: c closes; channel d, served alongside, keeps framing and "
            "sending",
            {"core.handle-error.channel-only", "chat.error.found-terminator"},
            Profile::kStrict, {"input", "output", "error", "reaction", "close", "medusa"}},
           "channel c in_buffer=64\nchannel d in_buffer=64\n> c set_terminator str:\"\\n\"\n"
           "> d set_terminator str:\"\\n\"\n> c on found_terminator 1 set_terminator int:-1\n"
           "> d on found_terminator 1 push \"D1\\n\"\n> d on found_terminator 2 push \"D2\\n\"\n"
           "> c read \"c1\\n\"\n> d read \"d1\\nd\"\n> c read \"c2\\n\"\n> d read \"2\\n\"\n> c write\n> d write\n");
}

}  // namespace

void AddFaultCases(CaseList& list) {
  AddWouldBlock(list);
  AddEintr(list);
  AddDisconnects(list);
  AddEof(list);
  AddShortWrites(list);
  AddExceptions(list);
}

}  // namespace conformance::cases
