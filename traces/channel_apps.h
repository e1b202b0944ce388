// Application channels (traces/FORMAT.md "Application channels"): a channel
// declared `app=NAME` runs a documented asyncore application instead of an
// async_chat whose calls the trace scripts. Its inputs are transport events
// only, its outputs what the application's dispatcher did with them.
//
// This is the vocabulary, in one place, so the parser, the capability check,
// the reference session and the adapters agree on which records an app
// channel takes: AppProblem answers "may this channel have this record?".
#ifndef ASYNCHAT_TRACES_CHANNEL_APPS_H_
#define ASYNCHAT_TRACES_CHANNEL_APPS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "traces/trace.h"

namespace traces {

// The applications of [py2-asyncore-ja] (spec/SPEC.md).
inline constexpr char kAsyncoreEchoHandler[] = "asyncore_echo_handler";  // EchoHandler(dispatcher_with_send)
inline constexpr char kAsyncoreHttpClient[] = "asyncore_http_client";    // HTTPClient(dispatcher)

// Both applications read with recv(8192); a scripted read longer than that
// is one no recv() of theirs could return.
inline constexpr std::size_t kAppRecvSize = 8192;

// The path the HTTP client requests, as the document's HTTPClient(host, '/').
inline constexpr char kHttpClientPath[] = "/";

// Every application name, for messages.
const std::vector<std::string>& AppNames();
bool IsAppName(const std::string& name);

// Why a channel declaration with this app is inconsistent ("" if it is not):
// buffer sizes belong to async_chat; the HTTP client connects itself
// (connected=0), the echo handler is made from an accepted socket.
std::string AppConfigProblem(const ChannelConfig& config);

// Why `record` cannot belong to a channel declared as `config` ("" if it can):
// an app channel takes only transport inputs (read, write, poll, send_budget,
// send_error) and produces no async_chat outputs; `print` belongs to the
// HTTP client only. A format-2 listener takes accept, poll and close, and
// reports accepted, poll, error, raise, handle_close, close and log; accept
// and accepted belong to listeners only. (Which records need format 2 is
// observables.h's business.)
std::string AppRecordProblem(const ChannelConfig& config, const Record& record);

}  // namespace traces

#endif  // ASYNCHAT_TRACES_CHANNEL_APPS_H_
