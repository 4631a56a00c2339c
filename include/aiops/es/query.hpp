// aiops: a typed builder for the query DSL common to Elasticsearch 8 and OpenSearch 2
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::int64_t
#include <initializer_list>  // std::initializer_list
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es {

/// One query of the DSL, as the JSON object the server reads (`{"term":{"log.level":"error"}}`).
///
///     using namespace aiops::es;
///     query q = bool_query()
///                   .filter(time_range("@timestamp", from, to))
///                   .filter(range("http.response.status_code").gte(500))
///                   .must_not(term("url.path", "/healthz"));
///
/// Build queries with the functions below; `query(json)` wraps any other clause as it is.
class query {
 public:
  /// `match_all`.
  query() : json_(nlohmann::json::object()) { json_["match_all"] = nlohmann::json::object(); }
  /// Any clause, as JSON (`{"wildcard":{"url.path":"/api/*"}}`).
  explicit query(nlohmann::json clause) : json_(std::move(clause)) {}

  const nlohmann::json& json() const noexcept { return json_; }

 private:
  nlohmann::json json_;
};

namespace detail {
// `{kind: body}` as a query: nlohmann's brace lists are ambiguous next to query's own constructors.
inline query clause(const char* kind, nlohmann::json body) {
  nlohmann::json j = nlohmann::json::object();
  j[kind] = std::move(body);
  return query(std::move(j));
}
// `{kind: {field: value}}`.
inline query field_clause(const char* kind, std::string_view field, nlohmann::json value) {
  nlohmann::json body = nlohmann::json::object();
  body[std::string(field)] = std::move(value);
  return clause(kind, std::move(body));
}
}  // namespace detail

/// Every document.
inline query match_all() { return query(); }

/// Documents whose `field` holds exactly `value` (not analysed: use it on keyword, numeric, ip,
/// date and boolean fields).
inline query term(std::string_view field, nlohmann::json value) {
  return detail::field_clause("term", field, std::move(value));
}

/// Documents whose `field` holds any of `values`.
inline query terms(std::string_view field, std::vector<nlohmann::json> values) {
  return detail::field_clause("terms", field, std::move(values));
}

/// Full-text match on an analysed (`text`) field; `all_terms` requires every word (operator and).
inline query match(std::string_view field, std::string_view text, bool all_terms = false) {
  nlohmann::json body = {{"query", std::string(text)}};
  if (all_terms) body["operator"] = "and";
  return detail::field_clause("match", field, std::move(body));
}

/// The words of `text` in this order (`match_phrase`).
inline query match_phrase(std::string_view field, std::string_view text) {
  return detail::field_clause("match_phrase", field, std::string(text));
}

/// Documents that have a value for `field`.
inline query exists(std::string_view field) { return detail::field_clause("exists", "field", std::string(field)); }

/// Documents whose keyword `field` starts with `prefix`.
inline query prefix(std::string_view field, std::string_view prefix) {
  return detail::field_clause("prefix", field, std::string(prefix));
}

/// Lucene query syntax, as typed in Kibana: `status:>=500 AND url.path:"/api/v1/cart"`.
/// `default_fields` are searched by words without a field (empty: the index's default, `*`).
inline query query_string(std::string_view text, std::vector<std::string> default_fields = {}) {
  nlohmann::json body = {{"query", std::string(text)}};
  if (!default_fields.empty()) body["fields"] = std::move(default_fields);
  return detail::clause("query_string", std::move(body));
}

/// A time as the JSON string a `date` field and a `range` on it read: RFC 3339 UTC with milliseconds.
inline nlohmann::json date_value(timestamp_ns t) { return format_rfc3339(t, 3); }

/// A `range` clause, bounds set one by one; converts to `query`.
///
///     range("http.response.status_code").gte(500).lt(600)
///     range("@timestamp").gte("now-15m")            // date math
class range {
 public:
  explicit range(std::string_view field) : field_(field), body_(nlohmann::json::object()) {}

  range& gt(nlohmann::json v) { return bound("gt", std::move(v)); }
  range& gte(nlohmann::json v) { return bound("gte", std::move(v)); }
  range& lt(nlohmann::json v) { return bound("lt", std::move(v)); }
  range& lte(nlohmann::json v) { return bound("lte", std::move(v)); }
  /// The date format of string bounds (`strict_date_optional_time`, `epoch_millis`...).
  range& format(std::string_view f) { return bound("format", std::string(f)); }
  /// The time zone of bounds without one, and of date math rounding (`+08:00`, `Asia/Shanghai`).
  range& time_zone(std::string_view tz) { return bound("time_zone", std::string(tz)); }

  operator query() const { return detail::field_clause("range", field_, body_); }  // NOLINT: a range is a query

 private:
  range& bound(const char* name, nlohmann::json v) {
    body_[name] = std::move(v);
    return *this;
  }
  std::string field_;
  nlohmann::json body_;
};

/// Documents whose date `field` lies in `[from, to)` (epoch nanoseconds, sent as RFC 3339 UTC).
inline query time_range(std::string_view field, timestamp_ns from, timestamp_ns to) {
  return range(field).gte(date_value(from)).lt(date_value(to)).format("strict_date_optional_time");
}

/// A `bool` query: `must` and `should` score, `filter` and `must_not` only select (and are cached).
/// Converts to `query`; an empty one matches everything.
class bool_query {
 public:
  bool_query& must(query q) { return add("must", std::move(q)); }
  bool_query& filter(query q) { return add("filter", std::move(q)); }
  bool_query& should(query q) { return add("should", std::move(q)); }
  bool_query& must_not(query q) { return add("must_not", std::move(q)); }
  /// How many `should` clauses must match (by default 1 when there is no must/filter, else 0).
  bool_query& minimum_should_match(int n) {
    body_["minimum_should_match"] = n;
    return *this;
  }

  operator query() const { return detail::clause("bool", body_); }  // NOLINT: a bool query is a query

 private:
  bool_query& add(const char* occur, query q) {
    body_[occur].push_back(q.json());
    return *this;
  }
  nlohmann::json body_ = nlohmann::json::object();
};

}  // namespace es
AIOPS_END_NAMESPACE
