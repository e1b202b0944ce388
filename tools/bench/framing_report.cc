#include "tools/bench/framing_report.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "tools/bench/sample_stats.h"

namespace bench {
namespace {

using Row = std::vector<std::string>;

double Median(const std::vector<double>& samples) { return Summarize(samples).median; }

// Three significant figures at most, never exponent notation.
std::string Num(double x) {
  char buf[64];
  if (x >= 100) std::snprintf(buf, sizeof buf, "%.0f", x);
  else if (x >= 10) std::snprintf(buf, sizeof buf, "%.1f", x);
  else std::snprintf(buf, sizeof buf, "%.2f", x);
  return buf;
}

std::string MBps(const std::vector<double>& ns_per_byte) {
  const double ns = Median(ns_per_byte);
  return ns > 0 ? Num(1e3 / ns) : "-";
}

std::string NsPerRead(const FramingCell& c, const std::vector<double>& ns_per_byte) {
  const double ns = Median(ns_per_byte);
  if (ns <= 0 || c.reads == 0) return "-";
  return Num(ns * static_cast<double>(c.bytes) / static_cast<double>(c.reads));
}

// reference speed / other speed = other ns per byte / reference ns per byte.
// Sample i of each side comes from round i, taken seconds apart, so the
// median of the per-round ratios cancels the machine's drift between rounds;
// the ratio of the two medians would divide samples from different rounds.
// Sides with different sample counts cannot be paired: ratio of medians.
double Speedup(const std::vector<double>& reference_ns, const std::vector<double>& other_ns) {
  if (reference_ns.size() != other_ns.size()) {
    const double ref = Median(reference_ns);
    const double other = Median(other_ns);
    return ref > 0 && other > 0 ? other / ref : 0;
  }
  std::vector<double> ratios;
  for (std::size_t i = 0; i < reference_ns.size(); ++i) {
    if (reference_ns[i] > 0 && other_ns[i] > 0) ratios.push_back(other_ns[i] / reference_ns[i]);
  }
  return Median(ratios);  // 0 when nothing was measured
}

std::string CellName(const FramingCell& c) { return c.stream + "/" + std::to_string(c.read_size); }

Row Header() {
  return {"stream",          "read size", "msgs/read", "reference MB/s",   "ns/read",
          "CPython MB/s",    "ns/read",   "ref/CPython (>= 50x)", "baseline MB/s",
          "ref/baseline (>= 0.5 at 64 KiB)"};
}

std::vector<Row> Rows(const FramingReport& report) {
  std::vector<Row> rows;
  for (const FramingCell& c : report.cells) {
    const double per_read = c.reads ? static_cast<double>(c.reference_found) / static_cast<double>(c.reads) : 0;
    const double vs_cpython = Speedup(c.reference_ns, c.cpython_ns);
    const double vs_baseline = Speedup(c.reference_ns, c.baseline_ns);
    std::string agreement = c.agree() ? "" : (c.cpython_ran ? " MISMATCH" : " not run");
    rows.push_back({c.stream, std::to_string(c.read_size), Num(per_read), MBps(c.reference_ns),
                    NsPerRead(c, c.reference_ns), MBps(c.cpython_ns) + agreement, NsPerRead(c, c.cpython_ns),
                    vs_cpython > 0 ? Num(vs_cpython) + "x" : "-", MBps(c.baseline_ns),
                    vs_baseline > 0 ? Num(vs_baseline) : "-"});
  }
  return rows;
}

std::string Caption(const FramingReport& report) {
  return "Framing throughput, the reference's FramingCore::Feed against CPython " +
         (report.python.empty() ? std::string("3.11") : report.python) +
         "'s asynchat (handle_read() with recv() fed from memory) and a memchr/memmem baseline, same streams, "
         "same reads; machine: " +
         report.machine.Describe();
}

std::string Method(const FramingReport& report) {
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "Each figure is the median of %d sample%s, a sample being whole passes over the stream repeated "
                "until %.3g s of the measuring thread's CPU time (a pass that takes longer, such as CPython's "
                "with 1-byte reads, is one sample by itself), taken in %d round%s: per stream, each round takes "
                "one sample of every read size from the reference and the baseline (alternately), then one from "
                "CPython (one process per round, its start-up untimed). MB/s and ns/read are each side's median; "
                "the ratios, and the targets judged on them, are the median over rounds of each round's ratio: "
                "the two sides of a round are seconds apart, so a change in the machine's speed from round to "
                "round that slows both alike cancels out. MB/s = 10^6 bytes/s; ns/read = ns per byte x bytes per read. ",
                report.samples, report.samples == 1 ? "" : "s", report.min_time, report.samples,
                report.samples == 1 ? "" : "s");
  std::string out = buf;
  if (report.bytes_limit == 0) {
    out += "Streams: the whole 1 MiB of each (tools/bench/framing_streams.h), on every side.";
  } else {
    out += "Streams: only the first " + std::to_string(report.bytes_limit) +
           " bytes of each (--bytes), the same bytes on every side.";
  }
  return out;
}

std::vector<std::string> Notes(const FramingReport& report) {
  std::vector<std::string> notes = {Method(report)};
  for (const std::string& line : TargetLines(report)) notes.push_back(line);
  return notes;
}

std::string Pad(const std::string& s, std::size_t width, bool left) {
  // Column widths count bytes; every cell is ASCII.
  if (s.size() >= width) return s;
  return left ? s + std::string(width - s.size(), ' ') : std::string(width - s.size(), ' ') + s;
}

// Lowest ns per byte at read sizes below `read_size` for `stream`, 0 if none.
double LowestBelow(const FramingReport& report, const std::string& stream, std::size_t read_size, bool cpython) {
  double lowest = 0;
  for (const FramingCell& c : report.cells) {
    if (c.stream != stream || c.read_size >= read_size) continue;
    const double ns = Median(cpython ? c.cpython_ns : c.reference_ns);
    if (ns > 0 && (lowest == 0 || ns < lowest)) lowest = ns;
  }
  return lowest;
}

// "met for every stream (...)" or "not met: cell (rise), ...".
std::string LinearityLine(const FramingReport& report, bool cpython) {
  std::vector<std::string> misses;
  double worst = 0;
  std::string worst_cell;
  for (const FramingCell& c : report.cells) {
    const double ns = Median(cpython ? c.cpython_ns : c.reference_ns);
    const double lowest = LowestBelow(report, c.stream, c.read_size, cpython);
    if (ns <= 0 || lowest <= 0) continue;
    const double rise = ns / lowest;
    if (rise > worst) {
      worst = rise;
      worst_cell = CellName(c);
    }
    if (rise > kLinearSlack) misses.push_back(CellName(c) + " (" + Num(rise) + "x)");
  }
  std::string out;
  if (misses.empty()) {
    out = "met in every stream";
    if (worst > 1) out += " (largest rise " + Num(worst) + "x, at " + worst_cell + ")";
    else if (!worst_cell.empty()) out += " (ns per byte never rises with the read size)";
  } else {
    out = "not met at ";
    for (std::size_t i = 0; i < misses.size(); ++i) out += (i ? ", " : "") + misses[i];
  }
  return out;
}

}  // namespace

