// aiops: the capstone loop on the bundled datasets, as `aiops demo` runs it: logs -> per-minute
// signals and templates, host metrics -> causal anomaly scores -> alert state (for, resolve) -> incidents
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort, std::max
#include <chrono>     // std::chrono::minutes
#include <cmath>      // std::sqrt, std::isnan, std::floor
#include <fstream>    // std::ifstream
#include <map>        // std::map
#include <sstream>    // std::ostringstream
#include <string>     // std::string
#include <vector>     // std::vector

#include <aiops/alert.hpp>
#include <aiops/anomaly.hpp>
#include <aiops/core.hpp>
#include <aiops/frame.hpp>
#include <aiops/logs.hpp>
#include <aiops/nlp.hpp>
#include <aiops/ts.hpp>

namespace aiops::app::demo {

/// One monitored signal: a count per minute, and the log messages behind it mined into templates.
struct signal {
  signal(std::string name_, std::string source_, std::string what_)
      : name(std::move(name_)), source(std::move(source_)), what(std::move(what_)) {}

  std::string name;    ///< "nginx_5xx"
  std::string source;  ///< the file it comes from
  std::string what;    ///< "HTTP responses with status >= 500"
  frame::time_counter counts{ns_per_minute};
  frame::time_counter traffic{ns_per_minute};  ///< every line of the source, so quiet minutes count as 0
  nlp::drain miner;
  nlp::masker mask = nlp::masker::standard();
  std::vector<std::pair<timestamp_ns, std::size_t>> events;  ///< (time, template id) of the counted messages
  logs::bad_line_summary bad;

  /// Counts one message of the signal at `t` (`n` times: "message repeated n times") and mines its template.
  void count(timestamp_ns t, std::string_view message, std::uint64_t n = 1) {
    counts.add(t, n);
    mask.apply(message, masked_);
    events.emplace_back(t, miner.add(masked_).cluster_id);
  }

