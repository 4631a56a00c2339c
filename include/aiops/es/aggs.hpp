// aiops: aggregations: a typed builder for the request and typed results (buckets, metrics, percentiles)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::sort
#include <cmath>        // std::isnan
#include <cstdint>      // std::int64_t
#include <limits>       // std::numeric_limits
#include <stdexcept>    // std::invalid_argument, std::out_of_range
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move, std::pair
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/core/time.hpp"
#include "aiops/es/detail/answer.hpp"
#include "aiops/es/error.hpp"
#include "aiops/es/query.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es {

/// One aggregation of a search request, with its sub-aggregations.
///
///     auto per_hour = aggregation::date_histogram("@timestamp").fixed_interval("1h").min_doc_count(0);
///     auto failing = aggregation::terms("url.path", 10)
///                        .sub("p95", aggregation::percentiles("event.duration", {95}));
///     request.aggs.emplace_back("per_hour", per_hour);
///
/// Options that do not belong to the kind (`fixed_interval` on `terms`) throw `std::invalid_argument`.
class aggregation {
 public:
  /// Buckets per distinct value of a keyword, numeric or ip field, the `size` most frequent first.
  static aggregation terms(std::string_view field, int size = 10) {
    aggregation a("terms", field);
    a.body_["size"] = size;
    return a;
  }
  /// Buckets per time interval; set `fixed_interval` or `calendar_interval` (one is required).
  static aggregation date_histogram(std::string_view field) { return aggregation("date_histogram", field); }
  /// Buckets of width `interval` over a numeric field.
  static aggregation histogram(std::string_view field, double interval) {
    aggregation a("histogram", field);
    a.body_["interval"] = interval;
    return a;
  }
  /// Percentiles (`{50, 95, 99}`) of a numeric field; approximate (t-digest) on the server.
  static aggregation percentiles(std::string_view field, std::vector<double> percents) {
    aggregation a("percentiles", field);
    a.body_["percents"] = std::move(percents);
    return a;
  }
  static aggregation avg(std::string_view field) { return aggregation("avg", field); }
  static aggregation sum(std::string_view field) { return aggregation("sum", field); }
  static aggregation min(std::string_view field) { return aggregation("min", field); }
  static aggregation max(std::string_view field) { return aggregation("max", field); }
  /// How many values (not distinct) the field has.
  static aggregation value_count(std::string_view field) { return aggregation("value_count", field); }
  /// Count, min, max, avg and sum in one.
  static aggregation stats(std::string_view field) { return aggregation("stats", field); }
  /// Distinct values, approximately (HyperLogLog++); exact in practice below `precision_threshold`.
  static aggregation cardinality(std::string_view field) { return aggregation("cardinality", field); }
  /// One bucket of the documents that match `q` (for sub-aggregations of a subset).
  static aggregation filter(const query& q) {
    aggregation a("filter");
    a.body_ = q.json();
    return a;
  }
  /// Buckets over numeric ranges `[from, to)`; use NaN for an open end.
  static aggregation range(std::string_view field, const std::vector<std::pair<double, double>>& ranges) {
    aggregation a("range", field);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [from, to] : ranges) {
      nlohmann::json r = nlohmann::json::object();
      if (!std::isnan(from)) r["from"] = from;
      if (!std::isnan(to)) r["to"] = to;
      list.push_back(std::move(r));
    }
    a.body_["ranges"] = std::move(list);
    return a;
  }

  /// terms: how many buckets.
  aggregation& size(int n) { return option("size", n, {"terms"}); }
  /// terms, histograms: order buckets by `key` (`_count`, `_key`, or a single-value sub-aggregation).
  aggregation& order(std::string_view key, bool ascending) {
    return option("order", nlohmann::json{{std::string(key), ascending ? "asc" : "desc"}},
                  {"terms", "date_histogram", "histogram"});
  }
  /// terms, histograms: leave out buckets with fewer documents (0 gives empty time buckets too).
  aggregation& min_doc_count(std::int64_t n) { return option("min_doc_count", n, {"terms", "date_histogram", "histogram"}); }
  /// date_histogram: a fixed length, `ms s m h d` only (`90s`, `1h`, `7d`).
  aggregation& fixed_interval(std::string_view interval) {
    return option("fixed_interval", std::string(interval), {"date_histogram"});
  }
  /// date_histogram: a calendar unit that follows the time zone (`1M`, `1w`, `1d`, `1h`; quantity 1).
  aggregation& calendar_interval(std::string_view interval) {
    return option("calendar_interval", std::string(interval), {"date_histogram"});
  }
  /// date_histogram: buckets from `from` to `to` (inclusive ends) even where empty; with min_doc_count(0).
  aggregation& extended_bounds(timestamp_ns from, timestamp_ns to) {
    return option("extended_bounds", nlohmann::json{{"min", from / ns_per_millisecond}, {"max", to / ns_per_millisecond}},
                  {"date_histogram"});
  }
  /// date_histogram: the zone of calendar units and of `key_as_string`.
  aggregation& time_zone(std::string_view tz) { return option("time_zone", std::string(tz), {"date_histogram"}); }
  /// The value used for documents without the field.
  aggregation& missing(nlohmann::json value) {
    return option("missing", std::move(value), {"terms", "histogram", "date_histogram", "percentiles", "avg", "sum",
                                                "min", "max", "stats", "cardinality"});
  }
  /// cardinality: counts are exact (hash collisions aside) up to this many values; at most 40000.
  aggregation& precision_threshold(std::int64_t n) { return option("precision_threshold", n, {"cardinality"}); }
  /// Any other option of this aggregation's body, unchecked (`shard_size`, `include`, `keyed`...).
  aggregation& set(std::string_view name, nlohmann::json value) {
    body_[std::string(name)] = std::move(value);
    return *this;
  }

  /// Adds a sub-aggregation, computed inside each bucket of this one.
  aggregation& sub(std::string name, aggregation a) {
    subs_.emplace_back(std::move(name), std::move(a));
    return *this;
  }

  const std::string& kind() const noexcept { return kind_; }

  /// `{"<kind>": {...}, "aggs": {...}}`, what goes under the aggregation's name in a request.
  nlohmann::json to_json() const {
    nlohmann::json j = {{kind_, body_}};
    for (const auto& [name, a] : subs_) j["aggs"][name] = a.to_json();
    return j;
  }

 private:
  explicit aggregation(std::string kind) : kind_(std::move(kind)), body_(nlohmann::json::object()) {}
  aggregation(std::string kind, std::string_view field) : aggregation(std::move(kind)) {
    body_["field"] = std::string(field);
  }

  aggregation& option(const char* name, nlohmann::json value, std::initializer_list<std::string_view> kinds) {
    bool allowed = false;
    for (std::string_view k : kinds) allowed = allowed || k == kind_;
    if (!allowed) {
      throw std::invalid_argument(std::string("aiops::es::aggregation: ") + name + " does not apply to " + kind_);
    }
    body_[name] = std::move(value);
    return *this;
  }

  std::string kind_;
  nlohmann::json body_;
  std::vector<std::pair<std::string, aggregation>> subs_;
};