const FramingCell* FramingReport::Find(const std::string& stream, std::size_t read_size) const {
  for (const FramingCell& c : cells) {
    if (c.stream == stream && c.read_size == read_size) return &c;
  }
  return nullptr;
}

std::vector<std::string> TargetLines(const FramingReport& report) {
  std::vector<std::string> lines;

  std::vector<std::string> disagree;
  std::uint64_t found = 0;
  for (const FramingCell& c : report.cells) {
    found += c.reference_found;
    if (c.agree()) continue;
    disagree.push_back(c.cpython_ran ? CellName(c) + " (reference " + std::to_string(c.reference_found) + " found, " +
                                           std::to_string(c.reference_collected) + " bytes collected; CPython " +
                                           std::to_string(c.cpython_found) + " found, " +
                                           std::to_string(c.cpython_collected) + " bytes)"
                                     : CellName(c) + " (CPython did not run)");
  }
  if (disagree.empty()) {
    lines.push_back("Agreement: passed. In all " + std::to_string(report.cells.size()) +
                    " cells the reference and CPython made the same found_terminator() calls (" +
                    std::to_string(found) + " in all) and collected the same number of bytes.");
  } else {
    std::string line = "Agreement: FAILED in ";
    for (std::size_t i = 0; i < disagree.size(); ++i) line += (i ? ", " : "") + disagree[i];
    lines.push_back(line + "; the figures of those cells compare different work.");
  }

  // Issue 19: 50x CPython, or, where the bare scan itself is under 50x
  // CPython (CPython's bytes.find() is a C scan too, and long messages leave
  // little else to do), within 1.1x of the bare scan.
  std::vector<std::string> slow;
  std::vector<std::string> by_baseline;  // under 50x, but the bare scan is too and the reference keeps up with it
  double lowest = 0;
  std::string lowest_cell;
  std::size_t judged = 0;
  for (const FramingCell& c : report.cells) {
    const double x = Speedup(c.reference_ns, c.cpython_ns);
    if (x <= 0) continue;
    ++judged;
    if (lowest == 0 || x < lowest) {
      lowest = x;
      lowest_cell = CellName(c);
    }
    if (x >= kTargetVsCpython) continue;
    const double bare = Speedup(c.baseline_ns, c.cpython_ns);
    const double vs_bare = Speedup(c.reference_ns, c.baseline_ns);
    if (bare > 0 && bare < kTargetVsCpython && vs_bare >= 1 / kBareScanSlack) {
      by_baseline.push_back(CellName(c) + " (" + Num(x) + "x; baseline " + Num(bare) + "x, reference " + Num(vs_bare) +
                            "x the baseline)");
    } else {
      slow.push_back(CellName(c) + " (" + Num(x) + "x; baseline " + Num(bare) + "x, reference " + Num(vs_bare) +
                     "x the baseline)");
    }
  }
  std::string line =
      "Target: at least 50x CPython asynchat in every cell, or where the memchr/memmem baseline itself is under 50x "
      "CPython, at least the baseline's MB/s / 1.1: ";
  if (judged == 0) {
    line += "not measured.";
  } else {
    line += slow.empty() ? "met in all " + std::to_string(judged) + " cells"
                         : "NOT met in " + std::to_string(slow.size()) + " of " + std::to_string(judged) + " cells: ";
    for (std::size_t i = 0; i < slow.size(); ++i) line += (i ? ", " : "") + slow[i];
    line += slow.empty() ? " (lowest " + Num(lowest) + "x CPython, at " + lowest_cell + ")" : "";
    if (!by_baseline.empty()) {
      line += (slow.empty() ? "; " : ". ") + std::to_string(by_baseline.size()) + " met by the baseline rule: ";
      for (std::size_t i = 0; i < by_baseline.size(); ++i) line += (i ? ", " : "") + by_baseline[i];
    }
    line += ".";
  }
  lines.push_back(line);

  line = "Target: at least 0.5x the memchr/memmem baseline with 64 KiB reads: ";
  std::vector<std::string> met, missed;
  for (const std::string& stream : report.streams) {
    const FramingCell* c = report.Find(stream, kBaselineReadSize);
    if (c == nullptr) continue;
    const double x = Speedup(c->reference_ns, c->baseline_ns);
    std::string text = stream + " " + Num(x);
    if (stream == "count100") text += " (its baseline reads no bytes: it only counts record boundaries)";
    (x >= kTargetVsBaseline ? met : missed).push_back(text);
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + v[i];
    return out;
  };
  if (met.empty() && missed.empty()) {
    line += "not measured (no 65536-byte reads).";
  } else {
    if (!met.empty()) line += "met for " + join(met);
    if (!missed.empty()) line += std::string(met.empty() ? "" : "; ") + "NOT met for " + join(missed);
    line += ".";
  }
  lines.push_back(line);

  char slack[32];
  std::snprintf(slack, sizeof slack, "%.1f", kLinearSlack);
  lines.push_back(std::string("Target: linear for every read size and messages per read (ns per byte at a read size "
                              "at most ") +
                  slack + "x the lowest at a smaller read size of the same stream; msgs/read grows with the read "
                  "size): reference " + LinearityLine(report, false) + ". CPython, for comparison: " +
                  LinearityLine(report, true) + ".");
  return lines;
}

