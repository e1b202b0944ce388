#include "conformance/adapter_kit/recorder.h"

#include <string>
#include <utility>

namespace adapter_kit {
namespace {

traces::Arg Word(std::string s) { return traces::Arg{traces::Arg::Kind::kWord, std::move(s)}; }
traces::Arg Bytes(std::string s) { return traces::Arg{traces::Arg::Kind::kBytes, std::move(s)}; }

traces::Record Output(const std::string& channel, std::string verb, std::vector<traces::Arg> args) {
  return traces::Record{traces::Record::Direction::kOutput, channel, std::move(verb), std::move(args), 0};
}

}  // namespace

Producer::Producer(std::string channel, std::string id, std::vector<std::string> chunks,
                   std::vector<traces::Record>* out)
    : channel_(std::move(channel)), id_(std::move(id)), chunks_(std::move(chunks)), out_(out) {}

std::string Producer::more() {
  std::string data = next_ < chunks_.size() ? chunks_[next_++] : "";
  out_->push_back(Output(channel_, "more", {Word(id_), Bytes(data)}));
  return data;
}

Recorder::Recorder(std::string channel, std::vector<traces::Record>* out, Perform perform, ExceptionKind kind,
                   bool report_log)
    : channel_(std::move(channel)),
      out_(out),
      perform_(std::move(perform)),
      kind_(std::move(kind)),
      report_log_(report_log) {}

void Recorder::Record(std::string verb, std::vector<traces::Arg> args) {
  out_->push_back(Output(channel_, std::move(verb), std::move(args)));
}

void Recorder::collect(std::string_view data) { Record("collect", {Bytes(std::string(data))}); }

void Recorder::found_terminator() {
  Record("found_terminator");
  // Counted before the reactions run, so one that re-enters found_terminator
  // (a set_terminator that completes at once) sees the next number.
  auto it = on_found_terminator_.find(++found_calls_);
  if (it != on_found_terminator_.end()) Run(it->second, 2);
}

void Recorder::connect() {
  Record("connect");
  Run(on_connect_, 1);
}

bool Recorder::handle_close() {
  Record("handle_close");
  return Run(on_handle_close_, 1);
}

void Recorder::error() { Record("error", {Word(kind_())}); }

void Recorder::log(std::string_view type, std::string_view message) {
  if (!report_log_) return;
  Record("log", {Word(std::string(type)), Bytes(std::string(message))});
}

void Recorder::AddReaction(const traces::Record& on) {
  const std::string& when = on.args.at(0).text;
  if (when == "found_terminator") on_found_terminator_[std::stoull(on.args.at(1).text)].push_back(on);
  else if (when == "connect") on_connect_.push_back(on);
  else on_handle_close_.push_back(on);
}

bool Recorder::Run(const std::vector<traces::Record>& reactions, std::size_t action) {
  bool call_default = true;
  for (const traces::Record& r : reactions) {
    const std::string& verb = r.args.at(action).text;
    if (verb == "keep_open") {
      call_default = false;
      continue;
    }
    perform_(verb, std::vector<traces::Arg>(r.args.begin() + action + 1, r.args.end()), r.line);
  }
  return call_default;
}

}  // namespace adapter_kit
