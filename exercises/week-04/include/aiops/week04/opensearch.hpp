// aiops: week 04, tasks 1-4 (your code): index the nginx log into OpenSearch, then answer questions
// with queries and aggregations
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>  // std::int64_t
#include <string>   // std::string
#include <vector>   // std::vector

#include <aiops/core.hpp>
#include <aiops/es.hpp>
#include <aiops/logs.hpp>

namespace aiops::week04 {

/// The nginx `log_format` of datasets/nginx/access.log (`combined` plus `$request_time`).
inline constexpr const char* nginx_log_format =
    R"($remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time)";

/// task-1: (re)creates `index` on the server at `es_url` with the ECS mappings of
/// `aiops::es::ecs::index_body()`, indexes one document per valid line of the nginx log at
/// `log_path` (the line parses with `nginx_log_format` and its request line is well formed) with
/// the ECS field names of README, makes it searchable, and returns how many documents the index holds.
inline std::int64_t index_access_log(const std::string& es_url, const std::string& index, const std::string& log_path) {
  // TODO(week-04): see README, task 1.
  (void)es_url, (void)index, (void)log_path;
  throw aiops::not_implemented("week04::index_access_log");
}

/// task-2: the number of requests with status >= 500 in each hour of [from, to), one count per
/// hour (empty hours too), from the index.
inline std::vector<std::int64_t> errors_per_hour(const std::string& es_url, const std::string& index, timestamp_ns from,
                                                 timestamp_ns to) {
  // TODO(week-04): see README, task 2.
  (void)es_url, (void)index, (void)from, (void)to;
  throw aiops::not_implemented("week04::errors_per_hour");
}

/// A path and how many requests it had.
struct path_count {
  std::string path;
  std::int64_t count = 0;
};

/// task-3: the `n` paths (`url.path`) with the most requests with status >= 500, most first, ties
/// in ascending path order.
inline std::vector<path_count> top_failing_paths(const std::string& es_url, const std::string& index, int n) {
  // TODO(week-04): see README, task 3.
  (void)es_url, (void)index, (void)n;
  throw aiops::not_implemented("week04::top_failing_paths");
}

/// task-4: the 95th percentile of the request time (`event.duration`, nanoseconds) over every
/// request of the index, in seconds.
inline double p95_latency_seconds(const std::string& es_url, const std::string& index) {
  // TODO(week-04): see README, task 4.
  (void)es_url, (void)index;
  throw aiops::not_implemented("week04::p95_latency_seconds");
}

}  // namespace aiops::week04