struct bucket;

/// The `aggregations` object of a search response (or of one bucket), read by name and kind.
///
///     for (const auto& b : response.aggs.buckets("per_hour"))
///       std::cout << format_rfc3339(b.key_time()) << " " << b.doc_count << " "
///                 << b.aggs.percentiles("p95").at(95) << "\n";
///
/// Asking for a name that is not there, or as the wrong kind, throws `std::out_of_range` naming
/// the aggregations that are there; a member of the wrong type (`"doc_count":"x"`) throws
/// `answer_error` naming it.
class aggregations {
 public:
  aggregations() = default;
  explicit aggregations(nlohmann::json raw) : json_(raw.is_object() ? std::move(raw) : nlohmann::json::object()) {}

  bool contains(std::string_view name) const { return json_.contains(name); }
  const nlohmann::json& raw() const noexcept { return json_; }

  /// A single-value metric (avg, sum, min, max, value_count, cardinality); NaN when the server says
  /// null (avg, min and max of no documents).
  double value(std::string_view name) const {
    need(name, "value");
    return number(name, "value");
  }

  /// A `stats` aggregation; min, max and avg are NaN over no documents.
  struct stats_result {
    std::int64_t count = 0;
    double min = 0, max = 0, avg = 0, sum = 0;
  };
  stats_result stats(std::string_view name) const {
    return {count(name, "count"), number(name, "min"), number(name, "max"), number(name, "avg"), number(name, "sum")};
  }

  /// Bucket aggregations (terms, date_histogram, histogram, range), in the server's order.
  std::vector<bucket> buckets(std::string_view name) const;

  /// terms: how many documents fell in buckets that were not returned.
  std::int64_t sum_other_doc_count(std::string_view name) const {
    return count(name, "sum_other_doc_count");
  }

  /// A single-bucket aggregation (filter): its document count and sub-aggregations.
  std::int64_t doc_count(std::string_view name) const { return count(name, "doc_count"); }
  aggregations sub(std::string_view name) const { return aggregations(detail::as_object(find(name), path(name))); }

