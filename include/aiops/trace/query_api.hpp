// aiops: Zipkin's v2 read API (services, spans, traces, trace by id, dependencies) answered from a trace store
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::all_of
#include <cstdint>      // std::uint64_t
#include <functional>   // std::less (transparent map lookups)
#include <map>          // std::map (query parameters)
#include <optional>     // std::optional
#include <set>          // std::set (sorted distinct names)
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::pair
#include <vector>       // std::vector

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/trace/formats.hpp"
#include "aiops/trace/store.hpp"
#include "aiops/trace/topology.hpp"

AIOPS_BEGIN_NAMESPACE
namespace trace {

/// An answer of the read API, whatever HTTP server sends it.
struct query_answer {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

/// Query parameters by name (decoded).
using query_params = std::map<std::string, std::string, std::less<>>;

namespace detail {

inline query_answer bad_request(std::string message) { return {400, "text/plain", std::move(message)}; }

inline std::string json_strings(const std::set<std::string>& names) { return json(names).dump(-1, ' ', false, json::error_handler_t::replace); }

/// A non-negative integer parameter; nullopt when absent, `bad` set when malformed.
inline std::optional<std::uint64_t> number_param(const query_params& p, std::string_view name, std::string& bad) {
  const auto it = p.find(name);
  if (it == p.end() || it->second.empty()) return std::nullopt;
  const auto v = parse_int(it->second);
  if (!v || *v < 0) {
    bad = std::string(name) + ": expected a non-negative integer, got '" + it->second + "'";
    return std::nullopt;
  }
  return static_cast<std::uint64_t>(*v);
}

inline std::string string_param(const query_params& p, std::string_view name) {
  const auto it = p.find(name);
  return it == p.end() ? std::string() : it->second;
}

/// Traces whose spans all start within [endTs - lookback, endTs] (milliseconds; lookback defaults to
/// endTs, endTs to `now_ms`), as QueryRequest defines the window.
struct time_filter {
  std::uint64_t from_ms = 0;
  std::uint64_t to_ms = 0;
  bool operator()(const std::vector<span>& spans) const {
    return std::all_of(spans.begin(), spans.end(), [this](const span& s) {
      const std::uint64_t ms = s.start_ns / std::uint64_t(ns_per_millisecond);
      return ms >= from_ms && ms <= to_ms;
    });
  }
};

inline std::optional<time_filter> window_params(const query_params& p, std::optional<std::uint64_t> default_end, std::string& bad) {
  const auto end = number_param(p, "endTs", bad);
  const auto lookback = number_param(p, "lookback", bad);
  if (!bad.empty()) return std::nullopt;
  if (!end && !default_end) {
    bad = "endTs is required";
    return std::nullopt;
  }
  const std::uint64_t to = end ? *end : *default_end;
  return time_filter{lookback && *lookback < to ? to - *lookback : 0, to};
}

/// Whether span `s` carries the annotationQuery term `key` or `key=value` (tags; `error` is the error flag and its message).
inline bool has_tag(const span& s, std::string_view term) {
  const auto eq = term.find('=');
  const std::string_view key = term.substr(0, eq);
  if (key == "error") return s.error && (eq == std::string_view::npos || s.status_message == term.substr(eq + 1));
  const otel::any_value* v = otel::find_attribute(s.attributes, key);
  return v != nullptr && (eq == std::string_view::npos || otel::tag_value(*v) == term.substr(eq + 1));
}

/// The filters of GET /api/v2/traces besides the time window.
struct trace_filter {
  std::string service;
  std::string span_name;
  std::optional<std::uint64_t> min_us;
  std::optional<std::uint64_t> max_us;
  std::vector<std::string> terms;  ///< annotationQuery split at " and "

  bool of_service(const span& s) const { return service.empty() || s.service == service; }