 private:
  std::string masked_;
};

/// A host metric: one value per minute on a regular grid, NaN where a scrape is missing.
struct metric {
  std::string name;    ///< "web-01/cpu"
  std::string source;  ///< the CSV file it comes from
  std::string what;    ///< "cpu of web-01"
  ts::series grid;
  bool is_count = true;  ///< every value a non-negative integer (requests per minute)
};

/// Reads a `timestamp,value` CSV onto a one-minute grid.
/// @throws aiops::error when the file cannot be read or has no valid row.
inline metric read_metric(std::string name, std::string path, std::string what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  const auto table = ts::parse_csv(text.str());
  if (!table) throw error(path + ": " + table.error().message);
  metric m{std::move(name), std::move(path), std::move(what), ts::resample({table->time, table->columns.front()}, ns_per_minute)};
  for (double v : m.grid.value)
    if (!std::isnan(v) && (v < 0 || v != std::floor(v))) m.is_count = false;
  return m;
}

/// A template that stood out during an incident.
struct template_lift {
  std::string text;
  std::size_t during = 0;  ///< messages in the incident window
  bool is_new = false;     ///< never seen before the window
};

/// What the loop found: an alert that fired, and its evidence.
struct incident {
  std::string signal;
  std::string what;
  timestamp_ns pending_at = 0;   ///< first anomalous minute the rule saw
  timestamp_ns fired_at = 0;     ///< `for` later
  timestamp_ns resolved_at = 0;  ///< 0 when still firing at the end of the data
  double peak_score = 0;
  double peak_value = 0;         ///< a metric's value at its most anomalous minute
  std::uint64_t messages = 0;    ///< counted messages while pending or firing
  std::vector<template_lift> templates;
};

/// The loop's knobs: one rule for every signal of a kind, as an operator would write it.
struct loop_options {
  double score_threshold = 6;  ///< z-score: "six standard deviations above the last day"
  std::chrono::minutes for_duration{2};
  std::chrono::minutes keep_firing_for{5};
  std::size_t warmup_minutes = 60;  ///< the detector learns the first hour before it may alarm
};

/// The rule for host metrics: sixteen series of a month give many more chances to cross a
/// threshold than a few log signals, and the detector must see a whole week (the longest
/// season) before its baseline means anything.
inline loop_options metric_options() { return {.score_threshold = 8, .warmup_minutes = 7 * 1440}; }

using scores = std::vector<std::pair<timestamp_ns, double>>;

/// Causal z-scores of a signal, one per minute of its source (each minute sees only the past day).
inline scores score(const signal& s, const loop_options& o) {
  std::map<timestamp_ns, double> counted;
  for (const auto& [t, n] : s.counts.series(false)) counted[t] = double(n);
  anomaly::zscore_detector detector(1440);
  scores out;
  for (const auto& [t, lines] : s.traffic.series()) {
    const auto it = counted.find(t);
    const double value = it == counted.end() ? 0.0 : it->second;
    const double z = detector.update(value);
    out.emplace_back(t, out.size() < o.warmup_minutes ? 0.0 : z);
  }
  return out;
}

/// Causal scores of a host metric against its seasonal baseline (the median of the same minute of
/// the same weekday one, two and three weeks ago; yesterday fills in until two are known). Counts are scored on their square root, which makes
/// their noise about as wide at the busy hours as at night.
inline scores score(const metric& m, const loop_options& o) {
  auto detector = anomaly::make_detector("seasonal", ns_per_minute);
  scores out;
  out.reserve(m.grid.size());
  for (std::size_t i = 0; i < m.grid.size(); ++i) {
    const double z = detector->update(m.is_count ? std::sqrt(m.grid.value[i]) : m.grid.value[i]);
    out.emplace_back(m.grid.time[i], i < o.warmup_minutes ? 0.0 : z);
  }
  return out;
}

/// Runs the alert rule `anomaly_score > threshold for 2m` over the scores of signal `name`,
/// minute by minute, and returns each alert that fired.
inline std::vector<incident> fired(const std::string& name, const std::string& what, const scores& scores,
                                   const loop_options& o) {
  alert::rule_group group{.name = "demo", .interval = std::chrono::minutes(1)};
  group.rules.push_back(alert::rule{.name = "AnomalousSignal",
                                    .expr = "anomaly_score > " + std::to_string(o.score_threshold),
                                    .for_duration = o.for_duration,
                                    .keep_firing_for = o.keep_firing_for,
                                    .labels = {{"severity", "warning"}},
                                    .annotations = {{"summary", "{{ $labels.signal }} is anomalous (score {{ $value }})"}}});
  auto engine = alert::rule_engine::compile(group).value();
  alert::series_store store;
  std::map<timestamp_ns, incident> by_fired_at;
  for (const auto& [t, z] : scores) {
    store.add("anomaly_score", {{"signal", name}}, t, z);
    store.drop_before(t - ns_per_hour);
    for (const auto& a : engine.evaluate(store, t)) {
      if (a.fired_at == 0) continue;  // pending only: the rule's `for` has not passed
      auto& inc = by_fired_at.try_emplace(a.fired_at, incident{name, what, a.active_at, a.fired_at}).first->second;
      inc.resolved_at = a.resolved_at;
      inc.peak_score = std::max(inc.peak_score, a.value);
    }
  }
  std::vector<incident> found;
  for (auto& [at, inc] : by_fired_at) found.push_back(std::move(inc));
  return found;
}

/// The end of an incident's window: when it resolved, or the end of the data.
inline timestamp_ns window_end(const incident& inc, timestamp_ns data_end) { return inc.resolved_at ? inc.resolved_at : data_end; }

/// The alerts of a log signal, each with the messages and templates that explain it.
inline std::vector<incident> incidents(const signal& s, const scores& scores, const loop_options& o) {
  std::vector<incident> found = fired(s.name, s.what, scores, o);
  // The evidence: messages and templates in the window, against what came before.
  for (auto& inc : found) {
    const timestamp_ns end = window_end(inc, scores.back().first + ns_per_minute);
    std::map<std::size_t, std::size_t> during, before;
    for (const auto& [t, id] : s.events) {
      if (t < inc.pending_at) ++before[id];
      else if (t < end) ++during[id], ++inc.messages;
    }
    for (const auto& [id, n] : during)
      inc.templates.push_back({s.miner.cluster(id).template_text(), n, before.find(id) == before.end()});
    std::sort(inc.templates.begin(), inc.templates.end(), [](const auto& a, const auto& b) { return a.during > b.during; });
    if (inc.templates.size() > 3) inc.templates.resize(3);
  }
  return found;
}

/// The alerts of a host metric, each with the value at its most anomalous minute.
inline std::vector<incident> incidents(const metric& m, const scores& scores, const loop_options& o) {
  std::vector<incident> found = fired(m.name, m.what, scores, o);
  for (auto& inc : found) {
    const timestamp_ns end = window_end(inc, m.grid.time.back() + ns_per_minute);
    double peak = -1;
    for (std::size_t i = 0; i < m.grid.size(); ++i)  // scores and grid share their minutes
      if (m.grid.time[i] >= inc.pending_at && m.grid.time[i] < end && scores[i].second > peak)
        peak = scores[i].second, inc.peak_value = m.grid.value[i];
  }
  return found;
}

}  // namespace aiops::app::demo
