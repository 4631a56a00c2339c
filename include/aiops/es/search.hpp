// aiops: search requests and responses (_search): query, sort, paging, source filtering, aggregations
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>      // std::int64_t
#include <limits>       // std::numeric_limits
#include <optional>     // std::optional
#include <string>       // std::string
#include <utility>      // std::move, std::pair
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/es/aggs.hpp"
#include "aiops/es/detail/answer.hpp"
#include "aiops/es/query.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es {

/// One sort criterion: a field (or `_score`, `_doc`), ascending by default.
struct sort_key {
  std::string field;
  bool descending = false;
};

/// The body of a `_search`.
///
///     aiops::es::search_request r;
///     r.query = aiops::es::term("http.response.status_code", 503);
///     r.size = 20;
///     r.sort = {{"@timestamp", true}};
///     r.source_includes = {"@timestamp", "url.path"};
///     r.aggs.emplace_back("paths", aiops::es::aggregation::terms("url.path"));
struct search_request {
  es::query query;                      ///< match_all by default
  std::int64_t size = 10;               ///< hits to return (0 for aggregations only)
  std::int64_t from = 0;                ///< hits to skip; from + size is at most 10000 by default (use for_each_hit)
  std::vector<sort_key> sort;           ///< empty: by score
  std::vector<std::string> source_includes;  ///< empty: the whole `_source`
  bool source = true;                   ///< false: no `_source` at all
  std::vector<std::pair<std::string, aggregation>> aggs;
  /// true: count every match exactly (both servers stop at 10000 by default).
  bool track_total_hits = true;
  std::optional<nlohmann::json> search_after;  ///< the `sort` values of the last hit of the previous page

  nlohmann::json to_json() const {
    nlohmann::json j = {{"query", query.json()}, {"size", size}, {"track_total_hits", track_total_hits}};
    if (from != 0) j["from"] = from;
    if (!sort.empty()) {
      for (const auto& k : sort) j["sort"].push_back({{k.field, {{"order", k.descending ? "desc" : "asc"}}}});
    }
    if (!source) {
      j["_source"] = false;
    } else if (!source_includes.empty()) {
      j["_source"] = {{"includes", source_includes}};
    }
    for (const auto& [name, a] : aggs) j["aggs"][name] = a.to_json();
    if (search_after) j["search_after"] = *search_after;
    return j;
  }
};

/// One hit: where it is, its score, its `_source` and its sort values.
struct hit {
  std::string index;
  std::string id;
  double score = std::numeric_limits<double>::quiet_NaN();  ///< NaN when sorted by something else
  nlohmann::json source;                                     ///< the document (null when not asked for)
  nlohmann::json sort;                                       ///< the sort values (for search_after)
};

/// What `_search` answered.
struct search_response {
  std::int64_t took_ms = 0;
  bool timed_out = false;
  std::int64_t total = 0;     ///< matching documents
  bool total_exact = true;    ///< false when `total` is a lower bound (relation "gte")
  std::vector<hit> hits;
  es::aggregations aggs;
  std::string pit_id;         ///< the point in time to use for the next page, when searching one
  std::string scroll_id;      ///< the scroll to continue, when scrolling

  /// Reads a `_search` (or scroll) response body.
  /// @throws answer_error when a field has the wrong type (`"took":"x"`, `"hits":[]`).
  static search_response from_json(const nlohmann::json& j) {
    search_response r;
    r.took_ms = detail::field(j, "took", std::int64_t{0});
    r.timed_out = detail::field(j, "timed_out", false);
    r.pit_id = detail::field(j, "pit_id", std::string());
    r.scroll_id = detail::field(j, "_scroll_id", std::string());
    if (const nlohmann::json* h = detail::object_field(j, "hits")) {
      if (const nlohmann::json* t = detail::member(*h, "total", "hits")) {
        if (t->is_object()) {  // {"value": N, "relation": "eq"} since 7.0
          r.total = detail::field(*t, "value", std::int64_t{0}, "hits.total");
          r.total_exact = detail::field(*t, "relation", std::string("eq"), "hits.total") == "eq";
        } else {  // a plain number, before 7.0 or with rest_total_hits_as_int
          r.total = detail::as<std::int64_t>(*t, "hits.total");
        }
      }
      if (const nlohmann::json* list = detail::array_field(*h, "hits", "hits")) {
        r.hits.reserve(list->size());
        for (std::size_t i = 0; i < list->size(); ++i) {
          const std::string path = "hits.hits[" + std::to_string(i) + "]";
          const nlohmann::json& x = detail::as_object((*list)[i], path);
          hit one;
          one.index = detail::field(x, "_index", std::string(), path);
          one.id = detail::field(x, "_id", std::string(), path);
          one.score = detail::field(x, "_score", one.score, path);
          if (const auto s = x.find("_source"); s != x.end()) one.source = *s;
          if (const auto s = x.find("sort"); s != x.end()) one.sort = *s;
          r.hits.push_back(std::move(one));
        }
      }
    }
    if (const nlohmann::json* a = detail::object_field(j, "aggregations")) r.aggs = es::aggregations(*a);
    return r;
  }
};

}  // namespace es
AIOPS_END_NAMESPACE
