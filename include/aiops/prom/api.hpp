// aiops: the Prometheus HTTP API client (query, query_range, series, labels, targets, rules, alerts), also for VictoriaMetrics
// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>       // std::snprintf: times as seconds with milliseconds
#include <map>          // std::map: label_map
#include <optional>     // std::optional
#include <string>       // std::string
#include <string_view>  // std::string_view
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
    return to_result(call("/api/v1/query", form));
  }

  /// A range query from `start` to `end` (Unix seconds) every `step` seconds.
  query_result query_range(std::string_view promql, double start, double end, double step) {
    return to_result(call("/api/v1/query_range", {{"query", std::string(promql)},
                                                  {"start", detail::seconds_text(start)},
                                                  {"end", detail::seconds_text(end)},
                                                  {"step", detail::seconds_text(step)}}));
  }

  /// The series matching any selector of `match` (at least one), between `start` and `end` when given.
  std::vector<label_map> series(const std::vector<std::string>& match, std::optional<double> start = {},
                                std::optional<double> end = {}) {
    std::vector<label_map> out;
    for (const auto& s : call("/api/v1/series", with_range(match, start, end))) out.push_back(detail::to_labels(s));
    return out;
  }

  /// Label names (of the series matching `match`, when given).
  std::vector<std::string> labels(const std::vector<std::string>& match = {}) {
    return strings(call("/api/v1/labels", with_range(match, {}, {})));
  }

  /// The values of label `name` (of the series matching `match`, when given).
  std::vector<std::string> label_values(std::string_view name, const std::vector<std::string>& match = {}) {
    http::request r;
    r.path = "/api/v1/label/" + http::percent_encode(name) + "/values";
    r.params = with_range(match, {}, {});
    return strings(send(std::move(r)));
  }

  /// The active scrape targets.
  std::vector<target> targets() {
    std::vector<target> out;
    const auto data = call_get("/api/v1/targets", {{"state", "active"}});
    for (const auto& t : data.value("activeTargets", nlohmann::json::array())) {
      target x;
      x.labels = detail::to_labels(t.value("labels", nlohmann::json::object()));
      x.discovered_labels = detail::to_labels(t.value("discoveredLabels", nlohmann::json::object()));
      x.scrape_url = detail::text_of(t, "scrapeUrl");
      x.health = detail::text_of(t, "health");
      x.last_error = detail::text_of(t, "lastError");
      x.last_scrape_duration = t.value("lastScrapeDuration", 0.0);
      out.push_back(std::move(x));
    }
    return out;
  }

  /// The rule groups and their rules.
  std::vector<rule_group> rules() {
    std::vector<rule_group> out;
    for (const auto& g : call_get("/api/v1/rules", {}).value("groups", nlohmann::json::array())) {
      rule_group group{detail::text_of(g, "name"), detail::text_of(g, "file"), {}};
      for (const auto& r : g.value("rules", nlohmann::json::array())) {
        group.rules.push_back({detail::text_of(r, "name"), detail::text_of(r, "query"), detail::text_of(r, "type"),
                               detail::text_of(r, "health"), detail::text_of(r, "state"),
                               detail::to_labels(r.value("labels", nlohmann::json::object()))});
      }
      out.push_back(std::move(group));
    }
    return out;
  }

  /// The active (pending or firing) alerts.
  std::vector<alert> alerts() {
    std::vector<alert> out;
    for (const auto& a : call_get("/api/v1/alerts", {}).value("alerts", nlohmann::json::array())) {
      out.push_back({detail::to_labels(a.value("labels", nlohmann::json::object())),
                     detail::to_labels(a.value("annotations", nlohmann::json::object())), detail::text_of(a, "state"),
                     detail::text_of(a, "activeAt"), detail::text_of(a, "value")});
    }
    return out;
  }

  /// Any other API path: the `data` of a successful answer. @throws api_error, http::http_error.
  nlohmann::json call_get(std::string_view path, const http::query& params) {
    http::request r;
    r.path = path;
    r.params = params;
    return send(std::move(r));
  }

  /// The underlying HTTP client.
  http::client& http() noexcept { return http_; }

 protected:
  // POST as a form (what the Prometheus API accepts for every read call), retried like a GET.
  nlohmann::json call(std::string_view path, const http::query& form) {
    http::request r;
    r.method = "POST";
    r.path = path;
    r.body = http::encode_query(form);
    r.content_type = "application/x-www-form-urlencoded";
    r.idempotent = true;
    return send(std::move(r));
  }

  // The `data` of a `"status":"success"` answer; the server's own error otherwise.
  nlohmann::json send(http::request r) {
    r.headers.emplace("Accept", "application/json");
    const http::response res = http_.send(r);
    auto j = http::parse_json_answer(res.body);
    if (j.is_object() && detail::text_of(j, "status") == "error") {
      throw api_error(res, detail::text_of(j, "errorType"), detail::text_of(j, "error"));
    }
    http::client::ensure_ok(res);  // an error page that is not the API's JSON
    if (!j.is_object() || detail::text_of(j, "status") != "success") {
      throw http::http_error(errc::syntax, res.method, res.url, res.status, res.attempts,
                             "not a Prometheus API answer: " + http::detail::excerpt(res.body, 200), res.body);
    }
    warnings_.clear();
    for (const auto& w : j.value("warnings", nlohmann::json::array()))
      if (w.is_string()) warnings_.push_back(w.get<std::string>());
    return j.value("data", nlohmann::json());
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

  static std::vector<std::string> strings(const nlohmann::json& data) {
    std::vector<std::string> out;
    for (const auto& v : data)
      if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
  }

  query_result to_result(const nlohmann::json& data) {
    query_result out;
    out.warnings = warnings_;
    const std::string type = detail::text_of(data, "resultType");
    const auto& result = data.contains("result") ? data["result"] : nlohmann::json();
    if (type == "vector") {
      out.type = result_type::vector;
      for (const auto& s : result) {
        if (s.contains("value")) out.vector.push_back({detail::to_labels(s.value("metric", nlohmann::json::object())), detail::to_point(s["value"])});
      }
    } else if (type == "matrix") {
      out.type = result_type::matrix;
      for (const auto& s : result) {
        range_series series{detail::to_labels(s.value("metric", nlohmann::json::object())), {}};
        for (const auto& v : s.value("values", nlohmann::json::array())) series.points.push_back(detail::to_point(v));
        out.matrix.push_back(std::move(series));
      }
    } else if (type == "scalar") {
      out.type = result_type::scalar;
      out.scalar = detail::to_point(result);
    } else if (type == "string") {
      out.type = result_type::string;
      out.string = result.is_array() && result.size() == 2 && result[1].is_string() ? result[1].get<std::string>() : "";
    } else {
      throw error("aiops::prom: unknown resultType '" + type + "' in the API answer");
    }
    return out;
  }

  http::client http_;
  std::vector<std::string> warnings_;
};

}  // namespace prom
AIOPS_END_NAMESPACE
