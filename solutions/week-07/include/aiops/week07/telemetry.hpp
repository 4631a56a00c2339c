// aiops: week 07, tasks 1-3 (reference answers): instrument a program with OTLP, read the collected telemetry back
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort
#include <cstdint>    // std::uint64_t
#include <fstream>    // std::ifstream (the collector's JSONL file)
#include <map>        // std::map
#include <string>     // std::string
#include <vector>     // std::vector

#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/http.hpp>
#include <aiops/otel.hpp>

namespace aiops::week07 {

/// One request the small web program served.
struct served_request {
  std::string trace_id;  ///< 32 hex digits
  std::string span_id;   ///< 16 hex digits
  std::string route;     ///< e.g. "/api/cart"
  int status = 200;      ///< HTTP status code
  std::uint64_t start_unix_nano = 0;
  double duration_ms = 0;
};

/// task-1: exports the program's telemetry to the OTLP/HTTP endpoint (e.g. "http://127.0.0.1:4318")
/// with aiops::otel::exporter; see the README for what each signal must hold. Returns the
/// exporter's counters after everything was sent.
inline otel::exporter_stats export_requests(const std::vector<served_request>& requests, const std::string& endpoint) {
  otel::exporter_options options;
  options.endpoint = endpoint;
  otel::exporter ex(options, {{{"service.name", "shop"}}, 0}, {"week07", "1.0", {}, 0});

  std::map<std::pair<std::string, int>, std::int64_t> counts;
  std::map<std::string, otel::histogram_data_point> durations;
  const std::vector<double> bounds{5, 10, 25, 50, 100, 250, 500, 1000};
  for (const auto& r : requests) {
    otel::span s;
    s.trace_id = otel::trace_id::from_hex(r.trace_id).value();
    s.span_id = otel::span_id::from_hex(r.span_id).value();
    s.name = "GET " + r.route;
    s.kind = otel::span_kind::server;
    s.start_time_unix_nano = r.start_unix_nano;
    s.end_time_unix_nano = r.start_unix_nano + static_cast<std::uint64_t>(r.duration_ms * 1e6);
    s.attributes = {{"http.route", r.route}, {"http.response.status_code", r.status}};
    if (r.status >= 500) s.status = {"HTTP " + std::to_string(r.status), otel::status_code::error};
    ex.add_span(s);

    if (r.status >= 500) {
      otel::log_record l;
      l.time_unix_nano = s.end_time_unix_nano;
      l.severity_number = 17;
      l.severity_text = "ERROR";
      l.body = "request failed";
      l.trace_id = s.trace_id;
      l.span_id = s.span_id;
      l.attributes = {{"http.route", r.route}};
      ex.add_log(l);
    }

    ++counts[{r.route, r.status}];
    auto& h = durations[r.route];
    if (h.bucket_counts.empty()) {
      h.explicit_bounds = bounds;
      h.bucket_counts.assign(bounds.size() + 1, 0);
      h.attributes = {{"http.route", r.route}};
    }
    ++h.count;
    h.sum = h.sum.value_or(0) + r.duration_ms;
    ++h.bucket_counts[static_cast<std::size_t>(std::lower_bound(bounds.begin(), bounds.end(), r.duration_ms) - bounds.begin())];
  }

  otel::sum requests_total{{}, otel::aggregation_temporality::cumulative, true};
  for (const auto& [key, n] : counts) {
    otel::number_data_point p;
    p.attributes = {{"http.route", key.first}, {"http.response.status_code", key.second}};
    p.value = n;
    requests_total.data_points.push_back(p);
  }
  ex.add_metric({"http.server.requests", "requests served", "{request}", requests_total});
  otel::histogram latency{{}, otel::aggregation_temporality::cumulative};
  for (auto& [route, h] : durations) latency.data_points.push_back(h);
  ex.add_metric({"http.server.request.duration", "request duration", "ms", latency});
  ex.flush();
  return ex.stats();
}

/// Requests, errors (span status ERROR) and the 95th percentile duration of one route.
struct route_stats {
  std::size_t requests = 0;
  std::size_t errors = 0;
  double p95_ms = 0;
};

/// task-2: reads the file `aiops collect --jsonl` wrote (one OTLP/JSON request per line) and reports
/// the SERVER spans per `http.route` attribute. Lines that are not trace requests are skipped.
inline std::map<std::string, route_stats> route_report(const std::string& jsonl_path) {
  std::ifstream in(jsonl_path);
  if (!in) throw aiops::error("cannot read " + jsonl_path);
  std::map<std::string, std::vector<double>> durations;
  std::map<std::string, route_stats> out;
  std::string line;
  while (std::getline(in, line)) {
    auto traces = otel::decode_json<otel::traces_data>(line);
    if (!traces) continue;
    for (const auto& rs : traces->resource_spans)
      for (const auto& ss : rs.scope_spans)
        for (const auto& s : ss.spans) {
          if (s.kind != otel::span_kind::server) continue;
          const std::string route = otel::attribute_string(s.attributes, "http.route");
          auto& st = out[route];
          ++st.requests;
          if (s.status.code == otel::status_code::error) ++st.errors;
          durations[route].push_back(static_cast<double>(s.end_time_unix_nano - s.start_time_unix_nano) / 1e6);
        }
  }
  for (auto& [route, d] : durations) {
    std::sort(d.begin(), d.end());
    // Nearest rank: the smallest value with at least 95% of the values at or below it.
    const std::size_t rank = (d.size() * 95 + 99) / 100;
    out[route].p95_ms = d[rank == 0 ? 0 : rank - 1];
  }
  return out;
}

/// task-3: the names of the spans of trace `trace_id` stored in the Zipkin at `zipkin_url`, sorted.
/// @throws aiops::error when Zipkin does not know the trace (or cannot be reached).
inline std::vector<std::string> zipkin_span_names(const std::string& zipkin_url, const std::string& trace_id) {
  aiops::http::client zipkin(zipkin_url);
  const nlohmann::json spans = zipkin.get_json("/api/v2/trace/" + trace_id);
  std::vector<std::string> names;
  for (const auto& s : spans) names.push_back(s.value("name", ""));
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace aiops::week07
