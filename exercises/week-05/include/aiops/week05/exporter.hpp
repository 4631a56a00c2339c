// aiops: week 05 (your code): an exporter for a custom metric, scraped by the real Prometheus, queried back
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
  // TODO(week-05): see README, task 1.
  (void)depth_per_queue, (void)processed_total;
  throw aiops::not_implemented("week05::render_queue");
}

/// task-2: a live exporter serving `GET /metrics` on `host:port` (0: any free port) with
/// `queue_depth{queue}` (gauge), `queue_jobs_processed_total` (counter) and
/// `queue_job_duration_seconds` (histogram, buckets 0.1, 0.5, 1, 5 seconds).
class queue_exporter {
 public:
  queue_exporter(const std::string& host, int port) {
    // TODO(week-05): see README, task 2.
    (void)host, (void)port;
    throw aiops::not_implemented("week05::queue_exporter");
  }

  /// The port it serves on.
  int port() const { throw aiops::not_implemented("week05::queue_exporter::port"); }
  /// Sets the number of jobs waiting in `queue`.
  void set_depth(const std::string& queue, double jobs) {
    (void)queue, (void)jobs;
    throw aiops::not_implemented("week05::queue_exporter::set_depth");
  }
  /// Counts one processed job that took `seconds`.
  void job_done(double seconds) {
    (void)seconds;
    throw aiops::not_implemented("week05::queue_exporter::job_done");
  }
};

/// task-3: the value of a PromQL instant query that returns exactly one series, asked of the
/// Prometheus at `prometheus_url`; nothing when it returns no series.
/// @throws aiops::error when the query fails or returns more than one series.
inline std::optional<double> query_value(const std::string& prometheus_url, const std::string& promql) {
  // TODO(week-05): see README, task 3.
  (void)prometheus_url, (void)promql;
  throw aiops::not_implemented("week05::query_value");
}

}  // namespace aiops::week05
