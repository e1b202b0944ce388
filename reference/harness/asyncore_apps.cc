#include "reference/harness/asyncore_apps.h"

#include <stdexcept>
#include <string>
#include <utility>

#include "reference/examples/asyncore_echo.h"
#include "reference/examples/http_client.h"
#include "traces/channel_apps.h"
#include "reference/harness/reference_session.h"

namespace harness {
namespace {

traces::Record Output(const std::string& channel, std::string verb, std::vector<traces::Arg> args = {}) {
  return traces::Record{traces::Record::Direction::kOutput, channel, std::move(verb), std::move(args), 0};
}

// The application `App`, reporting the outputs only it can tell.
template <class App>
class Traced : public App {
 public:
  template <class... Args>
  Traced(std::string id, std::vector<traces::Record>* out, Args&&... args)
      : App(std::forward<Args>(args)...), id_(std::move(id)), out_(out) {}

  void handle_connect() override {
    out_->push_back(Output(id_, "connect"));
    App::handle_connect();
  }

  void handle_error() override {
    out_->push_back(Output(id_, "error", {traces::Arg{traces::Arg::Kind::kWord, CurrentExceptionKind()}}));
    App::handle_error();
  }

  void log_info(std::string_view, std::string_view) override {}

 private:
  std::string id_;
  std::vector<traces::Record>* out_;
};

}  // namespace

std::unique_ptr<asyncore::Dispatcher> MakeAsyncoreApp(const traces::ChannelConfig& config,
                                                      std::unique_ptr<asyncore::ScriptedTransport> transport,
                                                      asyncore::SocketMap* map, std::vector<traces::Record>* out) {
  if (config.app == traces::kAsyncoreEchoHandler) {
    return std::make_unique<Traced<examples::asyncore_echo::EchoHandler>>(config.id, out, std::move(transport), map);
  }
  if (config.app == traces::kAsyncoreHttpClient) {
    // The sink runs long after construction; it captures what it needs by value.
    examples::HTTPClient::OutputSink print = [id = config.id, out](std::string_view data) {
      out->push_back(Output(id, "print", {traces::Arg{traces::Arg::Kind::kBytes, std::string(data)}}));
    };
    return std::make_unique<Traced<examples::HTTPClient>>(config.id, out, std::move(transport),
                                                          asyncore::SocketAddress::Inet("127.0.0.1", 80),
                                                          std::string(traces::kHttpClientPath), map, std::move(print));
  }
  throw std::invalid_argument("no asyncore application named " + config.app);
}

}  // namespace harness
