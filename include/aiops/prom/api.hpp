// aiops: the Prometheus HTTP API client (query, query_range, series, labels, targets, rules, alerts), also for VictoriaMetrics
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>       // std::snprintf: times as seconds with milliseconds
#include <map>          // std::map: label_map
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <type_traits>  // std::invoke_result_t
#include <utility>      // std::move
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/http/client.hpp"
#include "aiops/http/error.hpp"
#include "aiops/prom/parser.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

/// Labels of a series as the API returns them (`__name__` included), sorted by name.
using label_map = std::map<std::string, std::string>;

/// A value at a time (Unix seconds).
struct point {
  double time = 0;
  double value = 0;
};

/// One series of an instant vector.
struct instant_sample {
  label_map metric;
  point at;
};

/// One series of a range matrix.
struct range_series {
  label_map metric;
  std::vector<point> points;
};

/// `resultType` of a query.
enum class result_type { vector, matrix, scalar, string };

/// A query's answer, typed by `type`: `vector`, `matrix`, `scalar` (in `scalar`) or `string` (in `string`).
struct query_result {
  result_type type = result_type::vector;
  std::vector<instant_sample> vector;
  std::vector<range_series> matrix;
  point scalar;
  std::string string;
  std::vector<std::string> warnings;
};

/// An error the server reported in its JSON: `errorType` (`bad_data`, `execution`, `timeout` from
/// Prometheus; the HTTP status such as `422` from VictoriaMetrics) and `error`.
class api_error : public http::http_error {
 public:
  api_error(const http::response& r, std::string error_type, std::string error_text)
      : http_error(errc::http, r.method, r.url, r.status, r.attempts,
                   error_type.empty() ? error_text : error_type + ": " + error_text, r.body),
        error_type_(std::move(error_type)),
        error_text_(std::move(error_text)) {}
  /// The server's `errorType`.
  const std::string& error_type() const noexcept { return error_type_; }
  /// The server's `error`.
  const std::string& error_text() const noexcept { return error_text_; }

 private:
  std::string error_type_;
  std::string error_text_;
};

/// A scrape target (`/api/v1/targets`, active ones).
struct target {
  label_map labels;            ///< after relabelling: job, instance...
  label_map discovered_labels;
  std::string scrape_url;
  std::string health;          ///< "up", "down", "unknown"
  std::string last_error;
  double last_scrape_duration = 0;  ///< seconds
};

/// A rule of a rule group (`/api/v1/rules`).
struct rule {
  std::string name;
  std::string query;
  std::string type;    ///< "alerting" or "recording"
  std::string health;  ///< "ok", "err", "unknown"
  std::string state;   ///< alerting rules: "inactive", "pending", "firing"
  label_map labels;
};

/// A rule group and its rules.
struct rule_group {
  std::string name;
  std::string file;
  std::vector<rule> rules;
};

/// An active alert (`/api/v1/alerts`).
struct alert {
  label_map labels;
  label_map annotations;
  std::string state;      ///< "pending" or "firing"
  std::string active_at;  ///< RFC 3339
  std::string value;
};

namespace detail {

inline std::string seconds_text(double t) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f", t);
  return buf;
}

inline label_map to_labels(const nlohmann::json& j) {
  label_map out;
  if (j.is_object())
    for (const auto& [k, v] : j.items()) out[k] = v.is_string() ? v.get<std::string>() : v.dump();
  return out;
}

// [time, "value"] as Prometheus and VictoriaMetrics write them; values may be "NaN", "+Inf".
inline point to_point(const nlohmann::json& j) {
  if (!j.is_array() || j.size() != 2 || !j[0].is_number() || !j[1].is_string()) {
    throw error("aiops::prom: unexpected sample in the API answer: " + j.dump());
  }
  const auto v = parse_float(j[1].get_ref<const std::string&>());
  if (!v) throw error("aiops::prom: unexpected sample value in the API answer: " + j.dump());
  return {j[0].get<double>(), *v};
}

