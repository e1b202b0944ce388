#include "conformance/driver/process_adapter.h"

#include <algorithm>
#include <system_error>

#include "conformance/driver/protocol_lines.h"
#include "traces/trace_format.h"

namespace conformance {
namespace {

using Clock = ChildProcess::Clock;

// How long a process that stopped talking gets to exit by itself (so its exit
// status can be reported) and how long quit gets at the end.
constexpr std::chrono::milliseconds kExitGrace{1000};
constexpr std::chrono::milliseconds kMinExitGrace{100};

std::string Quote(const std::string& line) { return "'" + line + "'"; }

// Python, C++ and C runtimes' words for an allocation the limit refused.
bool RanOutOfMemory(const std::string& stderr_tail) {
  for (const char* word : {"MemoryError", "std::bad_alloc", "Cannot allocate memory", "out of memory"}) {
    if (stderr_tail.find(word) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

struct ProcessAdapter::Step {
  enum class Kind { kOk, kHello, kUnsupported, kFailed };
  Kind kind = Kind::kOk;
  std::string detail;  // kUnsupported: the reason; kFailed: everything known
  AdapterInfo hello;   // kHello
  std::string line;    // kHello: the line itself
};

ProcessAdapter::ProcessAdapter(ProcessAdapterOptions options) : options_(std::move(options)) {
  handshake_error_ = Start();
  if (!handshake_error_.empty()) {
    info_ = AdapterInfo{};
    info_.startup_error = handshake_error_;
  }
}

ProcessAdapter::~ProcessAdapter() {
  if (!child_) return;
  Clock::time_point deadline = Clock::now() + kExitGrace;
  child_->Write(std::string(kQuitLine) + "\n", deadline);
  child_->Finish(deadline);
}

std::string ProcessAdapter::Command() const {
  std::string out;
  for (const std::string& a : options_.argv) {
    if (!out.empty()) out += ' ';
    out += a.find_first_of(" \t'\"") == std::string::npos ? a : "'" + a + "'";
  }
  return out;
}

std::string ProcessAdapter::Abandon(const std::string& what) {
  std::string out = what;
  // One that already ended (Finish) had its ending told in `what`.
  if (!child_->finished()) out += "; the adapter (" + Command() + ") " + child_->Kill();
  std::size_t total = child_->stderr_bytes();
  std::string tail = child_->StderrTail();
  if (total == 0) {
    out += "; its stderr was empty";
  } else {
    out += "\nadapter stderr";
    if (tail.size() < total) out += " (last " + std::to_string(tail.size()) + " of " + std::to_string(total) + " bytes)";
    out += ":\n" + tail;
    if (out.back() != '\n') out += '\n';
  }
  if (options_.memory_limit_bytes > 0 && RanOutOfMemory(tail)) {
    out += "the adapter ran out of memory: the suite limits an adapter to " +
           std::to_string(options_.memory_limit_bytes >> 20) + " MiB (--memory-limit)\n";
  }
  child_.reset();
  return out;
}

ProcessAdapter::Step ProcessAdapter::IoFailure(ChildProcess::Io io, bool writing, const std::string& request,
                                               Clock::time_point deadline) {
  const std::string at = " line " + Quote(request);
  std::string what;
  switch (io) {
    case ChildProcess::Io::kTimeout:
      what = "no answer within " + std::to_string(options_.case_time_limit.count()) + " ms after" + at;
      break;
    case ChildProcess::Io::kClosed: {
      // Give it the chance to exit by itself, so its status can be told,
      // even when the case's time is all but used up.
      const Clock::time_point now = Clock::now();
      std::string how = child_->Finish(std::max(now + kMinExitGrace, std::min(deadline, now + kExitGrace)));
      what = writing ? "the adapter closed its stdin before reading" + at : "the adapter's stdout ended while answering" + at;
      what += "; it " + how;
      break;
    }
    case ChildProcess::Io::kLineTooLong:
      what = "the adapter sent a line longer than " + std::to_string(options_.max_line_bytes) + " bytes answering" + at;
      break;
    case ChildProcess::Io::kOutputLimit:
      what = "the adapter sent more than " + std::to_string(options_.max_case_output_bytes) +
             " bytes of answers in one case, the last answering" + at;
      break;
    case ChildProcess::Io::kOk:
      break;
  }
  return Step{Step::Kind::kFailed, Abandon(what), {}, {}};
}

ProcessAdapter::Step ProcessAdapter::Ask(const std::string& request, bool outputs_allowed,
                                         std::vector<traces::Record>* transcript, Clock::time_point deadline) {
  ChildProcess::Io io = child_->Write(request + "\n", deadline);
  if (io != ChildProcess::Io::kOk) return IoFailure(io, true, request, deadline);
  return Await(request, outputs_allowed, transcript, deadline);
}

ProcessAdapter::Step ProcessAdapter::Await(const std::string& request, bool outputs_allowed,
                                           std::vector<traces::Record>* transcript, Clock::time_point deadline) {
  const std::string at = " line " + Quote(request);
  for (;;) {
    std::string line;
    ChildProcess::Io io = child_->ReadLine(line, deadline);
    if (io != ChildProcess::Io::kOk) return IoFailure(io, false, request, deadline);
    Answer a;
    try {
      a = ParseAnswer(line, "adapter answer", ++answer_lines_);
    } catch (const traces::TraceError& e) {
      return Step{Step::Kind::kFailed, Abandon("the adapter answered" + at + " with a line outside the protocol: " + e.what()), {}, {}};
    }
    switch (a.kind) {
      case Answer::Kind::kOk:
        return Step{};
      case Answer::Kind::kUnsupported:
        return Step{Step::Kind::kUnsupported, a.reason + " (refused" + at + ")", {}, {}};
      case Answer::Kind::kFatal: {
        std::string what = "the adapter answered" + at + " with fatal: " + a.reason;
        if (request == HandshakeLine()) {
          // An adapter that cannot start answers the handshake with fatal and
          // exits (PROTOCOL.md): let it, so its own exit is reported rather
          // than a kill by the suite. (Once per start, so not bounded by the
          // case's time limit: an interpreter may take a moment to end.)
          what += "; it " + child_->Finish(Clock::now() + kExitGrace);
        }
        return Step{Step::Kind::kFailed, Abandon(what), {}, {}};
      }
      case Answer::Kind::kHello:
        if (request == HandshakeLine()) return Step{Step::Kind::kHello, {}, a.hello, line};
        return Step{Step::Kind::kFailed, Abandon("the adapter answered" + at + " with a hello: " + Quote(line)), {}, {}};
      case Answer::Kind::kOutput:
        if (!outputs_allowed) {
          return Step{Step::Kind::kFailed,
                      Abandon("the adapter answered" + at + " with an output (only inputs cause outputs): " + Quote(line)),
                      {},
                      {}};
        }
        transcript->push_back(std::move(a.output));
        break;
    }
  }
}

std::string ProcessAdapter::Start() {
  child_.reset();
  ChildProcess::Limits limits;
  limits.max_line_bytes = options_.max_line_bytes;
  limits.stderr_tail_bytes = options_.stderr_tail_bytes;
  limits.memory_bytes = options_.memory_limit_bytes;
  try {
    child_ = std::make_unique<ChildProcess>(options_.argv, limits);
  } catch (const std::system_error& e) {
    return "cannot start the adapter (" + Command() + "): " + e.code().message();
  } catch (const std::invalid_argument& e) {
    return std::string("cannot start the adapter: ") + e.what();
  }
  ++processes_started_;
  answer_lines_ = 0;
  child_->SetOutputBudget(options_.max_case_output_bytes);
  Step step = Ask(HandshakeLine(), false, nullptr, Clock::now() + options_.case_time_limit);
  if (step.kind == Step::Kind::kFailed) return "handshake failed: " + step.detail;
  if (step.kind != Step::Kind::kHello) {
    return Abandon("the adapter did not answer the handshake " + Quote(HandshakeLine()) + " with hello");
  }
  if (step.hello.protocol_version < kOldestDriverProtocolVersion ||
      step.hello.protocol_version > kDriverProtocolVersion) {
    return Abandon("the adapter speaks driver protocol version " + std::to_string(step.hello.protocol_version) +
                   ", this suite speaks versions " + std::to_string(kOldestDriverProtocolVersion) + " to " +
                   std::to_string(kDriverProtocolVersion) +
                   "; it is not used (it answered " + Quote(step.line) + ")");
  }
  info_ = step.hello;
  return "";
}

CaseOutcome ProcessAdapter::RunSupported(const std::string& case_id, const traces::Trace& scenario) {
  CaseOutcome outcome;
  if (info_.protocol_version == 0) {
    outcome.status = CaseOutcome::Status::kAdapterFailure;
    outcome.detail = handshake_error_;
    return outcome;
  }
  if (!child_) {
    if (std::string error = Start(); !error.empty()) {
      outcome.status = CaseOutcome::Status::kAdapterFailure;
      outcome.detail = "restarting the adapter: " + error;
      return outcome;
    }
  }
  const Clock::time_point deadline = Clock::now() + options_.case_time_limit;
  child_->SetOutputBudget(options_.max_case_output_bytes);
  // A failure shows the stderr of its own case only, not an earlier case's
  // traceback (nor the handshake's).
  child_->MarkStderr();

  for (const auto& [request, input] : Requests(case_id, scenario)) {
    if (input) outcome.transcript.push_back(*input);
    Step step = Ask(request, input != nullptr, &outcome.transcript, deadline);
    if (step.kind == Step::Kind::kOk) continue;
    if (step.kind == Step::Kind::kUnsupported && request != kEndLine) {
      outcome.status = CaseOutcome::Status::kUnsupported;
      outcome.detail = step.detail;
      // The adapter stays; it only has to drop the case.
      Step end = Ask(std::string(kEndLine), false, nullptr, deadline);
      if (end.kind != Step::Kind::kOk && child_) Abandon("");
      return outcome;
    }
    outcome.status = CaseOutcome::Status::kAdapterFailure;
    outcome.detail = step.kind == Step::Kind::kFailed ? step.detail : Abandon("the adapter answered end with unsupported");
    return outcome;
  }
  return outcome;
}

std::vector<std::pair<std::string, const traces::Record*>> ProcessAdapter::Requests(const std::string& case_id,
                                                                                  const traces::Trace& scenario) {
  std::vector<std::pair<std::string, const traces::Record*>> requests;
  requests.emplace_back(CaseLine(case_id), nullptr);
  for (const traces::ChannelConfig& c : scenario.channels) requests.emplace_back(ChannelLine(c), nullptr);
  for (const traces::Record& r : scenario.records) {
    if (r.direction == traces::Record::Direction::kInput) requests.emplace_back(traces::FormatRecord(r), &r);
  }
  requests.emplace_back(std::string(kEndLine), nullptr);
  return requests;
}

std::vector<CaseOutcome> ProcessAdapter::RunSupportedBatch(const std::string& case_id,
                                                           const std::vector<const traces::Trace*>& scenarios) {
  std::vector<CaseOutcome> outcomes;
  outcomes.reserve(scenarios.size());
  // Lock-step, case by case: the default, and where pipelining stopped.
  auto lock_step_from = [&](std::size_t first) {
    for (std::size_t i = first; i < scenarios.size(); ++i) outcomes.push_back(RunSupported(case_id, *scenarios[i]));
    return outcomes;
  };
  if (info_.protocol_version == 0 || !info_.capabilities.count(std::string(kPipeliningCapability)) ||
      scenarios.size() < 2) {
    return lock_step_from(0);
  }
  if (!child_ && !Start().empty()) return lock_step_from(0);  // reported as RunSupported reports it

  // Every case's lines in one write (ChildProcess reads the answers while
  // it writes, so neither side waits on a full pipe), then the answers in
  // order. Each case has the time limit from when the one before it was
  // answered, and the batch the output limit of one case.
  std::vector<std::vector<std::pair<std::string, const traces::Record*>>> requests;
  std::string all;
  for (const traces::Trace* s : scenarios) {
    requests.push_back(Requests(case_id, *s));
    for (const auto& request : requests.back()) all += request.first + "\n";
  }
  child_->SetOutputBudget(options_.max_case_output_bytes);
  child_->MarkStderr();
  Clock::time_point deadline = Clock::now() + options_.case_time_limit;
  if (child_->Write(all, deadline) != ChildProcess::Io::kOk) {
    Abandon("");
    return lock_step_from(0);
  }
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    CaseOutcome outcome;
    bool regular = true;
    for (const auto& [request, input] : requests[i]) {
      if (input) outcome.transcript.push_back(*input);
      if (Await(request, input != nullptr, &outcome.transcript, deadline).kind != Step::Kind::kOk) {
        regular = false;
        break;
      }
    }
    if (!regular) {
      // Anything but outputs and ok (a refusal, a failure): this case and
      // the rest run again lock-step on a fresh process, so that what is
      // reported (the reason, the line, the case's own stderr) is what a
      // lock-step run reports.
      if (child_) Abandon("");
      return lock_step_from(i);
    }
    outcomes.push_back(std::move(outcome));
    deadline = Clock::now() + options_.case_time_limit;
  }
  return outcomes;
}

std::unique_ptr<Adapter> MakeProcessAdapter(std::vector<std::string> argv, const AdapterOptions& options) {
  ProcessAdapterOptions o;
  o.argv = std::move(argv);
  o.case_time_limit = options.case_time_limit;
  o.memory_limit_bytes = options.memory_limit_mib << 20;
  return std::make_unique<ProcessAdapter>(std::move(o));
}

}  // namespace conformance
