// aiops: week 12, tasks 1-5 (reference answer): the closed loop from the previous weeks' parts:
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
  aiops::es::client es(es_url);
  es.delete_index(index);
  es.create_index(index, aiops::es::ecs::index_body());
  aiops::es::bulk_ingester ingester(es_url);
  aiops::es::document doc;
  aiops::logs::for_each_record(path, aiops::logs::json_parser{}, [&](const aiops::logs::kv_record& r) {
    const auto time = aiops::parse_rfc3339(r.get("ts").value_or(""));
    if (!time) return;
    doc.clear();
    doc.set("@timestamp", aiops::format_rfc3339(*time))
        .set("log.level", r.get("level").value_or(""))
        .set("log.logger", r.get("logger").value_or(""))
        .set("message", r.get("msg").value_or(""));
    ingester.push({aiops::es::bulk_op::index, index, "", doc.json()});
  });
  const aiops::es::bulk_report report = ingester.close();
  if (report.failed > 0) throw aiops::error("week12: documents were rejected: " + report.describe());
  es.refresh(index);
  return es.count(index);
}

/// task-2: how many `ERROR` documents the index has in each minute of [from, to), one count per minute
/// (the quiet minutes too).
inline std::vector<double> errors_per_minute(const std::string& es_url, const std::string& index, timestamp_ns from,
                                             timestamp_ns to) {
  aiops::es::search_request r;
  r.size = 0;
  r.query = aiops::es::bool_query()
                .filter(aiops::es::time_range("@timestamp", from, to))
                .filter(aiops::es::term("log.level", "ERROR"));
  r.aggs.emplace_back("per_minute", aiops::es::aggregation::date_histogram("@timestamp")
                                        .fixed_interval("1m")
                                        .min_doc_count(0)
                                        .extended_bounds(from, to - aiops::ns_per_minute));
  std::vector<double> counts;
  for (const auto& b : aiops::es::client(es_url).search(index, r).aggs.buckets("per_minute")) counts.push_back(double(b.doc_count));
  return counts;
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
  constexpr double threshold = 6;          // standard deviations above the last day
  constexpr std::size_t warmup = 60;       // the first hour only teaches the detector
  constexpr std::size_t for_minutes = 2, keep_firing_minutes = 5;
  aiops::anomaly::zscore_detector zscore(1440);
  std::vector<detection> out;
  detection current;
  std::size_t quiet = 0;
  for (std::size_t i = 0; i < per_minute.size(); ++i) {
    const timestamp_ns t = from + static_cast<timestamp_ns>(i) * aiops::ns_per_minute;
    const bool high = zscore.update(per_minute[i]) > threshold && i >= warmup;
    if (current.fired_at == 0) {  // inactive or pending
      if (!high) current.pending_at = 0;
      else if (current.pending_at == 0) current.pending_at = t;
      else if (t - current.pending_at >= timestamp_ns(for_minutes) * aiops::ns_per_minute) current.fired_at = t;
    } else if (high) {
      quiet = 0;
    } else if (++quiet == keep_firing_minutes) {  // firing: resolved after enough quiet minutes
      current.resolved_at = t;
      out.push_back(current);
      current = {};
      quiet = 0;
    }
  }
  if (current.fired_at != 0) out.push_back(current);
  return out;
}

/// task-4: tells the Alertmanager at `am_url` the state at time `now` of the alert `alertname`
/// (labels `alertname` and `severity="warning"`): the last detection that fired by then, firing or
/// resolved; nothing when none has fired. Returns how many `alertname` alerts Alertmanager then
/// reports active, read back through its API.
inline std::size_t deliver(const std::string& am_url, const std::string& alertname, const std::vector<detection>& detections,
                           timestamp_ns now) {
  const detection* last = nullptr;
  for (const auto& d : detections)
    if (d.fired_at <= now) last = &d;
  if (last) {
    aiops::alert::alert a;
    a.labels = {{"alertname", alertname}, {"severity", "warning"}};
    a.annotations = {{"summary", "ERROR lines per minute are anomalous since " + aiops::format_rfc3339(last->pending_at, 0)}};
    a.fired_at = last->fired_at;
    const bool resolved = last->resolved_at != 0 && last->resolved_at <= now;
    a.state = resolved ? aiops::alert::alert_state::resolved : aiops::alert::alert_state::firing;
    if (resolved) a.resolved_at = last->resolved_at;
    aiops::alert::alertmanager_notifier(am_url).send({"alertmanager", alertname, {}, {a}});
  }
  const auto active = aiops::http::client(am_url).get_json(
      "/api/v2/alerts", {{"active", "true"}, {"filter", "alertname=\"" + alertname + "\""}});
  return active.size();
}

/// task-5: the loop over [from, to): ERROR lines per minute from the index, their alerts, and the state
/// at `to` delivered to Alertmanager. Returns the alerts.
inline std::vector<detection> run_loop(const std::string& es_url, const std::string& index, const std::string& am_url,
                                       const std::string& alertname, timestamp_ns from, timestamp_ns to) {
  const std::vector<detection> found = detect(errors_per_minute(es_url, index, from, to), from);
  deliver(am_url, alertname, found, to);
  return found;
}

}  // namespace aiops::week12
