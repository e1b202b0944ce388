// framing_vs_cpython: the reference's FramingCore against CPython 3.11's
// stdlib asynchat doing the same splitting in-process, beside the
// memchr/memmem baseline, for the same streams and read sizes.
//
//   tools/bazel run -c opt //tools/bench:framing_vs_cpython -- [--quick] [--markdown] [--json FILE]
//
// For each stream of tools/bench/framing_streams.h (lf64, dot1k, count100,
// http) and each read size (--read-sizes, default 1,7,512,4096,65536) it
// times FrameStream() (FramingCore::Feed with SumHandler), BaselineScan()
// and framing_cpython.py, a sample being whole passes repeated until
// --min-time seconds of the measuring thread's CPU time (CPU time, not wall
// time: the machine is shared, and no side sleeps). The stream (and the
// http body lengths) go to a temporary directory for the script, whose
// async_chat has no socket: its recv() returns the next read from memory,
// and asynchat's own handle_read() does the splitting.
//
// The samples are taken in --samples rounds per stream: round i times one
// reference and one baseline sample of every read size (alternately), then
// runs framing_cpython.py with --samples 1 over the same read sizes, so
// sample i of each side is seconds from the others. The machine's speed
// drifts by up to 1.7x over seconds to minutes; a cell's ratios are the
// median of the per-round ratios (framing_report.h), which a drift between
// rounds that slows both sides alike does not move.
//
// Both sides report their found_terminator() calls and collected bytes per
// cell; any difference is a failure (exit 1, naming the stream and read
// size), never a slow result. --quick: 1 sample of 0.02 s, and only the
// first 128 KiB of each stream (--bytes), so CPython's 1-byte reads stay
// short. Progress (a line per stream and round) goes to stderr; stdout
// carries only the table (text, or markdown with --markdown) and the targets
// judged cell by cell.
// Exit status: 0 done and in agreement, 1 a disagreement or a failure, 2 bad
// usage.
#include <time.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/whole_number_option.h"
#include "base/runfiles.h"
#include "tools/bench/framing_report.h"
#include "tools/bench/framing_streams.h"
#include "tools/bench/machine.h"
#include "tools/bench/report_output.h"
#include "tools/bench/run_command.h"

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;
constexpr std::size_t kQuickBytes = 128 * 1024;

struct Settings {
  std::vector<std::size_t> read_sizes{std::begin(bench::kReadSizes), std::end(bench::kReadSizes)};
  double min_time = 0.1;
  // Rounds: the median of 5 paired ratios outlasts two rounds caught by a
  // change in the machine's speed; a default run takes 50-60 s.
  int samples = 5;
  std::size_t bytes = 0;  // 0: whole streams
  bool quick = false;
  bool markdown = false;
  std::string json_path;
  std::string python = "/usr/bin/python3";
};