std::string RenderText(const FramingReport& report) {
  std::vector<Row> rows = Rows(report);
  const Row header = Header();
  std::vector<std::size_t> width(header.size());
  for (std::size_t i = 0; i < header.size(); ++i) width[i] = header[i].size();
  for (const Row& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], r[i].size());
  }
  std::string out = Caption(report) + ".\n" + report.command + "\n\n";
  auto line = [&](const Row& r) {
    for (std::size_t i = 0; i < r.size(); ++i) out += (i ? "  " : "") + Pad(r[i], width[i], i == 0);
    out += "\n";
  };
  line(header);
  for (const Row& r : rows) line(r);
  out += "\n";
  for (const std::string& n : Notes(report)) out += "- " + n + "\n";
  return out;
}

std::string RenderMarkdown(const FramingReport& report) {
  std::string out = Caption(report) + ".\n`" + report.command + "`\n\n|";
  const Row header = Header();
  for (const std::string& h : header) out += " " + h + " |";
  out += "\n| --- |";
  for (std::size_t i = 1; i < header.size(); ++i) out += " ---: |";
  out += "\n";
  for (const Row& r : Rows(report)) {
    out += "|";
    for (const std::string& cell : r) out += " " + cell + " |";
    out += "\n";
  }
  out += "\n";
  for (const std::string& n : Notes(report)) out += "- " + n + "\n";
  return out;
}

nlohmann::json ToJson(const FramingReport& report) {
  nlohmann::json cells = nlohmann::json::array();
  for (const FramingCell& c : report.cells) {
    cells.push_back({{"stream", c.stream},
                     {"read_size", c.read_size},
                     {"bytes", c.bytes},
                     {"reads", c.reads},
                     {"reference_found", c.reference_found},
                     {"reference_collected", c.reference_collected},
                     {"cpython_found", c.cpython_found},
                     {"cpython_collected", c.cpython_collected},
                     {"baseline_found", c.baseline_found},
                     {"agree", c.agree()},
                     {"reference_ns_per_byte", c.reference_ns},
                     {"cpython_ns_per_byte", c.cpython_ns},
                     {"baseline_ns_per_byte", c.baseline_ns},
                     {"reference_vs_cpython", Speedup(c.reference_ns, c.cpython_ns)},
                     {"reference_vs_baseline", Speedup(c.reference_ns, c.baseline_ns)}});
  }
  return {{"tool", "framing_vs_cpython"},
          {"command", report.command},
          {"machine", {{"nproc", report.machine.nproc}, {"cpu", report.machine.cpu}}},
          {"python", report.python},
          {"samples", report.samples},
          {"min_time", report.min_time},
          {"bytes_limit", report.bytes_limit},
          {"read_sizes", report.read_sizes},
          {"targets", TargetLines(report)},
          {"cells", cells}};
}

}  // namespace bench
