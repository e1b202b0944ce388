// make_corpora: writes the seed corpora fuzz/corpus/<target>/seed-* from the
// project's one source of examples: the checked-in traces (traces/**/*.trace,
// conformance/implementations/*/counterexamples/*.trace)
// and the named conformance cases (conformance::AllCases()), each encoded in
// the input layout of the target it seeds:
//
//   framing_core_fuzzer, output_queue_fuzzer, async_chat_session_fuzzer
//       every channel of every trace/case, scenario_codec.h (the inputs the
//       target's surface cannot express are left out)
//   trace_parser_fuzzer        every trace as text (cases with their scenario
//                              and any documented outputs), a long recorded
//                              session cut after its last whole line within
//                              kMaxParserSeedBytes
//   record_line_fuzzer         record lines, a few of each shape (none
//                              over kMaxRecordLineSeedBytes)
//   find_prefix_at_end_fuzzer  the tail of each read with each string
//                              terminator of the same trace
//   http_request_handler_fuzzer  the reads of every channel that speaks HTTP
//                              (http_input.h), with default and small limits
//
// Re-runnable: it first deletes the seed-* files it owns (entries that
// fuzzing added, named by libFuzzer after their SHA-1, are kept), and writes
// the same files for the same sources. Identical seeds are written once.
//
//   tools/bazel run //fuzz:make_corpora [-- --workspace=DIR]
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "conformance/cases/case.h"
#include "fuzz/http_input.h"
#include "fuzz/scenario_codec.h"
#include "traces/trace.h"
#include "traces/trace_format.h"

