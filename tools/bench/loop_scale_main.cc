// loop_scale: the cost of one asyncore::loop pass against the number of idle
// channels, for the reference's select, poll and epoll backends (epoll also with
// the channels' interest notifications on: "epoll, on-change") and for
// CPython 3.11's asyncore (select and poll; it has no epoll), side by side.
//
//   tools/bazel run -c opt //tools/bench:loop_scale -- [--quick] [--markdown] [--json FILE]
//
// For each idle count (--idle, default 10,1000,10000) it opens that many
// loopback TCP connections whose far ends a child process holds and never
// uses (IdleConnections), wraps the near ends in AsyncChat channels with
// nothing to send (readable, not writable), adds one active pair bouncing a
// byte (one read event, one found_terminator() and one send per pass), and
// times loop(count = 16) batches for each backend in turn; the order of the
// backends rotates from round to round so that drift hits all of them. Each
// cell is the median of --rounds samples with their min and max. select
// refuses descriptors >= FD_SETSIZE: those cells say "refused". Then it runs
// loop_scale_cpython.py with the same settings and merges its cells.
//
// The soft RLIMIT_NOFILE is raised as far as the hard limit allows; idle
// counts that still do not fit are reported as "not run" with the reason.
// Progress goes to stderr; stdout carries only the table (text, or markdown
// with --markdown). Exit status: 0 done (cells that could not run say why),
// 1 a measurement failed, 2 bad usage.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/runfiles.h"
#include "reference/asyncore/fd_limit.h"
#include "reference/asyncore/loop.h"
#include "reference/asyncore/socket_map.h"
#include "reference/asyncore/socket_transport.h"
#include "tools/bench/idle_connections.h"
#include "tools/bench/loop_scale_report.h"
#include "tools/bench/machine.h"
#include "tools/bench/report_output.h"
#include "tools/bench/pass_meter.h"
#include "tools/bench/run_command.h"
#include "tools/bench/scale_channels.h"

