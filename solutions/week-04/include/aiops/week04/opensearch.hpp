// aiops: week 04, tasks 1-4 (reference solution): index the nginx log into OpenSearch, then answer
// questions with queries and aggregations
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
  aiops::es::client es(es_url);
  es.delete_index(index);
  es.create_index(index, aiops::es::ecs::index_body());

  const auto format = aiops::logs::access_format::nginx(nginx_log_format).value();
  // Two bulk requests in flight; push() waits when the server falls behind.
  aiops::es::bulk_ingester ingester(es_url);
  aiops::es::document doc;
  auto lines = aiops::logs::open_lines(log_path);
  while (auto line = lines.next()) {
    const auto r = format.parse(line->text);
    if (!r || !r->request_line_ok()) continue;
    doc.clear();
    aiops::es::ecs::add(doc, aiops::es::ecs::http_request_of(*r));
    aiops::es::ecs::add_origin(doc, log_path, 0, line->text);
    // The line number as id: indexing the file again replaces the documents instead of doubling them.
    ingester.push({aiops::es::bulk_op::index, index, std::to_string(line->number), doc.json()});
  }
  const aiops::es::bulk_report report = ingester.close();
  if (report.failed > 0) throw aiops::error("week04: documents were rejected: " + report.describe());
  es.refresh(index);
  return es.count(index);
}

/// task-2: the number of requests with status >= 500 in each hour of [from, to), one count per
/// hour (empty hours too), from the index.
inline std::vector<std::int64_t> errors_per_hour(const std::string& es_url, const std::string& index, timestamp_ns from,
                                                 timestamp_ns to) {
  using aiops::es::aggregation;
  aiops::es::search_request r;
  r.size = 0;
  r.query = aiops::es::bool_query()
                .filter(aiops::es::time_range("@timestamp", from, to))
                .filter(aiops::es::range("http.response.status_code").gte(500));
  // min_doc_count 0 and extended_bounds: a bucket for every hour, also the quiet ones.
  r.aggs.emplace_back("per_hour", aggregation::date_histogram("@timestamp")
                                      .fixed_interval("1h")
                                      .min_doc_count(0)
                                      .extended_bounds(from, to - aiops::ns_per_hour));
  std::vector<std::int64_t> counts;
  for (const auto& b : aiops::es::client(es_url).search(index, r).aggs.buckets("per_hour")) counts.push_back(b.doc_count);
  return counts;
}

/// A path and how many requests it had.
struct path_count {
  std::string path;
  std::int64_t count = 0;
};

/// task-3: the `n` paths (`url.path`) with the most requests with status >= 500, most first, ties
/// in ascending path order.
inline std::vector<path_count> top_failing_paths(const std::string& es_url, const std::string& index, int n) {
  aiops::es::search_request r;
  r.size = 0;
  r.query = aiops::es::range("http.response.status_code").gte(500);
  // terms orders by count, then by key: the tie rule asked for.
  r.aggs.emplace_back("paths", aiops::es::aggregation::terms("url.path", n));
  std::vector<path_count> out;
  for (const auto& b : aiops::es::client(es_url).search(index, r).aggs.buckets("paths")) {
    out.push_back({b.key_string(), b.doc_count});
  }
  return out;
}

/// task-4: the 95th percentile of the request time (`event.duration`, nanoseconds) over every
/// request of the index, in seconds.
inline double p95_latency_seconds(const std::string& es_url, const std::string& index) {
  aiops::es::search_request r;
  r.size = 0;
  r.aggs.emplace_back("latency", aiops::es::aggregation::percentiles("event.duration", {95}));
  return aiops::es::client(es_url).search(index, r).aggs.percentile("latency", 95) / 1e9;
}

}  // namespace aiops::week04