namespace {

namespace fs = std::filesystem;
using traces::Arg;
using traces::Record;

struct Source {
  std::string name;  // file-name safe
  traces::Trace trace;
  std::string text;  // as checked in (traces) or formatted (cases)
};

std::string Safe(std::string s) {
  for (char& c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-') c = '_';
  }
  return s;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class Corpus {
 public:
  Corpus(const fs::path& dir) : dir_(dir) {
    fs::create_directories(dir_);
    for (const auto& e : fs::directory_iterator(dir_)) {
      if (e.path().filename().string().rfind("seed-", 0) == 0) fs::remove(e.path());
    }
  }
  void Add(const std::string& name, const std::string& bytes) {
    if (!seen_.insert(bytes).second) return;
    std::ofstream(dir_ / ("seed-" + Safe(name)), std::ios::binary) << bytes;
    ++written_;
  }
  std::size_t written() const { return written_; }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
  std::set<std::string> seen_;
  std::size_t written_ = 0;
};

// The largest existing parser seeds are ~28 KiB; an application's recorded
// data channel (up to ~850 KiB) would make libFuzzer's inputs that long.
constexpr std::size_t kMaxParserSeedBytes = 32 * 1024;

// A recorded producer's chunk makes a record line of hundreds of KiB.
constexpr std::size_t kMaxRecordLineSeedBytes = 16 * 1024;

// The whole lines of `text` that fit in `limit` bytes.
std::string Beginning(const std::string& text, std::size_t limit) {
  if (text.size() <= limit) return text;
  const std::size_t end = text.rfind('\n', limit - 1);
  return end == std::string::npos ? std::string() : text.substr(0, end + 1);
}

// A record line's shape: direction, verb, and each argument's kind (words
// spelled out, byte strings by length class).
std::string Shape(const Record& r) {
  std::string s = (r.direction == Record::Direction::kInput ? "> " : "< ") + r.verb;
  for (const Arg& a : r.args) {
    if (a.kind == Arg::Kind::kWord) s += " " + a.text;
    else s += a.text.empty() ? " \"\"" : a.text.size() < 8 ? " \"short\"" : " \"long\"";
  }
  return s;
}

// String terminators a trace sets, directly or in reactions.
std::vector<std::string> StringTerminators(const traces::Trace& t) {
  std::vector<std::string> out;
  for (const Record& r : t.records) {
    if (r.direction != Record::Direction::kInput) continue;
    for (std::size_t i = 0; i + 1 < r.args.size(); ++i) {
      if (r.args[i].kind == Arg::Kind::kWord && r.args[i].text == "str:" && !r.args[i + 1].text.empty() &&
          r.args[i + 1].text.size() <= 32 &&
          std::find(out.begin(), out.end(), r.args[i + 1].text) == out.end()) {
        out.push_back(r.args[i + 1].text);
      }
    }
  }
  return out;
}

std::vector<std::string> Reads(const traces::Trace& t, const std::string& channel) {
  std::vector<std::string> out;
  for (const Record& r : t.records) {
    if (r.direction == Record::Direction::kInput && r.channel == channel && r.verb == "read" &&
        r.args[0].kind == Arg::Kind::kBytes && !r.args[0].text.empty()) {
      out.push_back(r.args[0].text);
    }
  }
  return out;
}

std::vector<Source> LoadSources(const fs::path& root) {
  std::vector<Source> out;
  // (name, file): an implementation's counterexample is named as the case
  // id it replays as, regressions/<impl>/<case>, so corpus names stay put.
  std::vector<std::pair<std::string, fs::path>> files;
  for (const auto& e : fs::recursive_directory_iterator(root / "traces")) {
    if (e.path().extension() != ".trace") continue;
    files.emplace_back(fs::relative(e.path(), root / "traces").replace_extension().string(), e.path());
  }
  const fs::path implementations = root / "conformance" / "implementations";
  for (const auto& e : fs::recursive_directory_iterator(implementations)) {
    if (e.path().extension() != ".trace") continue;
    fs::path rel = fs::relative(e.path(), implementations);  // <impl>/counterexamples/<case>.trace
    std::string impl = rel.begin()->string();
    files.emplace_back("regressions/" + impl + "/" + e.path().stem().string(), e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& [rel, f] : files) {
    std::string text = Slurp(f);
    out.push_back(Source{"trace-" + Safe(rel), traces::ParseTrace(text, f.string()), text});
  }
  for (const conformance::Case& c : conformance::AllCases()) {
    traces::Trace t = c.scenario;
    if (c.expected) t.records = *c.expected;
    out.push_back(Source{"case-" + Safe(c.id), t, traces::FormatTrace(t)});
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = std::getenv("BUILD_WORKSPACE_DIRECTORY") ? std::getenv("BUILD_WORKSPACE_DIRECTORY") : ".";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--workspace=", 0) == 0) {
      root = a.substr(12);
    } else {
      std::fprintf(stderr, "usage: make_corpora [--workspace=DIR]\n");
      return 2;
    }
  }
  if (!fs::is_directory(root / "traces") || !fs::is_directory(root / "fuzz")) {
    std::fprintf(stderr, "make_corpora: %s is not the workspace (no traces/ and fuzz/)\n", root.c_str());
    return 2;
  }
  std::vector<Source> sources;
  try {
    sources = LoadSources(root);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_corpora: %s\n", e.what());
    return 1;
  }
  const fs::path corpora = root / "fuzz" / "corpus";
  Corpus framing(corpora / "framing_core_fuzzer"), output(corpora / "output_queue_fuzzer"),
      session(corpora / "async_chat_session_fuzzer"), parser(corpora / "trace_parser_fuzzer"),
      lines(corpora / "record_line_fuzzer"), prefix(corpora / "find_prefix_at_end_fuzzer"),
      http(corpora / "http_request_handler_fuzzer");
  std::map<std::string, int> shapes;

  for (const Source& s : sources) {
    parser.Add(s.name, Beginning(s.text, kMaxParserSeedBytes));
    for (const traces::ChannelConfig& c : s.trace.channels) {
      const std::string name = s.name + "-" + c.id;
      if (auto in = fuzz::EncodeChannel(s.trace, c.id, fuzz::Surface::kFraming)) framing.Add(name, *in);
      if (auto in = fuzz::EncodeChannel(s.trace, c.id, fuzz::Surface::kOutput)) output.Add(name, *in);
      if (auto in = fuzz::EncodeChannel(s.trace, c.id, fuzz::Surface::kSession)) session.Add(name, *in);

      std::vector<std::string> reads = Reads(s.trace, c.id);
      std::string stream;
      for (const std::string& r : reads) stream += r;
      // An HTTP request stream (an app= HTTP client reads responses).
      if (c.app.empty() && stream.find("HTTP/") != std::string::npos) {
        fuzz::HttpInput in;
        in.reads = reads;
        in.send_cap = c.send_cap && *c.send_cap < 128 ? *c.send_cap : 0;
        http.Add(name, fuzz::EncodeHttpInput(in));
        in.small_limits = true;
        http.Add(name + "-small", fuzz::EncodeHttpInput(in));
      }
      int k = 0;
      for (const std::string& term : StringTerminators(s.trace)) {
        for (const std::string& r : reads) {
          if (k >= 8) break;
          const std::string tail = r.substr(r.size() - std::min<std::size_t>(r.size(), 64));
          prefix.Add(name + "-" + std::to_string(k++), tail + term + static_cast<char>(term.size()));
        }
      }
    }
    int n = 0;
    for (const Record& r : s.trace.records) {
      std::string line = traces::FormatRecord(r);
      if (line.size() <= kMaxRecordLineSeedBytes && shapes[Shape(r)]++ < 3) {
        lines.Add(s.name + "-" + std::to_string(n), line);
      }
      ++n;
    }
  }
  for (const Corpus* c : {&framing, &output, &session, &parser, &lines, &prefix, &http}) {
    std::printf("%-48s %4zu seeds\n", c->dir().string().c_str(), c->written());
  }
  std::printf("from %zu traces and cases\n", sources.size());
  return 0;
}
