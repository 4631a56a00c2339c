// aiops: `aiops forecast FILE.csv`: the next N points of a series with Holt-Winters, Prophet-style or lag regression
// SPDX-License-Identifier: MIT
#include <cstdio>    // std::fprintf
#include <fstream>   // std::ifstream, std::ofstream
#include <iostream>  // std::cin, std::cout
#include <iterator>  // std::istreambuf_iterator
#include <memory>    // std::make_shared
#include <string>    // std::string
#include <vector>    // std::vector

#include <fmt/core.h>

#include <aiops/plot.hpp>
#include <aiops/ts.hpp>

#include "command.hpp"

namespace cmd_forecast {

namespace ts = aiops::ts;

struct forecast_args {
  std::string file;
  std::string model = "hw";
  std::size_t horizon = 60;
  std::string column;
  std::string plot;
};

ts::forecast run_model(const forecast_args& a, const ts::series& grid, aiops::timestamp_ns step) {
  const std::size_t day = static_cast<std::size_t>(aiops::ns_per_day / step);
  const bool seasonal = day >= 2 && grid.size() >= 2 * day + 1;
  if (a.model == "prophet") {
    ts::prophet m;
    m.fit(grid.time, grid.value);
    return m.predict(ts::future_times(grid.time, a.horizon));
  }
  std::vector<double> y = grid.value;
  ts::fill_linear(y, y.size());  // the recursions need every point; outages are bridged
  if (a.model == "lagreg") {
    ts::lag_regression_options o;
    if (seasonal) o.seasonal_lags = {day};
    ts::lag_regression m(o);
    m.fit(y);
    return m.predict(a.horizon);
  }
  ts::holt_winters m({.seasonal = seasonal ? ts::seasonal_kind::additive : ts::seasonal_kind::none, .period = seasonal ? day : 0});
  m.fit(y);
  return m.predict(a.horizon);
}

void run(const forecast_args& a) {
  std::string text;
  if (a.file == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(a.file, std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "aiops forecast: cannot open %s\n", a.file.c_str());
      throw CLI::RuntimeError(2);
    }
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto parsed = ts::parse_csv(text);
  if (!parsed) {
    std::fprintf(stderr, "aiops forecast: %s: %s\n", a.file.c_str(), parsed.error().message.c_str());
    throw CLI::RuntimeError(1);
  }
  const ts::csv_table& t = parsed.value();
  std::size_t c = 0;
  if (!a.column.empty()) {
    while (c < t.names.size() && t.names[c] != a.column) ++c;
    if (c == t.names.size()) {
      std::fprintf(stderr, "aiops forecast: %s: no numeric column '%s'\n", a.file.c_str(), a.column.c_str());
      throw CLI::RuntimeError(1);
    }
  }
  const aiops::timestamp_ns step = ts::typical_step(t.time);
  if (step <= 0 || t.time.size() < 10) {
    std::fprintf(stderr, "aiops forecast: %s: needs at least 10 rows at distinct times\n", a.file.c_str());
    throw CLI::RuntimeError(1);
  }
  const ts::series grid = ts::resample({t.time, t.columns[c]}, step);
  ts::forecast f;
  try {
    f = run_model(a, grid, step);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "aiops forecast: %s: %s\n", a.file.c_str(), e.what());
    throw CLI::RuntimeError(1);
  }
  const std::vector<aiops::timestamp_ns> future = ts::future_times(grid.time, a.horizon);
  std::string out = "timestamp,forecast,lower,upper\n";
  for (std::size_t h = 0; h < a.horizon; ++h)
    out += fmt::format("{},{:.4f},{:.4f},{:.4f}\n", aiops::format_rfc3339(future[h], 0), f.mean[h], f.lower[h], f.upper[h]);
  std::fputs(out.c_str(), stdout);
  if (!a.plot.empty()) {
    aiops::plot::line_chart chart({.title = a.file + ": " + a.model + " forecast", .y_title = t.names[c]});
    const std::size_t show = std::min(grid.size(), 4 * a.horizon + 1);
    chart.add_line(t.names[c], std::vector<aiops::timestamp_ns>(grid.time.end() - static_cast<std::ptrdiff_t>(show), grid.time.end()),
                   std::vector<double>(grid.value.end() - static_cast<std::ptrdiff_t>(show), grid.value.end()));
    chart.add_line("forecast", future, f.mean, {.dashed = true});
    chart.add_band("interval", future, f.lower, f.upper);
    std::ofstream svg(a.plot, std::ios::binary);
    if (!(svg << chart.svg())) {
      std::fprintf(stderr, "aiops forecast: cannot write %s\n", a.plot.c_str());
      throw CLI::RuntimeError(2);
    }
  }
}

const aiops::app::register_command reg{{"forecast", "Forecast the next points of a time-series CSV", [](CLI::App& sub) {
  auto a = std::make_shared<forecast_args>();
  sub.add_option("file", a->file, "CSV with a timestamp column and value columns; - for stdin")->required();
  sub.add_option("--model", a->model, "hw (Holt-Winters), prophet (Prophet-style) or lagreg (lag regression)")
      ->check(CLI::IsMember({"hw", "prophet", "lagreg"}))
      ->capture_default_str();
  sub.add_option("--horizon", a->horizon, "points to forecast")->check(CLI::Range(1, 1000000))->capture_default_str();
  sub.add_option("--column", a->column, "the value column (default: the first numeric one)");
  sub.add_option("--plot", a->plot, "write an SVG chart of the recent history and the forecast with its interval");
  sub.callback([a] { run(*a); });
}}};

}  // namespace cmd_forecast
