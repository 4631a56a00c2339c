// aiops: `aiops forecast FILE.csv`: the next N points of a series with Holt-Winters, Prophet-style or lag regression
// SPDX-License-Identifier: MIT
#include <chrono>    // std::chrono::duration_cast
#include <cmath>     // std::abs, std::isfinite, std::floor, std::log10
#include <cstdio>    // std::fprintf
#include <fstream>   // std::ofstream
#include <memory>    // std::make_shared
#include <stdexcept>  // std::invalid_argument
#include <string>    // std::string
#include <vector>    // std::vector

#include <fmt/core.h>

#include <aiops/alert/series.hpp>  // parse_duration
#include <aiops/plot.hpp>
#include <aiops/ts.hpp>

#include "command.hpp"
#include "series_file.hpp"

namespace cmd_forecast {

namespace ts = aiops::ts;

struct forecast_args {
  std::string file;
  std::string model = "hw";
  std::size_t horizon = 60;
  std::string column;
  std::string plot;
  std::string season = "auto";
};

// The season in points: --season as a number of steps, or by default a day when the data
// covers two (0: none). @throws std::invalid_argument on a bad or too long season.
std::size_t season_points(const forecast_args& a, std::size_t points, aiops::timestamp_ns step) {
  if (a.season == "auto") {
    const std::size_t day = static_cast<std::size_t>(aiops::ns_per_day / step);
    return day >= 2 && points >= 2 * day + 1 ? day : 0;
  }
  const auto season = aiops::alert::parse_duration(a.season);
  if (!season) throw std::invalid_argument("--season: " + season.error().message);
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(season.value()).count();
  if (ns == 0) return 0;
  const std::size_t period = static_cast<std::size_t>(ns / step);
  if (period < 2 || ns % step != 0)
    throw std::invalid_argument("--season " + a.season + " is not a whole number (2 or more) of the data's step of " +
                                std::to_string(step / aiops::ns_per_second) + " s");
  if (points < 2 * period + 1)
    throw std::invalid_argument("--season " + a.season + " needs two seasons of data (" + std::to_string(2 * period + 1) +
                                " points), the file has " + std::to_string(points));
  return period;
}

ts::forecast run_model(const forecast_args& a, const ts::series& grid, aiops::timestamp_ns step) {
  const std::size_t period = season_points(a, grid.size(), step);
  if (a.model == "prophet") {
    ts::prophet_options o;  // its daily, weekly and yearly terms as Prophet's "auto"; a season besides
    if (a.season != "auto" && period > 0) o.extra_seasonalities.push_back({"season", static_cast<aiops::timestamp_ns>(period) * step, 5});
    ts::prophet m(o);
    m.fit(grid.time, grid.value);
    return m.predict(ts::future_times(grid.time, a.horizon));
  }
  std::vector<double> y = grid.value;
  ts::fill_linear(y, y.size());  // the recursions need every point; outages are bridged
  if (a.model == "lagreg") {
    ts::lag_regression_options o;
    if (period > 0) o.seasonal_lags = {period};
    ts::lag_regression m(o);
    m.fit(y);
    return m.predict(a.horizon);
  }
  ts::holt_winters m({.seasonal = period > 0 ? ts::seasonal_kind::additive : ts::seasonal_kind::none, .period = period});
  m.fit(y);
  return m.predict(a.horizon);
}

void run(const forecast_args& a) {
  const aiops::app::series_file file = aiops::app::read_series_file("forecast", a.file, 10);
  const ts::csv_table& t = file.table;
  const aiops::timestamp_ns step = file.step;
  std::size_t c = 0;
  if (!a.column.empty()) {
    while (c < t.names.size() && t.names[c] != a.column) ++c;
    if (c == t.names.size()) {
      std::fprintf(stderr, "aiops forecast: %s: no numeric column '%s'\n", a.file.c_str(), a.column.c_str());
      throw CLI::RuntimeError(1);
    }
  }
  const ts::series grid = ts::resample({t.time, t.columns[c]}, step);
  ts::series scaled = grid;  // grid stays as read, for the chart
  const double scale = aiops::app::scale_for_models(scaled.value);
  ts::forecast f;
  try {
    f = run_model(a, scaled, step);
    for (auto* part : {&f.mean, &f.lower, &f.upper})
      for (double& v : *part) v *= scale;
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "aiops forecast: %s: %s\n", a.file.c_str(), e.what());
    throw CLI::RuntimeError(1);
  }
  const std::vector<aiops::timestamp_ns> future = ts::future_times(grid.time, a.horizon);
  std::string out = "timestamp,forecast,lower,upper\n";
  const auto number = [](double v) {  // 4 decimals from 1 up, six significant digits under 1, all beyond
    const double size = std::abs(v);
    if (!std::isfinite(v) || size == 0 || (size >= 1 && size < 1e15)) return fmt::format("{:.4f}", v);
    if (size < 1e-9 || size >= 1e15) return fmt::format("{}", v);
    return fmt::format("{:.{}f}", v, 5 - static_cast<int>(std::floor(std::log10(size))));
  };
  for (std::size_t h = 0; h < a.horizon; ++h)
    out += fmt::format("{},{},{},{}\n", aiops::format_rfc3339(future[h], aiops::exact_fraction_digits(step)), number(f.mean[h]),
                       number(f.lower[h]), number(f.upper[h]));
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
  sub.add_option("--season", a->season,
                 "the seasonal period as a duration (1h, 1d, 1w; 0s for none; auto: a day when the data covers two); "
                 "prophet adds it to its own daily and weekly terms")
      ->capture_default_str();
  sub.add_option("--plot", a->plot, "write an SVG chart of the recent history and the forecast with its interval");
  sub.callback([a] { run(*a); });
}}};

}  // namespace cmd_forecast
