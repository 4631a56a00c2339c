// aiops: VictoriaMetrics: the Prometheus API plus bulk import (text format, JSON lines) and export of history
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>        // std::llround, std::isfinite
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <vector>       // std::vector

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/core/strings.hpp"
#include "aiops/prom/api.hpp"

AIOPS_BEGIN_NAMESPACE
namespace prom {

/// A VictoriaMetrics single node: everything `api_client` does (its Prometheus API), plus bulk
/// history in and out.
///
///     prom::victoria vm{"http://127.0.0.1:18428"};
///     vm.import_series({{{{"__name__", "temperature"}, {"room", "a"}}, {{1700000000, 21.5}, {1700000060, 21.7}}}});
///     vm.flush();                                   // make it searchable now
///     auto back = vm.export_series({"temperature"});
///
/// Errors: VictoriaMetrics answers a bad query with HTTP 422 and `errorType` "422" (Prometheus: 400
/// and "bad_data"); both arrive as api_error. Other failures come as http::http_error with its text.
class victoria : public api_client {
 public:
  using api_client::api_client;

  /// Imports a Prometheus text page (timestamps in ms; lines without one get the import time).
  void import_prometheus(std::string_view text) {
    http().post("/api/v1/import/prometheus", std::string(text), std::string(content_type(format::text)));
  }

  /// Imports series with their points (times in Unix seconds, kept to the millisecond), as JSON lines.
  void import_series(const std::vector<range_series>& series) {
    std::string body;
    for (const auto& s : series) {
      nlohmann::json line;
      line["metric"] = s.metric;
      auto& values = line["values"] = nlohmann::json::array();
      auto& times = line["timestamps"] = nlohmann::json::array();
      for (const auto& p : s.points) {
        values.push_back(p.value);  // NaN and Inf are not JSON: nlohmann writes null, which VictoriaMetrics skips
        times.push_back(std::llround(p.time * 1000));
      }
      body += line.dump();
      body += '\n';
    }
    http().post("/api/v1/import", std::move(body), "application/json");
  }

  /// Every point of the series matching the selectors, between `start` and `end` (Unix seconds) when given.
  std::vector<range_series> export_series(const std::vector<std::string>& match, std::optional<double> start = {},
                                          std::optional<double> end = {}) {
    http::query q;
    for (const auto& m : match) q.emplace_back("match[]", m);
    if (start) q.emplace_back("start", detail::seconds_text(*start));
    if (end) q.emplace_back("end", detail::seconds_text(*end));
    const auto res = http().get("/api/v1/export", q);
    std::vector<range_series> out;
    for (auto line : split(res.body, '\n')) {
      if (trim(line).empty()) continue;
      const auto j = http::parse_json_answer(line);  // depth-checked, as every answer
      if (!j.is_object()) throw error("aiops::prom: VictoriaMetrics export line is not JSON: " + std::string(line.substr(0, 200)));
      range_series s{detail::labels_in(j, "metric", "export line"), {}};
      const auto& values = detail::array_in(j, "values", "export line");
      const auto& times = detail::array_in(j, "timestamps", "export line");
      for (std::size_t i = 0; i < values.size() && i < times.size(); ++i) {
        if (!times[i].is_number()) throw error("aiops::prom: export line: timestamps[" + std::to_string(i) + "] is " + times[i].type_name() + ", expected a number");
        const double v = values[i].is_number() ? values[i].get<double>() : std::nan("");
        s.points.push_back({times[i].get<double>() / 1000.0, v});
      }
      out.push_back(std::move(s));
    }
    return out;
  }

  /// Makes recently imported samples searchable at once (`/internal/force_flush`).
  void flush() { http().get("/internal/force_flush"); }
};

}  // namespace prom
AIOPS_END_NAMESPACE
