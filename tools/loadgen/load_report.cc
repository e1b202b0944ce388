#include "tools/loadgen/load_report.h"

#include <cstdio>

namespace loadgen {
namespace {

std::string Fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, v);
  return buf;
}

double Us(std::uint64_t ns) { return static_cast<double>(ns) / 1000.0; }

}  // namespace

double LoadReport::messages_per_second() const {
  return measured_seconds > 0 ? static_cast<double>(messages) / measured_seconds : 0.0;
}

double LoadReport::megabytes_per_second() const {
  return measured_seconds > 0 ? static_cast<double>(payload_bytes) / measured_seconds / 1e6 : 0.0;
}

std::optional<double> LoadReport::server_us_per_message() const {
  if (!server_cpu || messages == 0) return std::nullopt;
  return server_cpu->total() * 1e6 / static_cast<double>(messages);
}

std::string FormatText(const LoadReport& r) {
  const LoadOptions& o = r.options;
  std::string s;
  s += "loadgen: " + std::to_string(o.connections) + " connection" + (o.connections == 1 ? "" : "s") + ", " +
       o.size.ToString() + "-byte messages, " + std::to_string(o.threads) + " thread" + (o.threads == 1 ? "" : "s") +
       ", " + o.host + ":" + std::to_string(r.port) + (o.label.empty() ? "" : " (" + o.label + ")") + "\n";
  if (!r.fd_limit_note.empty()) s += "  " + r.fd_limit_note + "\n";
  s += "  measured        " + Fixed(r.measured_seconds, 2) + " s after " + Fixed(o.warmup, 2) + " s of warm-up\n";
  s += "  messages        " + std::to_string(r.messages) + "\n";
  s += "  messages/s      " + Fixed(r.messages_per_second(), 0) + "\n";
  s += "  payload MB/s    " + Fixed(r.megabytes_per_second(), 2) + " (each direction)\n";
  s += "  latency (us)    p50 " + Fixed(Us(r.latency.Quantile(0.50)), 1) + "  p99 " +
       Fixed(Us(r.latency.Quantile(0.99)), 1) + "  p99.9 " + Fixed(Us(r.latency.Quantile(0.999)), 1) + "  max " +
       Fixed(Us(r.latency.max()), 1) + "\n";
  if (std::optional<double> us = r.server_us_per_message()) {
    s += "  server CPU      " + Fixed(*us, 2) + " us/message (user " + Fixed(r.server_cpu->user, 2) + " s, sys " +
         Fixed(r.server_cpu->system, 2) + " s: " + Fixed(100.0 * r.server_cpu->total() / r.measured_seconds, 0) +
         "% of a core), pid " + std::to_string(r.server_pid) + "\n";
  } else {
    s += "  server CPU      not measured (no --server-pid or --server-cmd)\n";
  }
  s += "  loadgen CPU     " + Fixed(100.0 * r.loadgen_cpu.total() / (r.measured_seconds > 0 ? r.measured_seconds : 1), 0) +
       "% of a core" + (o.busy_poll ? " (busy-polling)" : "") + "\n";
  s += "  errors          " + std::to_string(r.error_count) + "\n";
  for (const std::string& e : r.errors) s += "    " + e + "\n";
  return s;
}

nlohmann::json ToJson(const LoadReport& r) {
  const LoadOptions& o = r.options;
  nlohmann::json j;
  j["label"] = o.label;
  j["host"] = o.host;
  j["port"] = r.port;
  j["connections"] = o.connections;
  j["size_min"] = o.size.min;
  j["size_max"] = o.size.max;
  j["threads"] = o.threads;
  j["busy_poll"] = o.busy_poll;
  j["warmup_s"] = o.warmup;
  j["duration_s"] = o.duration;
  j["measured_s"] = r.measured_seconds;
  j["messages"] = r.messages;
  j["payload_bytes"] = r.payload_bytes;
  j["messages_per_s"] = r.messages_per_second();
  j["payload_mb_per_s"] = r.megabytes_per_second();
  j["latency_us"] = {
      {"p50", Us(r.latency.Quantile(0.50))},  {"p99", Us(r.latency.Quantile(0.99))},
      {"p99.9", Us(r.latency.Quantile(0.999))}, {"min", Us(r.latency.min())},
      {"max", Us(r.latency.max())},           {"mean", r.latency.mean() / 1000.0},
  };
  if (r.server_pid) j["server_pid"] = r.server_pid;
  if (r.server_cpu) {
    j["server_cpu_s"] = {{"user", r.server_cpu->user}, {"system", r.server_cpu->system}};
    j["server_cpu_source"] = "/proc/<pid>/stat utime+stime";
  }
  if (std::optional<double> us = r.server_us_per_message()) {
    j["server_cpu_us_per_message"] = *us;
  } else {
    j["server_cpu_us_per_message"] = nullptr;
  }
  j["loadgen_cpu_s"] = {{"user", r.loadgen_cpu.user}, {"system", r.loadgen_cpu.system}};
  j["fd_limit_note"] = r.fd_limit_note;
  j["error_count"] = r.error_count;
  j["errors"] = r.errors;
  j["ok"] = r.error_count == 0;
  return j;
}

}  // namespace loadgen