  /// Percentiles as (percent, value) pairs, ascending; NaN values when there were no documents.
  std::vector<std::pair<double, double>> percentiles(std::string_view name) const {
    const nlohmann::json& values = need(name, "values");
    const std::string at = path(name) + ".values";
    std::vector<std::pair<double, double>> out;
    if (values.is_object()) {  // keyed (the default): {"95.0": 123.4}
      for (const auto& [key, v] : values.items()) {
        const auto percent = parse_double(key);
        if (!percent) throw answer_error(at, "has the key \"" + key + "\", which is not a percent");
        out.emplace_back(*percent, detail::field(values, key, nan, at));
      }
    } else if (values.is_array()) {  // keyed: false: [{"key": 95.0, "value": 123.4}]
      for (std::size_t i = 0; i < values.size(); ++i) {
        const std::string item = at + "[" + std::to_string(i) + "]";
        out.emplace_back(detail::required_field<double>(values[i], "key", item), detail::field(values[i], "value", nan, item));
      }
    } else {
      throw answer_error(at, "is " + detail::describe_value(values) + ", expected an object or an array");
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  /// One percentile of `percentiles(name)`. @throws std::out_of_range when it was not requested.
  double percentile(std::string_view name, double percent) const {
    for (const auto& [p, v] : percentiles(name)) {
      if (p == percent) return v;
    }
    throw std::out_of_range("aiops::es::aggregations: percentile " + std::to_string(percent) + " of '" +
                            std::string(name) + "' was not requested");
  }

 private:
  const nlohmann::json& find(std::string_view name) const {
    const auto it = json_.find(name);
    if (it == json_.end()) throw std::out_of_range("aiops::es::aggregations: no aggregation '" + std::string(name) + "'" + known());
    return *it;
  }
  const nlohmann::json& need(std::string_view name, const char* member) const {
    const nlohmann::json& a = detail::as_object(find(name), path(name));
    const auto it = a.find(member);
    if (it == a.end()) {
      throw std::out_of_range("aiops::es::aggregations: '" + std::string(name) + "' has no " + member +
                              " (wrong kind of aggregation?)");
    }
    return *it;
  }
  // A number member; NaN when the server says null (avg, min and max of no documents).
  double number(std::string_view name, const char* member) const { return detail::field(find(name), member, nan, path(name)); }
  std::int64_t count(std::string_view name, const char* member) const {
    need(name, member);
    return detail::required_field<std::int64_t>(find(name), member, path(name));
  }
  static std::string path(std::string_view name) { return "aggregations." + std::string(name); }
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

  std::string known() const {
    std::string names;
    for (const auto& [key, value] : json_.items()) names += (names.empty() ? "" : ", ") + key;
    return names.empty() ? "; the response has none" : "; it has: " + names;
  }

  nlohmann::json json_ = nlohmann::json::object();
};

/// One bucket: its key, its document count and its sub-aggregations.
struct bucket {
  nlohmann::json key;          ///< a string (terms on keywords), a number (terms on numbers, histograms), epoch ms (date_histogram)
  std::string key_as_string;   ///< the server's text for the key (dates, ips, ranges); may be empty
  std::int64_t doc_count = 0;
  aggregations aggs;           ///< the sub-aggregations

  /// The key as text: strings as they are, numbers as the server wrote them or `key_as_string`.
  std::string key_string() const {
    if (key.is_string()) return key.get<std::string>();
    if (!key_as_string.empty()) return key_as_string;
    if (key.is_number_integer()) return std::to_string(key.get<std::int64_t>());
    return key.dump();
  }
  /// A numeric key. @throws std::invalid_argument when the key is not a number.
  double key_number() const {
    if (!key.is_number()) throw std::invalid_argument("aiops::es::bucket: key " + key.dump() + " is not a number");
    return key.get<double>();
  }
  /// A date_histogram key (epoch milliseconds) as epoch nanoseconds.
  /// @throws std::invalid_argument when the key is not a whole number of milliseconds of 1678-2261.
  timestamp_ns key_time() const {
    constexpr std::int64_t limit = std::numeric_limits<std::int64_t>::max() / ns_per_millisecond;
    if (!key.is_number_integer() || key.get<std::int64_t>() > limit || key.get<std::int64_t>() < -limit) {
      throw std::invalid_argument("aiops::es::bucket: key " + key.dump() + " is not a time");
    }
    return key.get<std::int64_t>() * ns_per_millisecond;
  }
};

inline std::vector<bucket> aggregations::buckets(std::string_view name) const {
  const nlohmann::json& list = need(name, "buckets");
  const std::string at = path(name) + ".buckets";
  std::vector<bucket> out;
  const auto read = [&out](const nlohmann::json& b, const std::string* keyed_name, const std::string& path) {
    detail::as_object(b, path);
    bucket x;
    if (const auto k = b.find("key"); k != b.end()) {
      x.key = *k;
    } else if (keyed_name != nullptr) {
      x.key = *keyed_name;
    }
    x.key_as_string = detail::field(b, "key_as_string", std::string(), path);
    x.doc_count = detail::field(b, "doc_count", std::int64_t{0}, path);
    nlohmann::json subs = nlohmann::json::object();
    for (const auto& [k, v] : b.items()) {
      if (v.is_object() && k != "key") subs[k] = v;
    }
    x.aggs = aggregations(std::move(subs));
    out.push_back(std::move(x));
  };
  if (list.is_array()) {
    out.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) read(list[i], nullptr, at + "[" + std::to_string(i) + "]");
  } else {  // keyed buckets (range and filters with keyed: true)
    for (const auto& [k, b] : detail::as_object(list, at).items()) read(b, &k, at + "." + k);
  }
  return out;
}

}  // namespace es
AIOPS_END_NAMESPACE
