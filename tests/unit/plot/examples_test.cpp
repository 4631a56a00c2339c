// aiops: writes one example of every chart (and a report with all of them) to a temp directory,
// for looking at: rsvg-convert -o x.png x.svg, or open report.html in a browser
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/plot.hpp>

#include <cmath>       // std::sin, std::exp, std::log, NAN
#include <cstdint>     // std::uint64_t
#include <filesystem>  // std::filesystem
#include <fstream>     // std::ofstream
#include <string>      // std::string
#include <utility>     // std::pair
#include <vector>      // std::vector

#include "xml_check.hpp"

using namespace aiops;

namespace {

// A fixed-seed uniform generator in [0, 1), so the examples are the same on every run.
struct lcg {
  std::uint64_t state = 20261129;
  double next() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return double(state >> 11) / 9007199254740992.0;
  }
};

const timestamp_ns week_start = to_timestamp({2026, 11, 23, 0, 0, 0, 0});

void write(const std::filesystem::path& dir, const std::string& name, const std::string& content) {
  std::ofstream(dir / name, std::ios::binary) << content;
  if (name.ends_with(".svg")) CHECK_NOTHROW(aiops::testing::xml_document(content));
}

}  // namespace

TEST_CASE("example charts are written for a visual check", "[examples]") {
  const auto dir = std::filesystem::temp_directory_path() / "aiops-plot-examples";
  std::filesystem::create_directories(dir);
  lcg rng;

  // A week of requests per 10 minutes: daily and weekly seasonality, noise, a scrape gap, spikes.
  std::vector<timestamp_ns> t;
  std::vector<double> requests, ok, redirect, client, server;
  for (int i = 0; i < 7 * 144; ++i) {
    const double hour = (i % 144) / 6.0, weekend = (i / 144) >= 5 ? 0.6 : 1.0;
    double r = weekend * (800 + 600 * std::sin((hour - 9) / 24 * 2 * M_PI)) + 80 * rng.next();
    if (i == 300 || i == 301 || i == 760) r *= 2.4;
    t.push_back(week_start + i * 10 * ns_per_minute);
    requests.push_back(i >= 500 && i < 512 ? NAN : r);
    const double five = (i >= 860 && i < 875 ? 0.2 : 0.01) * r;
    ok.push_back(r * 0.86 - five);
    redirect.push_back(r * 0.06);
    client.push_back(r * 0.08);
    server.push_back(five);
  }
  plot::line_chart line({.title = "Requests per 10 minutes (one week)", .y_title = "requests"});
  line.add_line("requests", t, requests)
      .add_markers("anomaly", std::vector<timestamp_ns>{t[300], t[301], t[760]}, {requests[300], requests[301], requests[760]})
      .add_interval(t[855], t[880], "incident INC-1234")
      .add_hline(2000, "alert threshold");
  const std::string line_svg = line.svg();
  write(dir, "line_week.svg", line_svg);

  // Six hours by the minute with a forecast and its 95% interval for the last hour.
  std::vector<timestamp_ns> tm, tf;
  std::vector<double> actual, forecast, lower, upper;
  const timestamp_ns start = to_timestamp({2026, 11, 29, 0, 30, 0, 0});
  for (int i = 0; i < 360; ++i) {
    tm.push_back(start + i * ns_per_minute);
    actual.push_back(i < 300 ? 120 + 25 * std::sin(i / 40.0) + 10 * rng.next() : NAN);
    if (i >= 299) {
      tf.push_back(tm.back());
      forecast.push_back(120 + 25 * std::sin(i / 40.0) + 5);
      lower.push_back(forecast.back() - 8 - (i - 299) * 0.3);
      upper.push_back(forecast.back() + 8 + (i - 299) * 0.3);
    }
  }
  plot::line_chart fc({.title = "p95 latency and a one-hour forecast", .y_title = "ms"});
  fc.add_line("observed", tm, actual)
      .add_line("forecast", tf, forecast, {.dashed = true})
      .add_band("95% interval", tf, lower, upper);
  const std::string forecast_svg = fc.svg();
  write(dir, "line_forecast.svg", forecast_svg);

  plot::stacked_area_chart area(t, {.title = "Responses by status class", .y_title = "requests"});
  area.add_layer("2xx", ok, "#009E73").add_layer("3xx", redirect, "#56B4E9").add_layer("4xx", client, "#E69F00")
      .add_layer("5xx", server, "#D55E00");
  const std::string area_svg = area.svg();
  write(dir, "area_status.svg", area_svg);

  plot::bar_chart top({.title = "Top URLs by 5xx responses", .x_title = "responses"});
  const std::vector<std::pair<std::string, double>> urls = {
      {"/api/v1/orders/checkout", 1523}, {"/api/v1/login", 987}, {"/static/js/vendor.bundle.min.js?v=8f3a9c2e71d", 412},
      {"/api/v1/search?q=<script>&page=2", 233}, {"/支付/回调 (payment callback)", 120}, {"/healthz", 12}};
  for (const auto& [url, n] : urls) top.add(url, n);
  const std::string top_svg = top.horizontal().svg();
  write(dir, "bar_top_urls.svg", top_svg);

  plot::bar_chart codes({.title = "Responses by status code", .y_title = "responses"});
  for (auto [code, n] : std::vector<std::pair<std::string, double>>{
           {"200", 81234}, {"201", 2345}, {"204", 1200}, {"301", 3400}, {"304", 5100}, {"400", 900},
           {"401", 1500}, {"403", 300}, {"404", 4200}, {"429", 700}, {"500", 650}, {"502", 210}, {"503", 120}, {"504", 80}})
    codes.add(code, n, code[0] == '5' ? "#D55E00" : code[0] == '4' ? "#E69F00" : "#0072B2");
  write(dir, "bar_status_codes.svg", codes.svg());

  std::vector<double> latency;
  for (int i = 0; i < 5000; ++i) latency.push_back(std::exp(4 + 0.5 * std::sqrt(-2 * std::log(1 - rng.next())) *
                                                                    std::cos(2 * M_PI * rng.next())));
  plot::histogram hist(latency, {.title = "Request latency", .x_title = "ms", .y_title = "requests"});
  hist.bin_width(10).add_vline(150, "SLO 150 ms");
  const std::string hist_svg = hist.svg();
  write(dir, "histogram_latency.svg", hist_svg);

  plot::line_chart empty({.title = "A chart without data"});
  write(dir, "empty.svg", empty.svg());

  plot::html_report report("Example report: 示例报告", "zh-CN");
  report.paragraph("Every chart of aiops::plot on synthetic data. 中文段落：本周共检测到 3 个异常点。")
      .section("Traffic").chart(line_svg, "Requests per 10 minutes").chart(area_svg, "By status class")
      .section("Forecast").chart(forecast_svg)
      .section("Errors").chart(top_svg).table({"URL", "5xx"}, {{urls[0].first, "1523"}, {urls[3].first, "233"}})
      .section("Latency").chart(hist_svg).preformatted(plot::sparkline(requests, {.width = 72}) + "\n" +
                                                       plot::text_bars({urls.begin(), urls.begin() + 3}, 30));
  write(dir, "report.html", report.html());
  CHECK(std::filesystem::file_size(dir / "report.html") > 10000);
  WARN("examples written to " << dir.string());
}
