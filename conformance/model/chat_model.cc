#include "conformance/model/chat_model.h"

#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "conformance/model/channel_model.h"
#include "conformance/model/listener_model.h"
#include "traces/errno_names.h"
#include "traces/observables.h"

// The scenario runner: feeds each '>' input to its channel's ChannelModel and
// collects the transcript. The rules themselves, with their sources, are in
// channel_model.cc (and listener_model.cc for listeners).

namespace conformance {
namespace {

using traces::Arg;
using traces::Record;
using traces::Trace;
using traces::TraceError;

[[noreturn]] void Fail(const Trace& t, const Record& r, const std::string& what) {
  throw TraceError(t.file + ":" + std::to_string(r.line) + ": " + what);
}

const Arg& ArgAt(const Trace& t, const Record& r, std::size_t i) {
  if (i >= r.args.size()) Fail(t, r, r.verb + ": missing argument");
  return r.args[i];
}

int ErrnoArg(const Trace& t, const Record& r, std::size_t i) {
  const Arg& a = ArgAt(t, r, i);
  std::optional<int> err = traces::ErrnoFromName(a.text);
  if (a.kind != Arg::Kind::kWord || !err) Fail(t, r, "unknown errno name " + a.text);
  return *err;
}

std::size_t CountArg(const Trace& t, const Record& r, std::size_t i) {
  const std::string& s = ArgAt(t, r, i).text;
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) Fail(t, r, "bad count " + s);
  return n;
}

// FORMAT.md `read`: what the event's recv() call does.
RecvResult RecvOf(const Trace& t, const Record& r, const ChannelModel& ch) {
  const Arg& a = ArgAt(t, r, 0);
  if (a.kind == Arg::Kind::kBytes) {
    // PROTOCOL.md: the suite never sends a read longer than the channel's
    // in_buffer (recv(ac_in_buffer_size) could not return it).
    if (a.text.size() > ch.in_buffer_size()) {
      Fail(t, r, "read of " + std::to_string(a.text.size()) + " bytes exceeds channel " + r.channel +
                     "'s in_buffer " + std::to_string(ch.in_buffer_size()));
    }
    return RecvResult{RecvResult::Kind::kData, a.text, 0};
  }
  if (a.text == "eof") return RecvResult{RecvResult::Kind::kEof, "", 0};
  if (a.text == "wouldblock") return RecvResult{RecvResult::Kind::kWouldBlock, "", 0};
  if (a.text == "error") return RecvResult{RecvResult::Kind::kError, "", ErrnoArg(t, r, 1)};
  Fail(t, r, "read needs \"bytes\", eof, wouldblock or error ERRNO");
}

// A listener's input (FORMAT.md "Version 2"): accept, poll or close.
void RunListenerInput(const Trace& t, const Record& r, ListenerModel& listener,
                      std::set<std::string>& not_yet_accepted) {
  if (r.verb == "close") {
    listener.Close();  // an application call: runs on a closed listener too
    return;
  }
  // PROTOCOL.md: a loop drops a closed channel, so events for it are dropped.
  if (listener.socket_closed()) return;
  if (r.verb == "poll") {
    listener.Poll();
  } else if (r.verb == "accept") {
    std::optional<int> error;
    if (!r.args.empty()) error = ErrnoArg(t, r, 1);
    if (std::optional<std::string> created = listener.AcceptEvent(error, r)) not_yet_accepted.erase(*created);
  } else {
    Fail(t, r, r.verb + " is not an input of a listener");
  }
}

}  // namespace

