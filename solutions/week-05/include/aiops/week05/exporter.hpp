// aiops: week 05 (reference solution): an exporter for a custom metric, scraped by the real Prometheus, queried back
// SPDX-License-Identifier: MIT
#pragma once

#include <map>       // std::map
#include <optional>  // std::optional
#include <string>    // std::string

#include <aiops/core.hpp>
#include <aiops/prom.hpp>

namespace aiops::week05 {

/// task-1: the text exposition format (0.0.4) of a job queue, written by hand:
/// a gauge `queue_depth{queue="<name>"}` per queue (jobs waiting) and a counter
/// `queue_jobs_processed_total` (jobs done since start), each with `# HELP` and `# TYPE`.
/// Queue names may hold any character: escape `\`, `"` and newlines in label values.
inline std::string render_queue(const std::map<std::string, double>& depth_per_queue, double processed_total) {
  const auto escape = [](const std::string& value) {
    std::string out;
    for (char c : value) {
      if (c == '\\') out += "\\\\";
      else if (c == '"') out += "\\\"";
      else if (c == '\n') out += "\\n";
      else out += c;
    }
    return out;
  };
  std::string text = "# HELP queue_depth Jobs waiting in each queue.\n# TYPE queue_depth gauge\n";
  for (const auto& [queue, depth] : depth_per_queue) {
    text += "queue_depth{queue=\"" + escape(queue) + "\"} " + prom::format_value(depth) + "\n";
  }
  text += "# HELP queue_jobs_processed_total Jobs processed since the start.\n";
  text += "# TYPE queue_jobs_processed_total counter\n";
  text += "queue_jobs_processed_total " + prom::format_value(processed_total) + "\n";
  return text;
}

/// task-2: a live exporter serving `GET /metrics` on `host:port` (0: any free port) with
/// `queue_depth{queue}` (gauge), `queue_jobs_processed_total` (counter) and
/// `queue_job_duration_seconds` (histogram, buckets 0.1, 0.5, 1, 5 seconds).
class queue_exporter {
 public:
  queue_exporter(const std::string& host, int port)
      : depth_(registry_.add_gauge("queue_depth", "Jobs waiting in each queue.", {"queue"})),
        processed_(registry_.add_counter("queue_jobs_processed_total", "Jobs processed since the start.").with()),
        duration_(registry_.add_histogram("queue_job_duration_seconds", "Time to process a job.", {}, {0.1, 0.5, 1, 5})
                      .with()),
        server_(registry_, host, port) {
    server_.start();
  }

  /// The port it serves on.
  int port() const { return server_.port(); }
  /// Sets the number of jobs waiting in `queue`.
  void set_depth(const std::string& queue, double jobs) { depth_.with({queue}).set(jobs); }
  /// Counts one processed job that took `seconds`.
  void job_done(double seconds) {
    processed_.increment();
    duration_.observe(seconds);
  }

 private:
  prom::registry registry_;
  prom::family<prom::gauge>& depth_;
  prom::counter& processed_;
  prom::histogram& duration_;
  prom::metrics_server server_;
};

/// task-3: the value of a PromQL instant query that returns exactly one series, asked of the
/// Prometheus at `prometheus_url`; nothing when it returns no series.
/// @throws aiops::error when the query fails or returns more than one series.
inline std::optional<double> query_value(const std::string& prometheus_url, const std::string& promql) {
  prom::api_client prometheus(prometheus_url);
  const auto r = prometheus.query(promql);
  if (r.type == prom::result_type::scalar) return r.scalar.value;
  if (r.vector.size() > 1) throw aiops::error(promql + ": " + std::to_string(r.vector.size()) + " series, expected one");
  if (r.vector.empty()) return std::nullopt;
  return r.vector[0].at.value;
}

}  // namespace aiops::week05
