// aiops: week 03 (your code): pandas-style analysis of an nginx access log, and a chart
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::int64_t
#include <map>          // std::map
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include <aiops/core.hpp>
#include <aiops/frame.hpp>
#include <aiops/logs.hpp>
#include <aiops/plot.hpp>

namespace aiops::week03 {

/// The log format of datasets/nginx/access.log: nginx `combined` plus `$request_time`.
inline constexpr std::string_view nginx_format =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time)";

/// A time window [start, end).
struct window {
  timestamp_ns start = 0;
  timestamp_ns end = 0;
};

/// Request time quantiles in seconds, by nearest rank (see datasets/nginx/README.md).
struct latency_quantiles {
  double p50 = 0, p95 = 0, p99 = 0;
};

// Every function reads the log at `path` in the format above; lines that do not parse are skipped,
// and so are lines whose request is not "METHOD TARGET PROTOCOL" (datasets/nginx/README.md).

/// task-1: requests per status code.
inline std::map<int, std::int64_t> status_counts(const std::string& path) {
  // TODO(week-03): see README, task 1.
  (void)path;
  throw aiops::not_implemented("week03::status_counts");
}

/// task-2: requests per minute, every minute from the first to the last one seen (empty minutes
/// included, with 0), as (minute start, count).
inline std::vector<std::pair<timestamp_ns, std::int64_t>> requests_per_minute(const std::string& path) {
  // TODO(week-03): see README, task 2.
  (void)path;
  throw aiops::not_implemented("week03::requests_per_minute");
}

/// task-3: the `n` most requested paths (the request target up to the first '?'), most first,
/// ties broken by the path in byte order.
inline std::vector<std::pair<std::string, std::int64_t>> top_paths(const std::string& path, std::size_t n) {
  // TODO(week-03): see README, task 3.
  (void)path, (void)n;
  throw aiops::not_implemented("week03::top_paths");
}

/// task-4: p50, p95 and p99 of $request_time.
inline latency_quantiles request_time_quantiles(const std::string& path) {
  // TODO(week-03): see README, task 4.
  (void)path;
  throw aiops::not_implemented("week03::request_time_quantiles");
}

/// task-5: the windows (on whole minutes) where server errors (status >= 500) spike far above
/// their usual rate; none when nothing unusual happened.
inline std::vector<window> error_spikes(const std::string& path) {
  // TODO(week-03): see README, task 5.
  (void)path;
  throw aiops::not_implemented("week03::error_spikes");
}

/// task-6: writes an SVG chart of requests per minute to `svg_path`, with the error spikes shaded.
inline void write_traffic_chart(const std::string& path, const std::string& svg_path) {
  // TODO(week-03): see README, task 6.
  (void)path, (void)svg_path;
  throw aiops::not_implemented("week03::write_traffic_chart");
}

}  // namespace aiops::week03