namespace {

constexpr int kFailed = 1;
constexpr int kUsage = 2;
constexpr double kPassTimeout = 1.0;  // seconds; a pass always has an event well before
constexpr std::uint64_t kSpareDescriptors = 64;

struct Config {
  const char* name;
  asyncore::Backend backend;
  bool notify;  // channels use interest notifications (Dispatcher::set_interest_notifications)
};

// "epoll" asks every channel readable()/writable() each pass, as asyncore
// does; "epoll-on-change" is the same loop with the channels' interest
// notifications on, so idle channels are not asked.
const Config kConfigs[] = {
    {"select", asyncore::Backend::kSelect, false},
    {"poll", asyncore::Backend::kPoll, false},
    {"epoll", asyncore::Backend::kEpoll, false},
    {"epoll-on-change", asyncore::Backend::kEpoll, true},
};

asyncore::LoopOptions OptionsFor(const Config& config, asyncore::SocketMap& map) {
  asyncore::LoopOptions options;
  options.timeout = kPassTimeout;
  options.backend = config.backend;
  options.map = &map;
  return options;
}

bench::LoopScaleCell NewCell(const char* impl, const char* backend, std::size_t idle) {
  bench::LoopScaleCell cell;
  cell.impl = impl;
  cell.backend = backend;
  cell.idle = idle;
  return cell;
}


std::string Join(const std::vector<std::size_t>& v) {
  std::string out;
  for (std::size_t x : v) out += (out.empty() ? "" : ",") + std::to_string(x);
  return out;
}

struct Settings {
  std::vector<std::size_t> idle{10, 1000, 10000};
  int rounds = 5;
  double seconds = 0.3;
  bool quick = false;
  bool markdown = false;
  std::string json_path;
  std::string python = "/usr/bin/python3";
  bool no_cpython = false;
  bool only_cpython = false;
};

// Measures every reference backend at one idle count, filling its cells.
// Returns false if a measurement failed.
bool MeasureIdleCount(const Settings& s, std::size_t idle, bench::LoopScaleReport& report) {
  std::fprintf(stderr, "loop_scale: opening %zu idle loopback connections\n", idle);
  bench::IdleConnections connections(idle, [&](std::size_t k) {
    if (idle >= 5000) std::fprintf(stderr, "loop_scale:   %zu/%zu\n", k, idle);
  });
  asyncore::SocketMap map;
  std::uint64_t idle_events = 0;
  std::vector<std::unique_ptr<bench::IdleChat>> idle_channels;
  for (int fd : connections.Take()) {
    idle_channels.push_back(
        std::make_unique<bench::IdleChat>(std::make_unique<asyncore::SocketTransport>(fd), &map, &idle_events));
  }
  bench::BouncingPair pair(&map);
  auto bounces = [&] { return pair.bounces(); };

  std::vector<bench::LoopScaleCell*> cells;
  for (const Config& c : kConfigs) cells.push_back(report.Find("reference", c.name, idle));
  bool ok = true;
  const std::size_t n = std::size(kConfigs);
  for (int round = 0; round < s.rounds; ++round) {
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (k + static_cast<std::size_t>(round)) % n;
      const Config& config = kConfigs[i];
      bench::LoopScaleCell& cell = *cells[i];
      if (cell.status != "ok") continue;
      for (auto& channel : idle_channels) channel->set_interest_notifications(config.notify);
      pair.a->set_interest_notifications(config.notify);
      pair.b->set_interest_notifications(config.notify);
      try {
        bench::MeasurePasses(OptionsFor(config, map), s.seconds / 4, bounces);  // warm-up
        bench::PassRun run = bench::MeasurePasses(OptionsFor(config, map), s.seconds, bounces);
        cell.us_per_pass.push_back(run.us_per_pass());
        cell.passes += run.passes;
        cell.events_per_pass = run.events_per_pass();
        std::fprintf(stderr, "loop_scale: round %d/%d, %zu idle, %-16s %10.2f us/pass (%ld passes, %.2f events/pass)\n",
                     round + 1, s.rounds, idle, config.name, run.us_per_pass(), run.passes, run.events_per_pass());
      } catch (const std::out_of_range& e) {  // select: a descriptor >= FD_SETSIZE
        cell.status = "refused";
        cell.note = e.what();
        cell.us_per_pass.clear();
        std::fprintf(stderr, "loop_scale: %zu idle, %s: refused: %s\n", idle, config.name, e.what());
      } catch (const std::exception& e) {
        cell.status = "failed";
        cell.note = e.what();
        ok = false;
        std::fprintf(stderr, "loop_scale: %zu idle, %s: failed: %s\n", idle, config.name, e.what());
      }
    }
  }
  if (idle_events != 0) {
    std::fprintf(stderr, "loop_scale: %zu idle: the idle channels received %llu events; results are not valid\n", idle,
                 static_cast<unsigned long long>(idle_events));
    for (bench::LoopScaleCell* cell : cells) {
      cell->status = "failed";
      cell->note = "idle channels were not idle";
    }
    ok = false;
  }
  return ok;
}

