// aiops: a pipeline's configuration as C++ structs: sources, parsing, features, detectors,
// alert rules, routes, silences and sinks (the YAML loader fills the same structs)
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>       // std::chrono::milliseconds
#include <cstddef>      // std::size_t
#include <map>          // std::map
#include <string>       // std::string
#include <vector>       // std::vector

#include "aiops/alert/route.hpp"
#include "aiops/alert/rule.hpp"
#include "aiops/config.hpp"
#include "aiops/pipeline/schedule.hpp"

AIOPS_BEGIN_NAMESPACE
namespace pipeline {

/// Where a source's records come from.
enum class source_kind {
  file,        ///< log files, followed through rotation, offsets persisted
  opensearch,  ///< an OpenSearch/Elasticsearch index, read incrementally by time + search_after
  prometheus,  ///< PromQL `query_range` on Prometheus or VictoriaMetrics
  otlp,        ///< an OTLP/HTTP receiver: spans and log records pushed to the pipeline
};

/// How a log line becomes a record (file sources): its time, the message templates are mined
/// from, whether it is an error, its latency.
struct parse_config {
  /// nginx, apache, syslog, json, logfmt, text or grok.
  std::string format = "nginx";
  /// nginx/apache: the log_format ("combined" and Apache's "common"/"combined" by name).
  std::string log_format = "combined";
  /// grok: patterns tried in order; a capture `timestamp` gives the time, `message` the message.
  std::vector<std::string> grok;
  /// The year of times written without one (syslog RFC 3164, klog, grok's SYSLOGTIMESTAMP).
  /// 0: the latest year that puts the time at most a day ahead of the clock, as the daemon that
  /// wrote a live log meant it; set it to replay an older file.
  int year = 0;
  /// json/logfmt/grok field names; empty: the usual ones (`@timestamp`/`timestamp`/`time`/`ts`,
  /// `message`/`msg`, `level`/`lvl`/`severity`).
  std::string time_field, message_field, level_field;
  /// A numeric field with the latency in seconds (json/logfmt/grok); access logs use $request_time.
  std::string latency_field;
  /// json/logfmt: a field put before the message ("logger" gives "db: pool exhausted").
  std::string prefix_field;
};

/// What makes a record an error (any of these).
struct error_config {
  int min_status = 500;                                          ///< access logs, OpenSearch `http.response.status_code`
  std::vector<std::string> levels{"ERROR", "FATAL", "CRITICAL"}; ///< level names (case-insensitive); syslog severity <= 3 too
  std::vector<std::string> contains;                             ///< message substrings ("Failed password")
};

/// One source and how its records are turned into features.
struct source_config {
  std::string name;  ///< the `source` label of its series
  source_kind kind = source_kind::file;

  // file
  std::vector<std::string> paths;
  bool follow = true;  ///< keep reading as the files grow (false: stop at their end)
  parse_config parse;

  // opensearch
  std::string url;  ///< also prometheus
  std::string index;
  std::string query = "*";               ///< query_string
  std::string time_field = "@timestamp";
  std::string tiebreaker = "event.id";   ///< a unique keyword field for search_after (aiops ship writes it)
  std::string message_field = "message";
  std::size_t page_size = 1000;

  // prometheus: feature name -> PromQL
  std::map<std::string, std::string> queries;
  std::chrono::milliseconds step{60'000};
  std::string start;  ///< RFC 3339 time to start from on the first run; empty: `lookback` before now
  std::chrono::milliseconds lookback{3'600'000};

  // otlp
  std::string listen = "127.0.0.1:4318";
  std::size_t queue = 100'000;  ///< records waiting; beyond, exporters are told to retry later

  /// Records (opensearch) or points (prometheus) younger than this are not read yet: indexing
  /// and scraping lag behind.
  std::chrono::milliseconds delay{0};
  error_config errors;
};

/// Which detector scores which feature series.
struct detector_config {
  alert::label_set match;       ///< labels the series must have (`feature: errors`); `*` matches any value
  std::string detector = "mad"; ///< an aiops::anomaly::make_detector name
  std::size_t warmup = 60;      ///< points scored 0 before the detector may alarm
  std::size_t history = 1440;   ///< points kept to rebuild the detector after a restart
};

/// A sink: where notifications go.
struct sink_config {
  std::string name;  ///< the receiver name routes use
  std::string kind;  ///< alertmanager, webhook, dingtalk, email, jsonl, stdout
  std::string url;   ///< alertmanager, webhook, dingtalk
  std::string path;  ///< jsonl
  std::string secret;  ///< dingtalk signing secret
  std::chrono::milliseconds firing_ttl{3'600'000};  ///< alertmanager: endsAt of firing alerts, from now
  // email
  std::string host;
  int port = 25;
  std::string from;
  std::vector<std::string> to;
  std::string user, password;
  bool starttls = true;
};

/// A whole pipeline.
struct config {
  std::string name = "pipeline";
  std::string state;  ///< state file; empty: nothing persisted
  /// The state file is written at most this often while data flows (0: after every step), and
  /// always after a notification was delivered and when `run` returns: a kill loses no alert,
  /// only the reading done since the last write, which the restart does again. With an OTLP
  /// source (its data cannot be read again) the state is written after every step.
  std::chrono::milliseconds checkpoint{5'000};
  std::chrono::milliseconds window{60'000};       ///< feature window
  std::chrono::milliseconds lateness{0};          ///< a window closes once records this much newer arrive
  bool idle_close = true;                         ///< close windows by the clock when a source has nothing new
  std::size_t max_gap_windows = 1440;             ///< a longer silence restarts the windows instead of filling zeros
  std::size_t max_series = 500;                   ///< feature series per source (templates beyond are not tracked)
  std::size_t max_templates = 2000;               ///< templates tracked as series per source, most frequent first
  std::chrono::milliseconds lookback{3'600'000};  ///< samples kept for rule range selectors
  std::chrono::milliseconds max_replay{6 * 3'600'000};  ///< longest alert history kept to rebuild alert state
  /// Notifications kept for sinks that are down, beyond one per receiver and group (a newer state
  /// replaces the queued one); past it the oldest is dropped, counted and reported.
  std::size_t max_outbox = 10'000;
  schedule every;                                 ///< how often sources are polled
  std::string metrics_listen;                     ///< "127.0.0.1:9464" serves /metrics; empty: off
  std::vector<source_config> sources;
  std::vector<detector_config> detectors;
  std::vector<alert::rule> rules;
  std::vector<alert::route> routes;  ///< each route that matches gets the alert (Alertmanager's `continue: true`)
  std::vector<alert::silence> silences;
  std::vector<sink_config> sinks;
};

/// The names of `source_kind`.
inline const char* to_string(source_kind k) noexcept {
  switch (k) {
    case source_kind::file: return "file";
    case source_kind::opensearch: return "opensearch";
    case source_kind::prometheus: return "prometheus";
    case source_kind::otlp: return "otlp";
  }
  return "?";
}

}  // namespace pipeline
AIOPS_END_NAMESPACE