  /// One span of the service has the name and duration asked for, and each term is on some span of the service.
  bool operator()(const std::vector<span>& spans) const {
    bool found = false;
    for (const span& s : spans) {
      const std::uint64_t us = s.duration_ns() / 1000;
      found = found || (of_service(s) && (span_name.empty() || s.name == span_name) && (!min_us || us >= *min_us) &&
                        (!max_us || us <= *max_us));
    }
    return found && std::all_of(terms.begin(), terms.end(), [&](const std::string& term) {
             return std::any_of(spans.begin(), spans.end(), [&](const span& s) { return of_service(s) && has_tag(s, term); });
           });
  }
};

inline std::vector<std::string> annotation_terms(std::string_view query) {
  std::vector<std::string> out;
  std::size_t from = 0;
  while (from <= query.size()) {
    const std::size_t at = query.find(" and ", from);
    const std::string_view term = trim(query.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
    if (!term.empty()) out.emplace_back(term);
    if (at == std::string_view::npos) break;
    from = at + 5;
  }
  return out;
}

/// Traces as Zipkin's list of lists.
inline std::string zipkin_traces(const std::vector<std::vector<span>>& traces) {
  std::string out = "[";
  for (const auto& t : traces) out += (out.size() > 1 ? "," : "") + to_zipkin_json(t);
  return out + "]";
}

/// A trace id of 16 or 32 hex digits (64-bit ids are left-padded, as Zipkin stores them).
inline std::optional<trace_id> parse_trace_id(std::string_view hex) {
  if (hex.size() != 16 && hex.size() != 32) return std::nullopt;
  return trace_id::from_hex(std::string(32 - hex.size(), '0') + std::string(hex));
}

inline query_answer traces_answer(const store& db, const query_params& p, std::uint64_t now_ms) {
  std::string bad;
  trace_filter f{string_param(p, "serviceName"), string_param(p, "spanName"), number_param(p, "minDuration", bad),
                 number_param(p, "maxDuration", bad), annotation_terms(string_param(p, "annotationQuery"))};
  const auto limit = number_param(p, "limit", bad);
  const auto window = window_params(p, now_ms, bad);
  if (!bad.empty()) return bad_request(bad);
  if (limit && *limit == 0) return bad_request("limit: must be positive");
  return {200, "application/json", zipkin_traces(db.find([&](const auto& spans) { return (*window)(spans) && f(spans); }, limit ? *limit : 10))};
}

inline query_answer dependencies_answer(const store& db, const query_params& p) {
  std::string bad;
  const auto window = window_params(p, std::nullopt, bad);
  if (!bad.empty()) return bad_request(bad);
  topology_builder b;
  for (auto& spans : db.find(*window)) b.add(build_tree(std::move(spans)));
  json links = json::array();
  for (const auto& e : b.result().edges)
    links.push_back({{"parent", e.caller}, {"child", e.callee}, {"callCount", e.calls}, {"errorCount", e.errors}});
  return {200, "application/json", links.dump(-1, ' ', false, json::error_handler_t::replace)};
}

/// Span names (`name_of` = &span::name) or remote services of the spans of the service `serviceName`.
inline query_answer names_answer(const store& db, const query_params& p, std::string span::*name_of) {
  const std::string service = string_param(p, "serviceName");
  if (service.empty()) return bad_request("serviceName is required");
  std::set<std::string> names;
  for (const auto& spans : db.find([&service](const auto& spans) {
         return std::any_of(spans.begin(), spans.end(), [&service](const span& s) { return s.service == service; });
       }))
    for (const span& s : spans)
      if (s.service == service && !(s.*name_of).empty()) names.insert(s.*name_of);
  return {200, "application/json", json_strings(names)};
}

}  // namespace detail

/// Answers a GET of Zipkin's v2 read API from `db`, so Zipkin's UI and clients (`aiops trace --zipkin`)
/// read a collector's store as they read a Zipkin server. `path` is the request path:
///
/// - `/api/v2/services`: the services that recorded spans;
/// - `/api/v2/spans?serviceName=` and `/api/v2/remoteServices?serviceName=`: span names and peers of a service;
/// - `/api/v2/traces?serviceName=&spanName=&annotationQuery=&minDuration=&maxDuration=&endTs=&lookback=&limit=`:
///   traces whose spans all started in [endTs - lookback, endTs] (ms; endTs defaults to `now_ms`,
///   lookback to endTs, limit to 10), newest first; one span of the service must have the name and
///   the duration (µs) asked for, and each annotationQuery term (`key` or `key=value`, joined by
///   ` and `) must be a tag of a span of the service;
/// - `/api/v2/trace/{traceId}` (404 when not held) and `/api/v2/traceMany?traceIds=a,b`;
/// - `/api/v2/dependencies?endTs=&lookback=`: the calls between services as Zipkin's dependency
///   links, from the traces of the window (the edges of build_topology()).
///
/// Malformed parameters answer 400 with a plain-text reason, other paths 404.
///
///     auto a = aiops::trace::zipkin_query(db, "/api/v2/traces", {{"serviceName", "orders"}, {"limit", "5"}}, now_ms);
inline query_answer zipkin_query(const store& db, std::string_view path, const query_params& params, std::uint64_t now_ms) {
  constexpr std::string_view one_trace = "/api/v2/trace/";
  if (path == "/api/v2/services") {
    const auto names = db.services();
    return {200, "application/json", detail::json_strings({names.begin(), names.end()})};
  }
  if (path == "/api/v2/spans") return detail::names_answer(db, params, &span::name);
  if (path == "/api/v2/remoteServices") return detail::names_answer(db, params, &span::remote_service);
  if (path == "/api/v2/traces") return detail::traces_answer(db, params, now_ms);
  if (path == "/api/v2/dependencies") return detail::dependencies_answer(db, params);
  if (path.substr(0, one_trace.size()) == one_trace) {
    const std::string_view hex = path.substr(one_trace.size());
    const auto id = detail::parse_trace_id(hex);
    if (!id) return detail::bad_request("traceId: expected 16 or 32 hex digits, got '" + std::string(hex) + "'");
    auto spans = db.trace(*id);
    if (spans.empty()) return {404, "text/plain", "trace " + std::string(hex) + " not found"};
    return {200, "application/json", to_zipkin_json(spans)};
  }
  if (path == "/api/v2/traceMany") {
    std::vector<std::vector<span>> found;
    const std::string ids = detail::string_param(params, "traceIds");
    for (const auto hex : split(ids, ',')) {
      const auto id = detail::parse_trace_id(trim(hex));
      if (!id) return detail::bad_request("traceIds: expected ids of 16 or 32 hex digits, got '" + std::string(hex) + "'");
      if (auto spans = db.trace(*id); !spans.empty()) found.push_back(std::move(spans));
    }
    return {200, "application/json", detail::zipkin_traces(found)};
  }
  return {404, "text/plain", "no such endpoint: " + std::string(path)};
}

}  // namespace trace
AIOPS_END_NAMESPACE