// Runs loop_scale_cpython.py and merges its cells; false if it failed.
bool MeasureCpython(const Settings& s, bench::LoopScaleReport& report) {
  std::optional<std::string> script = base::FindRunfile("tools/bench/loop_scale_cpython.py");
  if (!script) {
    std::fprintf(stderr, "loop_scale: tools/bench/loop_scale_cpython.py not found in the runfiles\n");
    for (bench::LoopScaleCell& c : report.cells) {
      if (c.impl != "cpython") continue;
      c.status = "failed";
      c.note = "loop_scale_cpython.py not found";
    }
    return false;
  }
  char tmpl[] = "/tmp/loop_scale_cpython.XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0) {
    std::perror("loop_scale: mkstemp");
    return false;
  }
  ::close(fd);
  std::ostringstream secs;
  secs << s.seconds;
  int rc = bench::RunCommand({s.python, *script, "--idle", Join(s.idle), "--rounds", std::to_string(s.rounds),
                              "--seconds", secs.str(), "--json", tmpl});
  bool ok = false;
  if (rc != 0) {
    std::fprintf(stderr, "loop_scale: %s %s exited with status %d\n", s.python.c_str(), script->c_str(), rc);
  } else {
    try {
      std::ifstream in(tmpl);
      nlohmann::json doc = nlohmann::json::parse(in);
      for (bench::LoopScaleCell& c : bench::CellsFromJson(doc)) {
        if (bench::LoopScaleCell* mine = report.Find(c.impl, c.backend, c.idle)) *mine = std::move(c);
      }
      report.python = doc.value("python", "");
      ok = true;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "loop_scale: cannot read the CPython results: %s\n", e.what());
    }
  }
  std::remove(tmpl);
  if (!ok) {
    for (bench::LoopScaleCell& c : report.cells) {
      if (c.impl != "cpython" || c.status != "ok" || !c.us_per_pass.empty()) continue;
      c.status = "failed";
      c.note = "loop_scale_cpython.py failed (see stderr)";
    }
  }
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  base::SetRunfilesArgv0(argv[0]);
  Settings s;
  CLI::App app{
      "loop_scale: microseconds per asyncore loop pass with 1 active pair plus N idle loopback channels, for the "
      "reference's select, poll and epoll backends and CPython 3.11's asyncore (select, poll). Progress on stderr, "
      "the table on stdout."};
  app.add_option("--idle", s.idle, "idle channel counts, comma-separated")
      ->delimiter(',')
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  CLI::Option* rounds = app.add_option("--rounds", s.rounds, "samples per cell (median, min, max reported)")
                            ->check(CLI::Range(1, 1000))
                            ->capture_default_str();
  CLI::Option* seconds = app.add_option("--seconds", s.seconds, "seconds of passes per sample")
                             ->check(CLI::Range(0.001, 600.0))
                             ->capture_default_str();
  app.add_flag("--quick", s.quick, "2 rounds of 0.05 s per cell (well under a minute in all)");
  app.add_flag("--markdown", s.markdown, "print a self-contained markdown table instead of the text table");
  app.add_option("--json", s.json_path, "also write the results as JSON to FILE");
  app.add_option("--python", s.python, "the CPython 3.11 interpreter for the CPython cells")->capture_default_str();
  CLI::Option* no_cpython = app.add_flag("--no-cpython", s.no_cpython, "measure the reference only");
  app.add_flag("--only-cpython", s.only_cpython, "measure CPython only")->excludes(no_cpython);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : kUsage;
  }
  if (s.quick) {
    if (rounds->count() == 0) s.rounds = 2;
    if (seconds->count() == 0) s.seconds = 0.05;
  }
  std::sort(s.idle.begin(), s.idle.end());
  s.idle.erase(std::unique(s.idle.begin(), s.idle.end()), s.idle.end());

  bench::LoopScaleReport report;
  report.machine = bench::ThisMachine();
  report.command = "tools/bazel run -c opt //tools/bench:loop_scale --";
  for (int i = 1; i < argc; ++i) report.command += std::string(" ") + argv[i];
  report.rounds = s.rounds;
  report.seconds = s.seconds;
  report.idle = s.idle;
  for (std::size_t idle : s.idle) {
    if (!s.only_cpython) {
      for (const Config& c : kConfigs) report.cells.push_back(NewCell("reference", c.name, idle));
    }
  }
  for (std::size_t idle : s.idle) {
    if (!s.no_cpython) {
      for (const char* backend : {"select", "poll"}) report.cells.push_back(NewCell("cpython", backend, idle));
    }
  }

  const asyncore::FdLimit limit = asyncore::RaiseFdLimit(s.idle.back() + kSpareDescriptors);
  if (!limit.message.empty()) std::fprintf(stderr, "loop_scale: %s\n", limit.message.c_str());
  bool ok = true;
  if (!s.only_cpython) {
    for (std::size_t idle : s.idle) {
      if (idle + kSpareDescriptors > limit.soft) {
        for (const Config& c : kConfigs) {
          bench::LoopScaleCell* cell = report.Find("reference", c.name, idle);
          cell->status = "not run";
          cell->note = limit.message;
        }
        std::fprintf(stderr, "loop_scale: %zu idle: not run: %s\n", idle, limit.message.c_str());
        continue;
      }
      try {
        ok = MeasureIdleCount(s, idle, report) && ok;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "loop_scale: %zu idle: %s\n", idle, e.what());
        for (const Config& c : kConfigs) {
          bench::LoopScaleCell* cell = report.Find("reference", c.name, idle);
          cell->status = "failed";
          cell->note = e.what();
        }
        ok = false;
      }
    }
  }
  if (!s.no_cpython) ok = MeasureCpython(s, report) && ok;

  ok = bench::EmitReport("loop_scale", s.markdown ? bench::RenderMarkdown(report) : bench::RenderText(report),
                         bench::ToJson(report), s.json_path) && ok;
  return ok ? 0 : kFailed;
}
