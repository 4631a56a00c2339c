// aiops: week 03 (reference solution): pandas-style analysis of an nginx access log, and a chart
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::int64_t
#include <map>          // std::map
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector
#include <algorithm>    // std::sort
#include <cmath>        // std::ceil
#include <fstream>      // std::ofstream

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

/// Calls `use(record)` for every request of the log (one streaming pass, bad lines skipped; a
/// request that is not "METHOD TARGET PROTOCOL", such as TLS bytes sent to port 80, is a bad line).
template <class Use>
void for_each_request(const std::string& path, Use&& use) {
  static const auto format = aiops::logs::access_format::nginx(nginx_format, {.strict_request = true}).value();
  aiops::logs::for_each_record(path, format, [&](const aiops::logs::access_record& r) { use(r); });
}

/// task-1: requests per status code.
inline std::map<int, std::int64_t> status_counts(const std::string& path) {
  aiops::frame::counter<int> by_status;
  for_each_request(path, [&](const auto& r) { by_status.add(r.status()); });
  std::map<int, std::int64_t> out;
  for (const auto& [status, n] : by_status.top()) out[status] = std::int64_t(n);
  return out;
}

/// task-2: requests per minute, every minute from the first to the last one seen (empty minutes
/// included, with 0), as (minute start, count).
inline std::vector<std::pair<timestamp_ns, std::int64_t>> requests_per_minute(const std::string& path) {
  aiops::frame::time_counter per_minute(ns_per_minute);
  for_each_request(path, [&](const auto& r) { per_minute.add(r.time()); });
  std::vector<std::pair<timestamp_ns, std::int64_t>> out;
  for (const auto& [minute, n] : per_minute.series()) out.emplace_back(minute, std::int64_t(n));
  return out;
}

/// task-3: the `n` most requested paths (the request target up to the first '?'), most first,
/// ties broken by the path in byte order.
inline std::vector<std::pair<std::string, std::int64_t>> top_paths(const std::string& path, std::size_t n) {
  aiops::frame::counter<> paths;
  for_each_request(path, [&](const auto& r) { paths.add(r.path()); });
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const auto& [p, count] : paths.top(n)) out.emplace_back(p, std::int64_t(count));
  return out;
}

/// task-4: p50, p95 and p99 of $request_time.
inline latency_quantiles request_time_quantiles(const std::string& path) {
  std::vector<double> seconds;
  for_each_request(path, [&](const auto& r) { seconds.push_back(r.request_time()); });
  std::sort(seconds.begin(), seconds.end());
  // Nearest rank: the value at 1-based rank ceil(p * N).
  auto rank = [&](double p) { return seconds.at(std::size_t(std::ceil(p * double(seconds.size()))) - 1); };
  return {rank(0.50), rank(0.95), rank(0.99)};
}

/// task-5: the windows (on whole minutes) where server errors (status >= 500) spike far above
/// their usual rate; none when nothing unusual happened.
inline std::vector<window> error_spikes(const std::string& path) {
  aiops::frame::time_counter errors(ns_per_minute), requests(ns_per_minute);
  for_each_request(path, [&](const auto& r) {
    requests.add(r.time());
    if (r.status() >= 500) errors.add(r.time());
  });
  if (requests.total() == 0) return {};
  // Errors in the 5 minutes around each minute, against what the whole log makes usual.
  const double usual_per_5min = 5.0 * double(errors.total()) / double(requests.span());
  const double threshold = std::max(5.0, 10.0 * usual_per_5min);
  std::map<timestamp_ns, std::uint64_t> per_minute;
  for (const auto& [t, n] : errors.series(false)) per_minute[t] = n;
  auto around = [&](timestamp_ns t) {
    std::uint64_t sum = 0;
    for (int k = -2; k <= 2; ++k)
      if (auto it = per_minute.find(t + k * ns_per_minute); it != per_minute.end()) sum += it->second;
    return double(sum);
  };
  std::vector<window> spikes;
  for (const auto& [t, n] : per_minute) {
    if (around(t) < threshold) continue;
    if (!spikes.empty() && t - spikes.back().end <= 2 * ns_per_minute) spikes.back().end = t + ns_per_minute;
    else spikes.push_back({t, t + ns_per_minute});
  }
  return spikes;
}

/// task-6: writes an SVG chart of requests per minute to `svg_path`, with the error spikes shaded.
inline void write_traffic_chart(const std::string& path, const std::string& svg_path) {
  std::vector<timestamp_ns> minutes;
  std::vector<double> counts;
  for (const auto& [t, n] : requests_per_minute(path)) {
    minutes.push_back(t);
    counts.push_back(double(n));
  }
  aiops::plot::line_chart chart({.title = "Requests per minute", .y_title = "requests", .width = 1200});
  chart.add_line("requests", minutes, counts);
  for (const auto& spike : error_spikes(path)) chart.add_interval(spike.start, spike.end, "5xx spike");
  std::ofstream(svg_path) << chart.svg();
}

}  // namespace aiops::week03
