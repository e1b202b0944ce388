#include "tools/bench/loop_scale_report.h"

#include <cstdio>
#include <utility>

#include "tools/bench/sample_stats.h"

namespace bench {
namespace {

using Column = std::pair<std::string, std::string>;  // impl, backend

std::vector<Column> Columns(const LoopScaleReport& report) {
  std::vector<Column> out;
  for (const LoopScaleCell& c : report.cells) {
    Column col{c.impl, c.backend};
    bool seen = false;
    for (const Column& o : out) seen = seen || o == col;
    if (!seen) out.push_back(col);
  }
  return out;
}

std::string Title(const Column& col) {
  std::string impl = col.first == "cpython" ? "CPython" : col.first;
  std::string backend = col.second == "epoll-on-change" ? "epoll, on-change" : col.second;
  return impl + " " + backend;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
  return buf;
}

const LoopScaleCell* FindCell(const LoopScaleReport& report, const Column& col, std::size_t idle) {
  for (const LoopScaleCell& c : report.cells) {
    if (c.impl == col.first && c.backend == col.second && c.idle == idle) return &c;
  }
  return nullptr;
}

std::string CellText(const LoopScaleCell* c) {
  if (c == nullptr) return "-";
  if (c->status != "ok") return c->status;
  if (c->us_per_pass.empty()) return "-";
  SampleStats s = Summarize(c->us_per_pass);
  return Number(s.median) + " (" + Number(s.min) + "-" + Number(s.max) + ")";
}

// Cost at the largest idle count over the cost at the smallest, per column.
std::string GrowthText(const LoopScaleReport& report, const Column& col) {
  if (report.idle.size() < 2) return "-";
  const LoopScaleCell* lo = FindCell(report, col, report.idle.front());
  const LoopScaleCell* hi = FindCell(report, col, report.idle.back());
  if (lo == nullptr || hi == nullptr || lo->status != "ok" || hi->status != "ok") return "-";
  double a = Summarize(lo->us_per_pass).median;
  double b = Summarize(hi->us_per_pass).median;
  if (a <= 0) return "-";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2fx", b / a);
  return buf;
}

std::vector<std::string> Notes(const LoopScaleReport& report) {
  std::vector<std::string> notes;
  for (const LoopScaleCell& c : report.cells) {
    if (c.status == "ok" || c.note.empty()) continue;
    std::string line =
        Title({c.impl, c.backend}) + ", " + std::to_string(c.idle) + " idle: " + c.status + " (" + c.note + ")";
    bool seen = false;
    for (const std::string& n : notes) seen = seen || n == line;
    if (!seen) notes.push_back(line);
  }
  return notes;
}

std::string Caption(const LoopScaleReport& report) {
  return "microseconds per loop pass, median of " + std::to_string(report.rounds) +
         " rounds (min-max); one active pair bouncing a byte plus N idle loopback TCP channels; " +
         report.machine.Describe() + (report.python.empty() ? "" : "; CPython " + report.python);
}

}  // namespace

LoopScaleCell* LoopScaleReport::Find(const std::string& impl, const std::string& backend, std::size_t idle_count) {
  for (LoopScaleCell& c : cells) {
    if (c.impl == impl && c.backend == backend && c.idle == idle_count) return &c;
  }
  return nullptr;
}

std::string RenderText(const LoopScaleReport& report) {
  const std::vector<Column> cols = Columns(report);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header{"idle"};
  for (const Column& col : cols) header.push_back(Title(col));
  rows.push_back(header);
  for (std::size_t idle : report.idle) {
    std::vector<std::string> row{std::to_string(idle)};
    for (const Column& col : cols) row.push_back(CellText(FindCell(report, col, idle)));
    rows.push_back(row);
  }
  if (report.idle.size() >= 2) {
    std::vector<std::string> row{std::to_string(report.idle.back()) + "/" + std::to_string(report.idle.front())};
    for (const Column& col : cols) row.push_back(GrowthText(report, col));
    rows.push_back(row);
  }
  std::vector<std::size_t> width(header.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  std::string out = "loop_scale: " + Caption(report) + "\n";
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      if (i + 1 < row.size()) out += std::string(width[i] - row[i].size() + 2, ' ');
    }
    out += "\n";
  }
  for (const std::string& n : Notes(report)) out += "note: " + n + "\n";
  return out;
}

std::string RenderMarkdown(const LoopScaleReport& report) {
  const std::vector<Column> cols = Columns(report);
  std::string out = "Loop pass cost: " + Caption(report) + ".\n`" + report.command + "`\n\n";
  out += "| idle channels |";
  for (const Column& col : cols) out += " " + Title(col) + " |";
  out += "\n| ---: |";
  for (std::size_t i = 0; i < cols.size(); ++i) out += " ---: |";
  out += "\n";
  for (std::size_t idle : report.idle) {
    out += "| " + std::to_string(idle) + " |";
    for (const Column& col : cols) out += " " + CellText(FindCell(report, col, idle)) + " |";
    out += "\n";
  }
  if (report.idle.size() >= 2) {
    out += "| growth " + std::to_string(report.idle.back()) + " / " + std::to_string(report.idle.front()) + " |";
    for (const Column& col : cols) out += " " + GrowthText(report, col) + " |";
    out += "\n";
  }
  std::vector<std::string> notes = Notes(report);
  if (!notes.empty()) out += "\n";
  for (const std::string& n : notes) out += "- " + n + "\n";
  return out;
}

nlohmann::json ToJson(const LoopScaleReport& report) {
  nlohmann::json cells = nlohmann::json::array();
  for (const LoopScaleCell& c : report.cells) {
    SampleStats s = Summarize(c.us_per_pass);
    cells.push_back({{"impl", c.impl},
                     {"backend", c.backend},
                     {"idle", c.idle},
                     {"status", c.status},
                     {"note", c.note},
                     {"us_per_pass", c.us_per_pass},
                     {"median_us", s.median},
                     {"min_us", s.min},
                     {"max_us", s.max},
                     {"events_per_pass", c.events_per_pass},
                     {"passes", c.passes}});
  }
  return {{"tool", "loop_scale"},
          {"command", report.command},
          {"machine", {{"nproc", report.machine.nproc}, {"cpu", report.machine.cpu}}},
          {"python", report.python},
          {"rounds", report.rounds},
          {"seconds_per_cell", report.seconds},
          {"idle", report.idle},
          {"cells", cells}};
}

std::vector<LoopScaleCell> CellsFromJson(const nlohmann::json& doc) {
  std::vector<LoopScaleCell> out;
  for (const nlohmann::json& j : doc.at("cells")) {
    LoopScaleCell c;
    c.impl = j.at("impl").get<std::string>();
    c.backend = j.at("backend").get<std::string>();
    c.idle = j.at("idle").get<std::size_t>();
    c.status = j.at("status").get<std::string>();
    c.note = j.value("note", "");
    c.us_per_pass = j.value("us_per_pass", std::vector<double>{});
    c.events_per_pass = j.value("events_per_pass", 0.0);
    c.passes = j.value("passes", 0L);
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace bench
