// The reference side of app= trace channels (channel_apps.h): the documented
// asyncore applications of [py2-asyncore-ja] (spec/SPEC.md) as the reference's own
// example classes run them, over a ScriptedTransport.
//
//  - asyncore_echo_handler: examples::asyncore_echo::EchoHandler, a
//    DispatcherWithSend whose handle_read() does recv(8192) and send(data),
//    made from an accepted (connected) socket;
//  - asyncore_http_client: examples::HTTPClient, a Dispatcher that connects
//    to 127.0.0.1:80 in its constructor, requests "/" (the document's
//    HTTPClient(host, '/')), sends from its buffer while writable(), prints
//    what recv(8192) returns and closes on handle_close().
//
// The classes are not copied or changed: a thin subclass reports the trace
// outputs only the application can tell (connect: handle_connect ran; error:
// handle_error ran, reported before the application's own handle_error, which
// then runs; print: the HTTP client's output) and drops log_info lines, which
// are no trace output. What the socket sees (recv, send, close) is reported
// by the caller from the transport, as for async_chat channels.
#ifndef ASYNCHAT_REFERENCE_HARNESS_ASYNCORE_APPS_H_
#define ASYNCHAT_REFERENCE_HARNESS_ASYNCORE_APPS_H_

#include <memory>
#include <vector>

#include "reference/asyncore/dispatcher.h"
#include "reference/asyncore/scripted_transport.h"
#include "reference/asyncore/socket_map.h"
#include "traces/trace.h"

namespace harness {

// Creates the dispatcher of `config.app` (which must name an application)
// over `transport`, registered in `map`; its outputs are appended to `out`,
// which must outlive it. A connecting application (the HTTP client) is left
// connecting: the transport should answer connect_ex() with EINPROGRESS.
std::unique_ptr<asyncore::Dispatcher> MakeAsyncoreApp(const traces::ChannelConfig& config,
                                                      std::unique_ptr<asyncore::ScriptedTransport> transport,
                                                      asyncore::SocketMap* map, std::vector<traces::Record>* out);

}  // namespace harness

#endif  // ASYNCHAT_REFERENCE_HARNESS_ASYNCORE_APPS_H_