inline std::string text_of(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Throws unless `j` is an object: reading a member of anything else would throw json::type_error.
inline const nlohmann::json& object_at(const nlohmann::json& j, const std::string& where) {
  if (!j.is_object()) throw error("aiops::prom: " + where + " is " + j.type_name() + ", expected an object");
  return j;
}

// The member `key` of the object `j` when it is an array; an empty array when it is absent or null.
inline const nlohmann::json& array_in(const nlohmann::json& j, const char* key, const std::string& where) {
  static const nlohmann::json none = nlohmann::json::array();
  const auto it = object_at(j, where).find(key);
  if (it == j.end() || it->is_null()) return none;
  if (!it->is_array()) throw error("aiops::prom: " + where + "." + key + " is " + it->type_name() + ", expected an array");
  return *it;
}

// The labels in member `key` of the object `j` (values that are not strings kept as JSON text).
inline label_map labels_in(const nlohmann::json& j, const char* key, const std::string& where) {
  const auto it = object_at(j, where).find(key);
  return it == j.end() ? label_map() : to_labels(*it);
}

// What a reader of the `data` of an answer returns.
template <class Read>
using read_result = std::invoke_result_t<Read&, const nlohmann::json&>;

// The `data` of a `"status":"success"` answer (its `warnings` in `warnings`).
// @throws api_error for the server's own error; http::http_error for anything else.
inline nlohmann::json api_data(const http::response& res, std::vector<std::string>& warnings) {
  auto j = http::parse_json_answer(res.body);
  if (j.is_object() && text_of(j, "status") == "error") throw api_error(res, text_of(j, "errorType"), text_of(j, "error"));
  http::client::ensure_ok(res);  // an error page that is not the API's JSON
  if (!j.is_object() || text_of(j, "status") != "success") {
    throw http::http_error(errc::syntax, res.method, res.url, res.status, res.attempts,
                           "not a Prometheus API answer: " + http::detail::excerpt(res.body, 200), res.body);
  }
  warnings.clear();
  // Warnings only inform: a list of another shape is not worth refusing the data for.
  if (const auto list = j.find("warnings"); list != j.end() && list->is_array())
    for (const auto& w : *list)
      if (w.is_string()) warnings.push_back(w.get<std::string>());
  const auto data = j.find("data");
  return data == j.end() ? nlohmann::json() : std::move(*data);
}

// The `data` of a query as a typed result.
inline query_result to_result(const nlohmann::json& data, std::vector<std::string> warnings) {
  query_result out;
  out.warnings = std::move(warnings);
  const std::string type = text_of(object_at(data, "data"), "resultType");
  const auto& result = data.contains("result") ? data["result"] : nlohmann::json();
  if (type == "vector") {
    out.type = result_type::vector;
    for (const auto& s : array_in(data, "result", "data")) {
      if (object_at(s, "data.result[]").contains("value")) out.vector.push_back({labels_in(s, "metric", "data.result[]"), to_point(s["value"])});
    }
  } else if (type == "matrix") {
    out.type = result_type::matrix;
    for (const auto& s : array_in(data, "result", "data")) {
      range_series series{labels_in(s, "metric", "data.result[]"), {}};
      for (const auto& v : array_in(s, "values", "data.result[]")) series.points.push_back(to_point(v));
      out.matrix.push_back(std::move(series));
    }
  } else if (type == "scalar") {
    out.type = result_type::scalar;
    out.scalar = to_point(result);
  } else if (type == "string") {
    out.type = result_type::string;
    out.string = result.is_array() && result.size() == 2 && result[1].is_string() ? result[1].get<std::string>() : "";
  } else {
    throw error("aiops::prom: unknown resultType '" + type + "' in the API answer");
  }
  return out;
}

inline std::vector<target> to_targets(const nlohmann::json& data) {
  std::vector<target> out;
  for (const auto& t : array_in(data, "activeTargets", "data")) {
    const std::string where = "data.activeTargets[]";
    target x;
    x.labels = labels_in(t, "labels", where);
    x.discovered_labels = labels_in(t, "discoveredLabels", where);
    x.scrape_url = text_of(t, "scrapeUrl");
    x.health = text_of(t, "health");
    x.last_error = text_of(t, "lastError");
    if (const auto d = t.find("lastScrapeDuration"); d != t.end() && !d->is_null()) {
      if (!d->is_number()) throw error("aiops::prom: " + where + ".lastScrapeDuration is " + d->type_name() + ", expected a number");
      x.last_scrape_duration = d->get<double>();
    }
    out.push_back(std::move(x));
  }
  return out;
}

inline std::vector<rule_group> to_rule_groups(const nlohmann::json& data) {
  std::vector<rule_group> out;
  for (const auto& g : array_in(data, "groups", "data")) {
    rule_group group{text_of(object_at(g, "data.groups[]"), "name"), text_of(g, "file"), {}};
    for (const auto& r : array_in(g, "rules", "data.groups[]")) {
      group.rules.push_back({text_of(object_at(r, "data.groups[].rules[]"), "name"), text_of(r, "query"), text_of(r, "type"),
                             text_of(r, "health"), text_of(r, "state"), labels_in(r, "labels", "data.groups[].rules[]")});
    }
    out.push_back(std::move(group));
  }
  return out;
}

inline std::vector<alert> to_alerts(const nlohmann::json& data) {
  std::vector<alert> out;
  for (const auto& a : array_in(data, "alerts", "data")) {
    const std::string where = "data.alerts[]";
    out.push_back({labels_in(a, "labels", where), labels_in(a, "annotations", where), text_of(a, "state"),
                   text_of(a, "activeAt"), text_of(a, "value")});
  }
  return out;
}

// The strings of a list (label names, label values); other values are skipped.
inline std::vector<std::string> to_strings(const nlohmann::json& data) {
  std::vector<std::string> out;
  if (data.is_array())
    for (const auto& v : data)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

inline std::vector<label_map> to_series(const nlohmann::json& data) {
  std::vector<label_map> out;
  if (data.is_array())
    for (const auto& s : data) out.push_back(to_labels(s));
  return out;
}

}  // namespace detail

/// The HTTP API of Prometheus (and of VictoriaMetrics, which implements it). PromQL strings are
/// sent as they are, by POST (long queries fit), retried like GETs.
///
///     prom::api_client prom{"http://127.0.0.1:19090"};
///     for (const auto& s : prom.query("rate(node_cpu_seconds_total[1m])").vector)
///       std::cout << s.metric.at("mode") << " " << s.at.value << "\n";
///
/// @throws api_error when the server answers `"status":"error"` (with its `errorType` and `error`),
/// http::http_error for other failures (connection, a non-JSON error page).
/// Thread safety: one client per thread (it owns one connection).
class api_client {
 public:
  explicit api_client(std::string_view base_url, http::client_options options = {})
      : http_(base_url, std::move(options)) {}

  /// An instant query at `time` (Unix seconds; default: now); `timeout` is the server's evaluation limit.
  query_result query(std::string_view promql, std::optional<double> time = {}, std::optional<double> timeout = {}) {
    http::query form{{"query", std::string(promql)}};
    if (time) form.emplace_back("time", detail::seconds_text(*time));
    if (timeout) form.emplace_back("timeout", detail::seconds_text(*timeout) + "s");
    return call("/api/v1/query", form, [this](const nlohmann::json& d) { return detail::to_result(d, warnings_); });
  }

  /// A range query from `start` to `end` (Unix seconds) every `step` seconds.
  query_result query_range(std::string_view promql, double start, double end, double step) {
    return call("/api/v1/query_range",
                {{"query", std::string(promql)},
                 {"start", detail::seconds_text(start)},
                 {"end", detail::seconds_text(end)},
                 {"step", detail::seconds_text(step)}},
                [this](const nlohmann::json& d) { return detail::to_result(d, warnings_); });
  }

  /// The series matching any selector of `match` (at least one), between `start` and `end` when given.
  std::vector<label_map> series(const std::vector<std::string>& match, std::optional<double> start = {},
                                std::optional<double> end = {}) {
    return call("/api/v1/series", with_range(match, start, end), detail::to_series);
  }

  /// Label names (of the series matching `match`, when given).
  std::vector<std::string> labels(const std::vector<std::string>& match = {}) {
    return call("/api/v1/labels", with_range(match, {}, {}), detail::to_strings);
  }

  /// The values of label `name` (of the series matching `match`, when given).
  std::vector<std::string> label_values(std::string_view name, const std::vector<std::string>& match = {}) {
    http::request r;
    r.path = "/api/v1/label/" + http::percent_encode(name) + "/values";
    r.params = with_range(match, {}, {});
    return send(std::move(r), detail::to_strings);
  }

  /// The active scrape targets.
  std::vector<target> targets() { return get("/api/v1/targets", {{"state", "active"}}, detail::to_targets); }

  /// The rule groups and their rules.
  std::vector<rule_group> rules() { return get("/api/v1/rules", {}, detail::to_rule_groups); }

  /// The active (pending or firing) alerts.
  std::vector<alert> alerts() { return get("/api/v1/alerts", {}, detail::to_alerts); }

  /// Any other API path: the `data` of a successful answer. @throws api_error, http::http_error.
  nlohmann::json call_get(std::string_view path, const http::query& params) {
    return get(path, params, [](const nlohmann::json& data) { return data; });
  }

  /// The underlying HTTP client.
  http::client& http() noexcept { return http_; }

 protected:
  // POST as a form (what the Prometheus API accepts for every read call), retried like a GET.
  template <class Read>
  detail::read_result<Read> call(std::string_view path, const http::query& form, Read&& read) {
    http::request r;
    r.method = "POST";
    r.path = path;
    r.body = http::encode_query(form);
    r.content_type = "application/x-www-form-urlencoded";
    r.idempotent = true;
    return send(std::move(r), read);
  }

  template <class Read>
  detail::read_result<Read> get(std::string_view path, const http::query& params, Read&& read) {
    http::request r;
    r.path = path;
    r.params = params;
    return send(std::move(r), read);
  }

  // `read(data)` of a `"status":"success"` answer; the server's own error otherwise. An answer of
  // the wrong shape (a field of the wrong type) is an http_error naming the call and the field.
  template <class Read>
  detail::read_result<Read> send(http::request r, Read&& read) {
    r.headers.emplace("Accept", "application/json");
    const http::response res = http_.send(r);
    const nlohmann::json data = detail::api_data(res, warnings_);
    try {
      return read(data);
    } catch (const error& e) {
      throw http::http_error(errc::syntax, res.method, res.url, res.status, res.attempts,
                             std::string("unexpected answer: ") + e.what(), res.body);
    }
  }

 private:
  static http::query with_range(const std::vector<std::string>& match, std::optional<double> start,
                                std::optional<double> end) {
    http::query q;
    for (const auto& m : match) q.emplace_back("match[]", m);
    if (start) q.emplace_back("start", detail::seconds_text(*start));
    if (end) q.emplace_back("end", detail::seconds_text(*end));
    return q;
  }

  http::client http_;
  std::vector<std::string> warnings_;
};

}  // namespace prom
AIOPS_END_NAMESPACE
