// aiops: week 12, tasks 1-5 (your code): the closed loop from the previous weeks' parts:
// logs shipped to OpenSearch, queried back per minute, the incident detected, the alert delivered to Alertmanager
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t
#include <cstdint>  // std::int64_t
#include <string>   // std::string
#include <vector>   // std::vector

#include <aiops/alert.hpp>
#include <aiops/anomaly.hpp>
#include <aiops/core.hpp>
#include <aiops/es.hpp>
#include <aiops/http.hpp>
#include <aiops/logs.hpp>

namespace aiops::week12 {

/// task-1: (re)creates `index` with `aiops::es::ecs::index_body()` and ships every valid line of the
/// application log at `path` (JSON lines) as one document: `@timestamp` from `ts`, `log.level` from
/// `level`, `log.logger` from `logger`, `message` from `msg`. Returns how many documents the index holds.
inline std::int64_t ship_app_log(const std::string& es_url, const std::string& index, const std::string& path) {
  // TODO(week-12): see README, task 1.
  (void)es_url, (void)index, (void)path;
  throw aiops::not_implemented("week12::ship_app_log");
}

/// task-2: how many `ERROR` documents the index has in each minute of [from, to), one count per minute
/// (the quiet minutes too).
inline std::vector<double> errors_per_minute(const std::string& es_url, const std::string& index, timestamp_ns from,
                                             timestamp_ns to) {
  // TODO(week-12): see README, task 2.
  (void)es_url, (void)index, (void)from, (void)to;
  throw aiops::not_implemented("week12::errors_per_minute");
}

/// One alert of the loop: when the rule first saw the anomaly, when the alert fired, when it resolved.
struct detection {
  timestamp_ns pending_at = 0;
  timestamp_ns fired_at = 0;
  timestamp_ns resolved_at = 0;  ///< 0 while still firing at the end of the data
};

/// task-3: the alerts of a per-minute count series starting at minute `from`, scored causally (each
/// minute against the day before it only), with the rule "score above the threshold for 2 minutes"
/// and a resolve after 5 minutes below it.
inline std::vector<detection> detect(const std::vector<double>& per_minute, timestamp_ns from) {
  // TODO(week-12): see README, task 3.
  (void)per_minute, (void)from;
  throw aiops::not_implemented("week12::detect");
}

/// task-4: tells the Alertmanager at `am_url` the state at time `now` of the alert `alertname`
/// (labels `alertname` and `severity="warning"`): the last detection that fired by then, firing or
/// resolved; nothing when none has fired. Returns how many `alertname` alerts Alertmanager then
/// reports active, read back through its API.
inline std::size_t deliver(const std::string& am_url, const std::string& alertname, const std::vector<detection>& detections,
                           timestamp_ns now) {
  // TODO(week-12): see README, task 4.
  (void)am_url, (void)alertname, (void)detections, (void)now;
  throw aiops::not_implemented("week12::deliver");
}

/// task-5: the loop over [from, to): ERROR lines per minute from the index, their alerts, and the state
/// at `to` delivered to Alertmanager. Returns the alerts.
inline std::vector<detection> run_loop(const std::string& es_url, const std::string& index, const std::string& am_url,
                                       const std::string& alertname, timestamp_ns from, timestamp_ns to) {
  // TODO(week-12): see README, task 5.
  (void)es_url, (void)index, (void)am_url, (void)alertname, (void)from, (void)to;
  throw aiops::not_implemented("week12::run_loop");
}

}  // namespace aiops::week12
