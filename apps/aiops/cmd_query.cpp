// aiops: `aiops query URL PROMQL [--range START END STEP]`: a PromQL query as a table or terminal charts
// SPDX-License-Identifier: MIT
#include <algorithm>  // std::max, std::min
#include <cmath>      // std::isnan
#include <string>     // std::string
#include <vector>     // std::vector

#include <fmt/core.h>

#include <aiops/core.hpp>
#include <aiops/plot/text.hpp>
#include <aiops/prom.hpp>

#include "command.hpp"

namespace cmd_query {

struct query_args {
  std::string url;
  std::string promql;
  std::vector<std::string> range;  // START END STEP
  std::string time;
  bool table = false;
  int width = 60;
};

double now_seconds() {
  return static_cast<double>(aiops::wall_now()) / aiops::ns_per_second;
}

// "90", "90s", "5m", "2h", "1d", "1w" as seconds.
std::optional<double> parse_duration(std::string_view s) {
  double unit = 1;
  if (!s.empty()) {
    switch (s.back()) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      case 'w': unit = 604800; break;
      default: unit = 0;
    }
    if (unit > 0) s.remove_suffix(1);
    else unit = 1;
  }
  const auto v = aiops::parse_double(s);
  if (!v || !(*v >= 0)) return std::nullopt;
  return *v * unit;
}

// "now", "now-1h" or "-1h" (before now), Unix seconds, or RFC 3339.
std::optional<double> parse_time(std::string_view s) {
  if (s == "now") return now_seconds();
  if (s.starts_with("now-")) s.remove_prefix(3);
  if (s.starts_with("-")) {
    const auto ago = parse_duration(s.substr(1));
    return ago ? std::optional<double>(now_seconds() - *ago) : std::nullopt;
  }
  if (const auto seconds = aiops::parse_double(s)) return *seconds;
  if (const auto t = aiops::parse_rfc3339(s)) return double(*t) / double(aiops::ns_per_second);
  return std::nullopt;
}

// `name{a="b", ...}` as Prometheus shows a series.
std::string series_name(const aiops::prom::label_map& metric) {
  std::string name, labels;
  for (const auto& [k, v] : metric) {
    if (k == "__name__") {
      name = v;
    } else {
      labels += (labels.empty() ? "" : ", ") + k + "=\"" + v + "\"";
    }
  }
  return labels.empty() && !name.empty() ? name : name + "{" + labels + "}";
}

std::string when(double seconds) { return aiops::format_rfc3339(aiops::timestamp_ns(seconds * 1e9), 3); }

void print_vector(const std::vector<aiops::prom::instant_sample>& v) {
  std::size_t width = 6;
  for (const auto& s : v) width = std::max(width, series_name(s.metric).size());
  fmt::print("{:<{}}  {:>14}  {}\n", "series", width, "value", "time");
  for (const auto& s : v) {
    fmt::print("{:<{}}  {:>14}  {}\n", series_name(s.metric), width, aiops::prom::format_value(s.at.value), when(s.at.time));
  }
  if (v.empty()) fmt::print("(no series)\n");
}

// `step`: of a range query, in seconds (0: unknown); a missing step is a gap in the chart.
void print_matrix(const std::vector<aiops::prom::range_series>& m, bool table, int width, double step) {
  if (m.empty()) fmt::print("(no series)\n");
  for (const auto& s : m) {
    if (table) {
      fmt::print("{}\n", series_name(s.metric));
      for (const auto& p : s.points) fmt::print("  {}  {}\n", when(p.time), aiops::prom::format_value(p.value));
      continue;
    }
    std::vector<double> values;
    for (std::size_t i = 0; i < s.points.size(); ++i) {
      if (i > 0 && step > 0)  // the steps the answer left out (no sample, or the expression had none)
        for (double t = s.points[i - 1].time + step; t < s.points[i].time - step / 2; t += step) values.push_back(std::nan(""));
      values.push_back(s.points[i].value);
    }
    aiops::plot::sparkline_options o;
    o.width = static_cast<std::size_t>(width);
    // min and max of the numbers (NaN is no number: minmax_element's answer depended on where they sat)
    double lo = std::nan(""), hi = std::nan("");
    for (const double v : values) {
      if (std::isnan(v)) continue;
      lo = std::isnan(lo) ? v : std::min(lo, v);
      hi = std::isnan(hi) ? v : std::max(hi, v);
    }
    const auto shown = [](double v) { return std::isfinite(v) ? fmt::format("{:.6g}", v) : aiops::prom::format_value(v); };  // +Inf, NaN as in tables
    fmt::print("{}\n  {}  min {} max {} last {} ({} points)\n", series_name(s.metric), aiops::plot::sparkline(values, o), shown(lo),
               shown(hi), shown(values.empty() ? std::nan("") : values.back()), s.points.size());
  }
}

void run_query(const query_args& args) {
  aiops::prom::api_client client(args.url);
  aiops::prom::query_result r;
  double step_seconds = 0;  // of a range query
  if (!args.range.empty()) {
    const auto start = parse_time(args.range[0]), end = parse_time(args.range[1]);
    const auto step = parse_duration(args.range[2]);
    if (!start || !end || !step || *step <= 0) {
      fmt::print(stderr, "aiops query: --range wants START END STEP, e.g. --range -1h now 15s\n");
      throw CLI::RuntimeError(105);
    }
    r = client.query_range(args.promql, *start, *end, *step);
    step_seconds = *step;
  } else {
    std::optional<double> at;
    if (!args.time.empty() && !(at = parse_time(args.time))) {
      fmt::print(stderr, "aiops query: --time wants now, -1h, Unix seconds or RFC 3339\n");
      throw CLI::RuntimeError(105);
    }
    r = client.query(args.promql, at);
  }
  for (const auto& w : r.warnings) fmt::print(stderr, "warning: {}\n", w);
  switch (r.type) {
    case aiops::prom::result_type::vector: print_vector(r.vector); break;
    case aiops::prom::result_type::matrix: print_matrix(r.matrix, args.table, args.width, step_seconds); break;
    case aiops::prom::result_type::scalar:
      fmt::print("{}  {}\n", aiops::prom::format_value(r.scalar.value), when(r.scalar.time));
      break;
    case aiops::prom::result_type::string: fmt::print("{}\n", r.string); break;
  }
}

void setup(CLI::App& sub) {
  auto args = std::make_shared<query_args>();
  sub.add_option("url", args->url, "Prometheus or VictoriaMetrics base URL, e.g. http://127.0.0.1:19090")->required();
  sub.add_option("promql", args->promql, "the PromQL expression (sent as it is)")->required();
  sub.add_option("--range", args->range, "START END STEP: a range query (times: now, -1h, Unix seconds, RFC 3339; step: 15s, 1m)")
      ->expected(3);
  sub.add_option("--time", args->time, "evaluation time of an instant query (default: now)");
  sub.add_flag("--table", args->table, "range query: print every point instead of a chart");
  sub.add_option("--width", args->width, "range query: characters of each chart")->capture_default_str()->check(CLI::Range(4, 1000));
  sub.footer(
      "  aiops query http://127.0.0.1:19090 'sum by (mode) (rate(node_cpu_seconds_total[1m]))'\n"
      "  aiops query http://127.0.0.1:19090 'node_load1' --range -30m now 15s\n"
      "A query the server rejects exits with 1 and the server's errorType and error.");
  sub.callback([args] { run_query(*args); });
}

const aiops::app::register_command reg{{"query", "Run a PromQL query: a table, or charts for a range", setup}};

}  // namespace cmd_query
