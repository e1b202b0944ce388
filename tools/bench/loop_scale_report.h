// LoopScaleReport: the results of a loop-scale run (the reference's backends
// and CPython's asyncore, per idle-channel count) and their three renderings:
// a text table for the terminal, a self-contained markdown table (caption with
// the command and the machine) and JSON. The JSON cell schema is shared with
// loop_scale_cpython.py, whose cells are merged in.
#ifndef ASYNCHAT_TOOLS_BENCH_LOOP_SCALE_REPORT_H_
#define ASYNCHAT_TOOLS_BENCH_LOOP_SCALE_REPORT_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tools/bench/machine.h"

namespace bench {

struct LoopScaleCell {
  std::string impl;     // "reference" or "cpython"
  std::string backend;  // "select", "poll", "epoll", "epoll-on-change"
  std::size_t idle = 0;
  std::string status = "ok";        // "ok", "refused" (select beyond FD_SETSIZE), "not run", "failed"
  std::string note;                 // why, when not "ok"
  std::vector<double> us_per_pass;  // one sample per round
  double events_per_pass = 0;       // should be 1: the active pair's one bounce
  long passes = 0;                  // measured passes over all rounds
};

struct LoopScaleReport {
  Machine machine;
  std::string command;
  std::string python;  // CPython's version, empty if not measured
  int rounds = 0;
  double seconds = 0;  // per cell and round
  std::vector<std::size_t> idle;
  std::vector<LoopScaleCell> cells;

  LoopScaleCell* Find(const std::string& impl, const std::string& backend, std::size_t idle_count);
};

std::string RenderText(const LoopScaleReport& report);
std::string RenderMarkdown(const LoopScaleReport& report);
nlohmann::json ToJson(const LoopScaleReport& report);
// Reads cells written by loop_scale_cpython.py (its "cells" array); throws
// nlohmann::json::exception on a malformed document.
std::vector<LoopScaleCell> CellsFromJson(const nlohmann::json& doc);

}  // namespace bench

#endif  // ASYNCHAT_TOOLS_BENCH_LOOP_SCALE_REPORT_H_