std::vector<Record> RunModel(const Trace& scenario) {
  std::vector<Record> out;
  std::map<std::string, std::unique_ptr<ChannelModel>> channels;
  std::map<std::string, std::unique_ptr<ListenerModel>> listeners;
  std::set<std::string> not_yet_accepted;  // accepted_by channels their listener has not created
  for (const traces::ChannelConfig& c : scenario.channels) {
    if (!c.app.empty()) {
      // The model states async_chat; asyncore applications are beyond it
      // (their traces carry their own expected records).
      throw TraceError(scenario.file + ":" + std::to_string(c.line) + ": the model runs async_chat channels only; channel " +
                       c.id + " runs app=" + c.app);
    }
    if (!c.listener.empty()) {
      std::vector<std::string> accepted;
      for (const traces::ChannelConfig& a : scenario.channels) {
        if (a.accepted_by == c.id) accepted.push_back(a.id);
      }
      listeners[c.id] = std::make_unique<ListenerModel>(c, std::move(accepted), scenario.file, &out);
      continue;
    }
    if (!c.accepted_by.empty()) not_yet_accepted.insert(c.id);
    channels[c.id] = std::make_unique<ChannelModel>(c, kDocumentedBufferSize, scenario.file, &out);
  }

  for (const Record& r : scenario.records) {
    if (r.direction != Record::Direction::kInput) continue;
    out.push_back(r);
    if (auto l = listeners.find(r.channel); l != listeners.end()) {
      RunListenerInput(scenario, r, *l->second, not_yet_accepted);
      continue;
    }
    if (not_yet_accepted.count(r.channel)) {
      Fail(scenario, r, "channel " + r.channel + " is not accepted yet (its listener accepts it with > " +
                            scenario.FindChannel(r.channel)->accepted_by + " accept)");
    }
    auto it = channels.find(r.channel);
    if (it == channels.end()) Fail(scenario, r, "channel " + r.channel + " used before it is declared");
    ChannelModel& ch = *it->second;

    // What escapes an event's handle_error leaves the loop: `raise <Kind>`
    // (an `on handle_close` action that raises, met again by handle_error's
    // own handle_close).
    auto event = [&](auto&& run) {
      try {
        run();
      } catch (const PythonException& e) {
        out.push_back(Record{Record::Direction::kOutput, r.channel, "raise", {Arg{Arg::Kind::kWord, e.kind}}, 0});
      }
    };
    if (r.verb == "read") {
      RecvResult recv = RecvOf(scenario, r, ch);
      // PROTOCOL.md: events for a channel whose socket was closed are
      // dropped, as a loop drops a closed channel.
      if (!ch.socket_closed()) event([&] { ch.ReadEvent(recv); });
    } else if (r.verb == "write") {
      if (!ch.socket_closed()) event([&] { ch.WriteEvent(); });
    } else if (r.verb == "poll") {
      // core.close.events-dropped: a closed channel has left the map, so no
      // loop pass asks it anything.
      if (!ch.socket_closed()) ch.Poll();
    } else if (r.verb == "send_budget") {
      ch.QueueSendBudget(CountArg(scenario, r, 0));
    } else if (r.verb == "send_error") {
      ch.QueueSendError(ErrnoArg(scenario, r, 0));
    } else if (r.verb == "producer") {
      const Arg& id = ArgAt(scenario, r, 0);
      std::vector<std::string> chunks;
      for (std::size_t i = 1; i < r.args.size(); ++i) chunks.push_back(r.args[i].text);
      ch.DeclareProducer(id.text, std::move(chunks));
    } else if (r.verb == "on") {
      const std::string& when = ArgAt(scenario, r, 0).text;
      if (when == "connect" || when == "handle_close") {
        ArgAt(scenario, r, 1);  // the action must be there
        if (when == "connect") ch.AddConnectReaction(r);
        else ch.AddCloseReaction(r);
      } else if (when == "found_terminator") {
        std::size_t call = CountArg(scenario, r, 1);
        ArgAt(scenario, r, 2);  // the action must be there
        ch.AddReaction(call, r);
      } else {
        Fail(scenario, r, "on supports found_terminator, connect and handle_close, got " + when);
      }
    } else {
      // An application call; PROTOCOL.md: if it raises, `raise <Kind>`.
      // (Application calls run on a closed channel too, as in CPython.)
      try {
        ch.Perform(r.verb, r.args, r);
      } catch (const PythonException& e) {
        out.push_back(Record{Record::Direction::kOutput, r.channel, "raise", {Arg{Arg::Kind::kWord, e.kind}}, 0});
      }
    }
  }
  // The channels report every observable; a version-1 scenario records fewer.
  return traces::ObservableAt(std::move(out), scenario.version, scenario);
}

}  // namespace conformance
