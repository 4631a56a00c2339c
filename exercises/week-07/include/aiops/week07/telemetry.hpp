// aiops: week 07, tasks 1-3 (your code): instrument a program with OTLP, read the collected telemetry back
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>  // std::uint64_t
#include <map>      // std::map
#include <string>   // std::string
#include <vector>   // std::vector

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
  // TODO(week-07): see README, task 1.
  (void)requests, (void)endpoint;
  throw aiops::not_implemented("week07::export_requests");
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
  // TODO(week-07): see README, task 2.
  (void)jsonl_path;
  throw aiops::not_implemented("week07::route_report");
}

/// task-3: the names of the spans of trace `trace_id` stored in the Zipkin at `zipkin_url`, sorted.
/// @throws aiops::error when Zipkin does not know the trace (or cannot be reached).
inline std::vector<std::string> zipkin_span_names(const std::string& zipkin_url, const std::string& trace_id) {
  // TODO(week-07): see README, task 3.
  (void)zipkin_url, (void)trace_id;
  throw aiops::not_implemented("week07::zipkin_span_names");
}

}  // namespace aiops::week07
