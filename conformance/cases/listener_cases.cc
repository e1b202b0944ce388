// listener.*: format-2 listening dispatchers (traces/FORMAT.md "Version 2").
// A listener's application makes an async_chat of each connection it
// accepts; a read event on the listener runs handle_accept (core.event.accept).
// Each case runs in both application styles, named by the method the
// application overrides: listener.handle_accepted.* (Python 3: the default
// handle_accept calls accept() and hands the pair to handle_accepted) and
// listener.handle_accept.* (Python 2: handle_accept calls accept() itself).
// Their observables are the same. No document prints a run, so the model's
// transcripts are expected.
#include <string>
#include <vector>

#include "conformance/cases/areas.h"
#include "conformance/cases/scenario_text.h"
#include "conformance/cases/tags.h"

namespace conformance::cases {
namespace {

using traces::Profile;

struct Style {
  std::string name;     // the case id's second part
  std::string setting;  // listener=...
  std::string clause;   // how the application gets the new socket
};

const std::vector<Style>& Styles() {
  static const std::vector<Style> styles = {
      {"handle_accepted", "listener=accepted", "core.accept.handle-accepted"},
      {"handle_accept", "listener=accept", "example.asyncore-echo.server"},
  };
  return styles;
}

void AddCase(CaseList& list, const Style& style, const std::string& name, const std::string& description,
             std::vector<std::string> clauses, std::vector<std::string> tags, const std::string& body) {
  clauses.insert(clauses.begin(), style.clause);
  tags.insert(tags.begin(), "listener");
  // medusa runs only the Python 2 style (it has no handle_accepted), where
  // it fails these (spec/SPEC.md core.accept.aborted,
  // core.loop.listening-not-writable).
  if (style.name == "handle_accept" && (name == "econnaborted" || name == "poll")) tags.push_back("medusa");
  Meta meta{"listener." + style.name + "." + name, description + " (" + style.setting + ")", std::move(clauses),
            Profile::kStrict, std::move(tags)};
  meta.format_version = 2;
  list.Add(std::move(meta), "channel s " + style.setting + "\n" + body);
}

}  // namespace

void AddListenerCases(CaseList& list) {
  for (const Style& style : Styles()) {
    AddCase(list, style, "exchange",
            "an accept creates the async_chat channel, which then reads a line and answers it",
            {"core.event.accept", "core.accept.pair-or-none"}, {"input", "output"},
            "channel c accepted_by=s\n"
            "> s accept\n"
            "> c set_terminator str:\"\\n\"\n"
            "> c on found_terminator 1 push \"hello\\n\"\n"
            "> c read \"hi\\n\"\n"
            "> c write\n");
    AddCase(list, style, "two_accepts",
            "two accepts create the next two channels in declaration order, each with its own buffer sizes",
            {"core.event.accept", "chat.buffer.per-instance"}, {"input", "output"},
            "channel a accepted_by=s in_buffer=2 out_buffer=3\n"
            "channel b accepted_by=s\n"
            "> s accept\n"
            "> a set_terminator none\n"
            "> s accept\n"
            "> b set_terminator none\n"
            "> a read \"xy\"\n"
            "> b read \"xyz\"\n"
            "> a push \"abcdef\"\n"
            "> b push \"abcdef\"\n"
            "> a write\n"
            "> b write\n");
    AddCase(list, style, "wouldblock",
            "accept() that would block (EWOULDBLOCK, EAGAIN) accepts nothing and reports nothing; the listener "
            "keeps listening",
            {"core.accept.pair-or-none"}, {"error"},
            "channel c accepted_by=s\n"
            "> s accept error EWOULDBLOCK\n"
            "> s accept error EAGAIN\n"
            "> s poll\n"
            "> s accept\n");
    AddCase(list, style, "econnaborted",
            "a connection aborted before accept() (ECONNABORTED) is ignored, not an error; the next one is accepted",
            {"core.accept.aborted"}, {"error"},
            "channel c accepted_by=s\n"
            "> s accept error ECONNABORTED\n"
            "> s accept\n"
            "> c push \"ok\"\n"
            "> c write\n");
    AddCase(list, style, "error_closes",
            "accept() failing otherwise (EPERM) reaches handle_error, whose default closes the listener; later "
            "accepts and polls are dropped",
            {"core.accept.error-escapes", "core.handle-error.default-closes"}, {"error", "close"},
            "channel c accepted_by=s\n"
            "> s accept error EPERM\n"
            "> s accept\n"
            "> s poll\n");
    AddCase(list, style, "error_spares_channels",
            "an accept error closes the listener only: a channel accepted before goes on",
            {"core.accept.error-escapes", "core.handle-error.channel-only"}, {"error", "close"},
            "channel c accepted_by=s\n"
            "> s accept\n"
            "> s accept error EPERM\n"
            "> c set_terminator int:2\n"
            "> c read \"ab\"\n");
    AddCase(list, style, "poll", "a loop pass watches a listener for reading, never for writing",
            {"core.loop.asks-readable-writable", "core.loop.listening-not-writable"}, {},
            "channel c accepted_by=s\n"
            "> s poll\n"
            "> s accept\n"
            "> s poll\n");
    AddCase(list, style, "close_keeps_channels",
            "closing the listener leaves the channels it accepted open: they still read, send and close",
            {"core.accept.channels-independent", "core.close.socket"}, {"close"},
            "channel c accepted_by=s\n"
            "> s accept\n"
            "> s close\n"
            "> s close\n"
            "> s accept\n"
            "> c set_terminator str:\"\\n\"\n"
            "> c read \"more\\n\"\n"
            "> c push \"bye\"\n"
            "> c close_when_done\n"
            "> c write\n"
            "> c write\n");
  }
}

}  // namespace conformance::cases
