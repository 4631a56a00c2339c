// aiops: Elastic Common Schema (ECS) names for log events, and an index mapping for them
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>        // std::isnan, std::llround
#include <cstdint>      // std::int64_t
#include <limits>       // std::numeric_limits
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/es/client.hpp"
#include "aiops/es/document.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es::ecs {

/// One HTTP request of an access log, in the terms ECS has for it. Empty views, a negative byte
/// count, a zero status and a NaN duration mean "not in the log" and are left out.
struct http_request {
  std::optional<timestamp_ns> time;  ///< `@timestamp`
  std::string_view source_ip;        ///< `source.ip`
  std::string_view user_name;        ///< `user.name`
  std::string_view method;           ///< `http.request.method`
  std::string_view path;             ///< `url.path`
  std::string_view query;            ///< `url.query` (without `?`)
  std::string_view protocol;         ///< `http.version` ("HTTP/1.1" is written as "1.1")
  std::string_view referrer;         ///< `http.request.referrer`
  std::string_view user_agent;       ///< `user_agent.original`
  int status = 0;                    ///< `http.response.status_code`
  std::int64_t body_bytes = -1;      ///< `http.response.body.bytes`
  double duration_seconds = std::numeric_limits<double>::quiet_NaN();  ///< `event.duration`, in nanoseconds
};

/// The ECS fields of a parsed access-log line: `record` is a `logs::access_record` (taken as a
/// template, so that this module does not depend on logs). The views point into `record`, which
/// must outlive the result.
///
///     if (const auto r = format.parse(line)) ecs::add(doc, ecs::http_request_of(*r));
template <class AccessRecord>
http_request http_request_of(const AccessRecord& record) {
  http_request h;
  if (record.has_time()) h.time = record.time();
  h.source_ip = record.remote_addr();
  h.user_name = record.remote_user();
  h.method = record.method();
  h.path = record.path();
  h.query = record.query();
  h.protocol = record.protocol();
  h.referrer = record.referer();
  h.user_agent = record.user_agent();
  h.status = record.status();
  h.body_bytes = record.bytes();
  h.duration_seconds = record.request_time();
  return h;
}

/// Sets the ECS fields of `r` in `doc`.
inline void add(document& doc, const http_request& r) {
  if (r.time) doc.set_time("@timestamp", *r.time);
  if (!r.source_ip.empty()) doc.set("source.ip", r.source_ip);
  if (!r.user_name.empty()) doc.set("user.name", r.user_name);
  if (!r.method.empty()) doc.set("http.request.method", r.method);
  if (!r.path.empty()) doc.set("url.path", r.path);
  if (!r.query.empty()) doc.set("url.query", r.query);
  if (!r.protocol.empty()) {
    std::string_view v = r.protocol;
    if (v.substr(0, 5) == "HTTP/") v.remove_prefix(5);
    doc.set("http.version", v);
  }
  if (!r.referrer.empty()) doc.set("http.request.referrer", r.referrer);
  if (!r.user_agent.empty()) doc.set("user_agent.original", r.user_agent);
  if (r.status != 0) doc.set("http.response.status_code", r.status);
  if (r.body_bytes >= 0) doc.set("http.response.body.bytes", r.body_bytes);
  if (!std::isnan(r.duration_seconds)) doc.set("event.duration", std::llround(r.duration_seconds * 1e9));
}

/// Where a line came from: `log.file.path`, `log.offset` (its first byte in the file) and the line
/// itself as `message`.
inline void add_origin(document& doc, std::string_view file_path, std::int64_t offset, std::string_view line) {
  doc.set("message", line);
  doc.set("log.file.path", file_path);
  doc.set("log.offset", offset);
}

/// Mappings (`{"properties": ...}`) for log events in ECS: the access-log fields above, `log.*`,
/// `message`, `event.*`, `host.hostname`, `process.*`, `tags`, `error.message`. Other strings
/// become `keyword` (up to 1024 bytes), so a logfmt or JSON line's own fields can be aggregated.
/// `source.ip` ignores malformed addresses instead of rejecting the document.
inline nlohmann::json mappings() {
  const nlohmann::json keyword = {{"type", "keyword"}, {"ignore_above", 1024}};
  const nlohmann::json long_ = {{"type", "long"}};
  const auto object = [](nlohmann::json properties) { return nlohmann::json{{"properties", std::move(properties)}}; };
  return {
      {"dynamic_templates",
       nlohmann::json::array({{{"strings_as_keywords", {{"match_mapping_type", "string"}, {"mapping", keyword}}}}})},
      {"properties",
       {{"@timestamp", {{"type", "date"}}},
        {"message", {{"type", "text"}}},
        {"tags", keyword},
        {"log", object({{"file", object({{"path", keyword}})}, {"offset", long_}, {"level", keyword}})},
        {"event", object({{"id", keyword}, {"duration", long_}, {"dataset", keyword}, {"original", {{"type", "text"}, {"index", false}}}})},
        {"error", object({{"message", {{"type", "text"}}}})},
        {"source", object({{"ip", {{"type", "ip"}, {"ignore_malformed", true}}}})},
        {"user", object({{"name", keyword}})},
        {"http", object({{"version", keyword},
                         {"request", object({{"method", keyword}, {"referrer", keyword}})},
                         {"response", object({{"status_code", long_}, {"body", object({{"bytes", long_}})}})}})},
        {"url", object({{"path", keyword}, {"query", keyword}})},
        {"user_agent", object({{"original", {{"type", "keyword"}, {"ignore_above", 1024}, {"fields", {{"text", {{"type", "text"}}}}}}}})},
        {"host", object({{"hostname", keyword}})},
        {"process", object({{"name", keyword}, {"pid", long_}})}}}};
}

/// The body of `create_index` for ECS log events: `mappings()`, one shard, and `replicas`
/// replicas (0 on a single node, so that the index is green).
inline nlohmann::json index_body(int replicas = 0) {
  return {{"settings", {{"number_of_shards", 1}, {"number_of_replicas", replicas}}}, {"mappings", mappings()}};
}

/// An index template giving `mappings()` to every new index matching `patterns`.
inline index_template log_template(std::vector<std::string> patterns, int replicas = 0) {
  index_template t;
  t.index_patterns = std::move(patterns);
  t.settings = {{"number_of_shards", 1}, {"number_of_replicas", replicas}};
  t.mappings = mappings();
  return t;
}

}  // namespace es::ecs
AIOPS_END_NAMESPACE
