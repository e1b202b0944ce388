// error.*: recv() failures. asyncore's recv() treats the disconnect errnos
// like end of file (handle_close; [py2-asyncore-ja] recv/handle_close), async_chat ignores
// would-block (CPython issue #16133, test_asynchat's test_blockingioerror),
// and any other error reaches handle_error ([py2-asyncore-ja]: "called when an exception
// is raised and not otherwise handled"), whose default closes the channel.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

const std::string kChannel = "channel c in_buffer=64\n> c set_terminator str:\"\\r\\n\"\n";

}  // namespace

void AddErrorCases(CaseList& list) {
  list.Add({"error.recv.wouldblock.idle", "a read event whose recv() would block does nothing",
            {"chat.recv.would-block"},
            Profile::kStrict, {"input", "error", "cpython-test", "medusa", "undocumented"}},
           kChannel + "> c read wouldblock\n> c read \"ab\\r\\n\"\n");
  list.Add({"error.recv.wouldblock.held_prefix",
            "would-block between the two halves of a terminator: the held-back prefix survives",
            {"chat.recv.would-block"},
            Profile::kStrict, {"input", "error", "cpython-test", "medusa", "undocumented"}},
           kChannel + "> c read \"ab\\r\"\n> c read wouldblock\n> c read wouldblock\n> c read \"\\ncd\"\n");
  list.Add({"error.recv.wouldblock.semantic", "would-block loses no input",
            {"chat.recv.would-block"}, Profile::kSemantic,
            {"input", "error", "medusa", "undocumented"}},
           kChannel + "> c read \"one\\r\"\n> c read wouldblock\n> c read \"\\ntwo\\r\\n\"\n");
  list.Add({"error.recv.ECONNRESET.idle", "recv() fails with ECONNRESET: the channel closes, no handle_error",
            {"core.recv.disconnect", "chat.eof.partial-message"}, Profile::kStrict, {"input", "error", "close"}},
           kChannel + "> c read error ECONNRESET\n> c read \"late\\r\\n\"\n");
  list.Add({"error.recv.ECONNRESET.partial_message",
            "ECONNRESET with part of a message collected: no found_terminator, closed",
            {"core.recv.disconnect", "chat.eof.partial-message"}, Profile::kStrict,
            {"input", "error", "close"}},
           kChannel + "> c read \"GET / HTTP/1.0\\r\\nHost\"\n> c read error ECONNRESET\n");
  for (const char* e : {"ENOTCONN", "ESHUTDOWN", "ECONNABORTED", "EPIPE", "EBADF"}) {
    std::vector<std::string> tags = {"input", "error", "close", "undocumented"};
    // medusa's recv() closes only for ECONNRESET, ENOTCONN and ESHUTDOWN.
    if (std::string(e) != "ENOTCONN" && std::string(e) != "ESHUTDOWN") tags.push_back("medusa");
    list.Add({"error.recv.disconnect." + std::string(e),
              "recv() fails with " + std::string(e) + ": closed as on end of file, no handle_error",
              {"core.recv.disconnect"},
              Profile::kStrict, tags},
             kChannel + "> c read \"x\"\n> c read error " + std::string(e) + "\n");
  }
  for (const char* e : {"EIO", "ETIMEDOUT", "ENOMEM", "EHOSTUNREACH"}) {
    list.Add({"error.recv.other." + std::string(e),
              "recv() fails with " + std::string(e) + ": handle_error runs and closes the channel",
              {"core.recv.other-error", "core.handle-error.default-closes"},
              Profile::kStrict, {"input", "error", "close"}},
             kChannel + "> c read \"x\"\n> c read error " + std::string(e) + "\n> c read \"late\\r\\n\"\n");
  }
  list.Add({"error.recv.other_then_write_dropped", "after handle_error closed the channel, writes are dropped",
            {"core.handle-error.default-closes", "core.close.events-dropped"},
            Profile::kStrict, {"input", "error", "close", "output"}},
           kChannel + "> c send_budget 0\n> c push \"pending\"\n> c read error EIO\n> c write\n");
  list.Add({"error.found_terminator.raises",
            "an exception from found_terminator (a refused set_terminator) reaches handle_error; the rest of the "
            "read is not framed",
            {"chat.error.found-terminator", "chat.terminator.integer.negative", "core.handle-error.called"},
            Profile::kStrict, {"input", "error", "reaction", "close", "medusa"}},
           kChannel + "> c on found_terminator 2 set_terminator int:-3\n> c read \"a\\r\\nb\\r\\nc\\r\\n\"\n");
}

}  // namespace conformance::cases