std::string Join(const std::vector<std::size_t>& v) {
  std::string out;
  for (std::size_t x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
  return out;
}

std::string Decimal(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

double ThreadCpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

// Keeps every pass's result observable, so no pass can be optimised away.
volatile std::uint64_t g_sink = 0;

// CPU ns per byte of whole passes repeated until `min_time` seconds.
template <typename Pass>
double NsPerByte(Pass pass, std::size_t bytes, double min_time) {
  const double start = ThreadCpuNs();
  std::uint64_t passes = 0;
  double elapsed = 0;
  do {
    g_sink = g_sink + pass().bytes;
    ++passes;
    elapsed = ThreadCpuNs() - start;
  } while (elapsed < min_time * 1e9);
  return elapsed / (static_cast<double>(passes) * static_cast<double>(bytes));
}

// A cell of `stream` with both of the reference's counts, before any sample.
bench::FramingCell NewCell(const bench::Stream& stream, std::size_t read_size) {
  bench::FramingCell cell;
  cell.stream = stream.name;
  cell.read_size = read_size;
  cell.bytes = stream.bytes.size();
  cell.reads = (cell.bytes + read_size - 1) / read_size;
  const bench::Tally framed = bench::FrameStream(stream, read_size);  // also the warm-up
  cell.reference_found = framed.found;
  cell.reference_collected = framed.bytes;
  cell.baseline_found = bench::BaselineScan(stream, read_size).found;
  return cell;
}

// One reference and one baseline sample; alternating the two within a round
// spreads the machine's drift over both.
void MeasureReference(const Settings& s, const bench::Stream& stream, bench::FramingCell& cell) {
  cell.reference_ns.push_back(
      NsPerByte([&] { return bench::FrameStream(stream, cell.read_size); }, cell.bytes, s.min_time));
  cell.baseline_ns.push_back(
      NsPerByte([&] { return bench::BaselineScan(stream, cell.read_size); }, cell.bytes, s.min_time));
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

// A fresh directory for the files handed to the script, removed on return.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TEST_TMPDIR");
    if (base == nullptr) base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base ? base : "/tmp") + "/framing_vs_cpython.XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp " + tmpl + " failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// framing_cpython.py over one stream, one sample per read size per run.
class CpythonRounds {
 public:
  // Writes the stream's files. Throws std::runtime_error naming what failed.
  CpythonRounds(const Settings& s, const std::string& script, const bench::Stream& stream)
      : python_(s.python), script_(script), stream_(stream.name), out_(dir_.path() / "cells.jsonl") {
    const std::filesystem::path data = dir_.path() / "stream.bin";
    WriteFile(data, stream.bytes);
    argv_ = {s.python,     script, "--stream", stream.name, "--data", data.string(), "--read-sizes", Join(s.read_sizes),
             "--min-time", Decimal(s.min_time), "--samples", "1", "--quiet"};
    if (!stream.body_lengths.empty()) {
      std::string lengths;
      for (std::size_t n : stream.body_lengths) lengths += std::to_string(n) + "\n";
      const std::filesystem::path file = dir_.path() / "body_lengths.txt";
      WriteFile(file, lengths);
      argv_.insert(argv_.end(), {"--body-lengths", file.string()});
    }
    argv_.insert(argv_.end(), {"--out", out_.string()});  // last, where framing_vs_cpython_test's fake finds it
  }

  // Runs the script once and appends its sample to each of `cells` (this
  // stream's, one per read size). Throws std::runtime_error naming what failed.
  void Measure(std::vector<bench::FramingCell>& cells, std::string& python_version) {
    std::error_code ignored;
    std::filesystem::remove(out_, ignored);  // never read the last round's lines again
    const int rc = bench::RunCommand(argv_);
    if (rc != 0) {
      throw std::runtime_error(python_ + " " + script_ + " --stream " + stream_ + " exited with status " +
                               std::to_string(rc) + " (CPython 3.11 with asynchat is needed; see its stderr above)");
    }
    std::ifstream in(out_);
    std::string line;
    std::size_t reported = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      const nlohmann::json j = nlohmann::json::parse(line);
      const std::size_t read_size = j.at("read_size").get<std::size_t>();
      auto it = std::find_if(cells.begin(), cells.end(),
                             [&](const bench::FramingCell& c) { return c.read_size == read_size; });
      if (it == cells.end()) {
        throw std::runtime_error("framing_cpython.py reported a read size not asked for: " + stream_ + " read " +
                                 std::to_string(read_size));
      }
      bench::FramingCell& cell = *it;
      if (j.at("bytes").get<std::size_t>() != cell.bytes) {
        throw std::runtime_error("framing_cpython.py framed " + std::to_string(j.at("bytes").get<std::size_t>()) +
                                 " bytes of " + stream_ + ", not " + std::to_string(cell.bytes));
      }
      const auto found = j.at("found").get<std::uint64_t>();
      const auto collected = j.at("collected").get<std::uint64_t>();
      const auto ns = j.at("ns_per_byte").get<std::vector<double>>();
      if (ns.size() != 1) {
        throw std::runtime_error("framing_cpython.py reported " + std::to_string(ns.size()) + " samples for " +
                                 stream_ + " read " + std::to_string(read_size) + ", expected 1");
      }
      // The passes are deterministic: counts that change between rounds mean
      // the script is not doing the same work each time.
      if (cell.cpython_ran && (found != cell.cpython_found || collected != cell.cpython_collected)) {
        throw std::runtime_error("framing_cpython.py's counts for " + stream_ + " read " + std::to_string(read_size) +
                                 " changed between rounds: " + std::to_string(cell.cpython_found) + " found, " +
                                 std::to_string(cell.cpython_collected) + " bytes collected, then " +
                                 std::to_string(found) + " and " + std::to_string(collected));
      }
      cell.cpython_found = found;
      cell.cpython_collected = collected;
      cell.cpython_ns.push_back(ns.front());
      cell.cpython_ran = true;
      python_version = j.value("python", python_version);
      ++reported;
    }
    if (reported != cells.size()) {
      throw std::runtime_error("framing_cpython.py reported " + std::to_string(reported) + " cells for " + stream_ +
                               ", expected " + std::to_string(cells.size()));
    }
  }

 private:
  TempDir dir_;
  std::string python_, script_, stream_;
  std::filesystem::path out_;
  std::vector<std::string> argv_;
};

// "lf64 round 2/5: reference MB/s, x CPython: 1 B 65.1 38.2x, ..." from the
// last sample of each cell.
void PrintRound(const char* stream, int round, int rounds, const std::vector<bench::FramingCell>& cells) {
  std::string line = std::string("framing_vs_cpython: ") + stream + " round " + std::to_string(round + 1) + "/" +
                     std::to_string(rounds) + ": reference MB/s, x CPython:";
  for (const bench::FramingCell& c : cells) {
    char buf[96];
    const double ref = c.reference_ns.back();
    // A cell whose CPython side failed this round has fewer samples.
    const bool paired = c.cpython_ns.size() == c.reference_ns.size();
    std::snprintf(buf, sizeof buf, "%s %zu B %.1f", &c == &cells.front() ? "" : ",", c.read_size, 1e3 / ref);
    line += buf;
    if (paired) {
      std::snprintf(buf, sizeof buf, " %.1fx", c.cpython_ns.back() / ref);
      line += buf;
    }
  }
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  base::SetRunfilesArgv0(argv[0]);
  Settings s;
  CLI::App app{
      "framing_vs_cpython: the reference's FramingCore against CPython 3.11's asynchat (in-process, recv() fed "
      "from memory) and a memchr/memmem baseline, for the streams lf64, dot1k, count100 and http and each read "
      "size; checks that both implementations found the same terminators and collected the same bytes. Progress "
      "on stderr, the table on stdout."};
  CLI::Option* read_sizes = app.add_option("--read-sizes", s.read_sizes, "read sizes in bytes, comma-separated")
                                ->delimiter(',')
                                ->check(CLI::PositiveNumber)
                                ->capture_default_str();
  CLI::Option* min_time =
      app.add_option("--min-time", s.min_time, "seconds of CPU time of whole passes per sample")
          ->check(CLI::Range(0.0, 600.0))
          ->capture_default_str();
  CLI::Option* samples = app.add_option("--samples", s.samples,
                                        "rounds per stream, each taking one sample per cell and side (medians "
                                        "shown; ratios are the median of each round's ratio)")
                             ->check(CLI::Range(1, 1000))
                             ->capture_default_str();
  CLI::Option* bytes =
      app.add_option("--bytes", s.bytes, "frame only the first N bytes of each stream, on every side (0: all)")
          ->check(base::WholeNumberUpTo(SIZE_MAX, "a byte count"))
          ->capture_default_str();
  app.add_flag("--quick", s.quick, "1 sample of 0.02 s per cell, the first 128 KiB of each stream (seconds in all)");
  app.add_flag("--markdown", s.markdown, "print a markdown table instead of the text table");
  app.add_option("--json", s.json_path, "also write the results as JSON to FILE");
  app.add_option("--python", s.python, "the CPython 3.11 interpreter for the CPython cells")->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kUsage;
  }
  (void)read_sizes;
  if (s.quick) {
    if (min_time->count() == 0) s.min_time = 0.02;
    if (samples->count() == 0) s.samples = 1;
    if (bytes->count() == 0) s.bytes = kQuickBytes;
  }
  std::sort(s.read_sizes.begin(), s.read_sizes.end());
  s.read_sizes.erase(std::unique(s.read_sizes.begin(), s.read_sizes.end()), s.read_sizes.end());

  const std::optional<std::string> script = base::FindRunfile("tools/bench/framing_cpython.py");
  if (!script) {
    std::fprintf(stderr, "framing_vs_cpython: tools/bench/framing_cpython.py not found in the runfiles\n");
    return kFailed;
  }

  std::vector<bench::Stream> streams = bench::Streams();
  if (s.bytes != 0) {
    for (bench::Stream& stream : streams) stream.bytes.resize(std::min(stream.bytes.size(), s.bytes));
  }

  bench::FramingReport report;
  report.machine = bench::ThisMachine();
  report.command = "tools/bazel run -c opt //tools/bench:framing_vs_cpython --";
  for (int i = 1; i < argc; ++i) report.command += std::string(" ") + argv[i];
  report.samples = s.samples;
  report.min_time = s.min_time;
  report.bytes_limit = s.bytes;
  report.read_sizes = s.read_sizes;

  bool ok = true;
  for (const bench::Stream& stream : streams) {
    report.streams.push_back(stream.name);
    std::vector<bench::FramingCell> cells;
    for (std::size_t read_size : s.read_sizes) cells.push_back(NewCell(stream, read_size));
    std::optional<CpythonRounds> cpython;
    try {
      cpython.emplace(s, *script, stream);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "framing_vs_cpython: %s: CPython: %s\n", stream.name, e.what());
      ok = false;
    }
    for (int round = 0; round < s.samples; ++round) {
      for (bench::FramingCell& c : cells) MeasureReference(s, stream, c);
      if (cpython) {
        try {
          cpython->Measure(cells, report.python);
        } catch (const std::exception& e) {
          std::fprintf(stderr, "framing_vs_cpython: %s round %d: CPython: %s\n", stream.name, round + 1, e.what());
          ok = false;
          cpython.reset();  // the stream's later rounds measure the reference alone
        }
      }
      PrintRound(stream.name, round, s.samples, cells);
    }
    report.cells.insert(report.cells.end(), cells.begin(), cells.end());
  }
  for (const bench::FramingCell& c : report.cells) {
    if (c.agree() || !c.cpython_ran) continue;
    std::fprintf(stderr,
                 "framing_vs_cpython: %s read %zu: the reference and CPython disagree: reference %llu found, %llu "
                 "bytes collected; CPython %llu found, %llu bytes collected\n",
                 c.stream.c_str(), c.read_size, static_cast<unsigned long long>(c.reference_found),
                 static_cast<unsigned long long>(c.reference_collected),
                 static_cast<unsigned long long>(c.cpython_found),
                 static_cast<unsigned long long>(c.cpython_collected));
    ok = false;
  }

  ok = bench::EmitReport("framing_vs_cpython", s.markdown ? bench::RenderMarkdown(report) : bench::RenderText(report),
                         bench::ToJson(report), s.json_path) && ok;
  return ok ? 0 : kFailed;
}
