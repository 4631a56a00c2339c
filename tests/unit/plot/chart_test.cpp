// aiops: tests of the SVG charts: well-formed XML, escaping, determinism, gaps, markers, empty input
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/plot.hpp>

#include <algorithm>  // std::count, std::min
#include <cmath>    // NAN, INFINITY, std::sin
#include <optional>  // std::optional
#include <cstdint>  // std::uint64_t
#include <string>   // std::string
#include <vector>   // std::vector

#include "xml_check.hpp"

using namespace aiops;
using aiops::testing::xml_document;
using aiops::testing::xml_element;

namespace {

timestamp_ns minute(int i) { return to_timestamp({2026, 11, 29, 0, 0, 0, 0}) + i * ns_per_minute; }

std::vector<timestamp_ns> minutes(int n) {
  std::vector<timestamp_ns> t;
  for (int i = 0; i < n; ++i) t.push_back(minute(i));
  return t;
}

std::vector<double> wave(int n) {
  std::vector<double> y;
  for (int i = 0; i < n; ++i) y.push_back(100 + 30 * std::sin(i / 20.0));
  return y;
}

// The x and y of every vertex of a path "Mx,yLx,y...".
std::vector<std::pair<std::string, std::string>> vertices(const std::string& d) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  while (i < d.size()) {
    if (d[i] == 'M' || d[i] == 'L') {
      const std::size_t comma = d.find(',', i), end = d.find_first_of("MLZ", comma);
      out.emplace_back(d.substr(i + 1, comma - i - 1), d.substr(comma + 1, end - comma - 1));
      i = end;
    } else {
      ++i;
    }
  }
  return out;
}

bool has_text(const xml_document& doc, const std::string& text) {
  for (const auto& e : doc.all("text"))
    if (e.text == text) return true;
  return false;
}

// Deterministic pseudo-random numbers (SplitMix64) for the robustness test.
struct splitmix {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double value() {
    switch (next() % 10) {
      case 0: return NAN;
      case 1: return INFINITY;
      case 2: return -1e308;
      case 3: return 0;
      default: return double(std::int64_t(next() % 2000001) - 1000000) / double(1 + next() % 1000);
    }
  }
};

}  // namespace

TEST_CASE("a line chart is well-formed SVG 1.1 with its parts", "[chart][line]") {
  plot::line_chart c({.title = "Requests per minute", .y_title = "requests"});
  c.add_line("GET", minutes(120), wave(120)).add_line("POST", minutes(120), std::vector<double>(120, 40));
  const std::string svg = c.svg();
  xml_document doc(svg);
  const auto& root = doc.elements().front();
  CHECK(root.name == "svg");
  CHECK(root.attr("xmlns") == "http://www.w3.org/2000/svg");
  CHECK(root.attr("version") == "1.1");
  CHECK(root.attr("width") == "800");
  CHECK(root.attr("height") == "360");
  CHECK(root.attr("viewBox") == "0 0 800 360");
  CHECK(doc.all("title").front().text == "Requests per minute");
  CHECK(has_text(doc, "requests"));
  CHECK(has_text(doc, "time (UTC)"));
  CHECK(has_text(doc, "Nov 29"));  // the first tick is at midnight: the date alone
  CHECK(has_text(doc, "GET"));  // two series: a legend
  CHECK(has_text(doc, "POST"));
  CHECK(svg.find("href") == std::string::npos);  // no external resources
  CHECK(svg.find("<?xml") == std::string::npos);  // inlines into HTML as is
}

TEST_CASE("chart size is configurable", "[chart]") {
  plot::line_chart c({.width = 1200, .height = 500});
  c.add_line("y", wave(10));
  xml_document doc(c.svg());
  CHECK(doc.elements().front().attr("viewBox") == "0 0 1200 500");
  CHECK_THROWS_AS(plot::line_chart({.width = 20}), std::invalid_argument);
  CHECK_THROWS_AS(plot::line_chart({.y_min = 5, .y_max = 1}), std::invalid_argument);
}

TEST_CASE("labels with markup characters are escaped", "[chart][escape]") {
  CHECK(plot::escape_xml("<a & \"b\" 'c'>") == "&lt;a &amp; &quot;b&quot; &#39;c&#39;&gt;");
  CHECK(plot::escape_xml("ok\x01") == "ok\xEF\xBF\xBD");          // control character
  CHECK(plot::escape_xml("bad\xC3(") == "bad\xEF\xBF\xBD(");       // truncated UTF-8
  CHECK(plot::escape_xml("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  CHECK(plot::escape_xml("请求数") == "请求数");

  const std::string nasty = "<script>alert('x')</script> & \"q\" \xFF";
  plot::line_chart c({.title = nasty, .x_title = nasty, .y_title = nasty});
  c.add_line(nasty, wave(50), {.colour = "red\" onload=\"x"}).add_markers(nasty, std::vector<double>{3}, {100});
  c.add_interval(5.0, 9.0, nasty).add_hline(110, nasty);
  const std::string svg = c.svg();
  xml_document doc(svg);  // throws if not well-formed
  CHECK(svg.find("<script") == std::string::npos);
  CHECK(doc.all("title").front().text.find("<script>alert('x')</script> & \"q\"") == 0);
  for (const auto& p : doc.all("path")) CHECK(p.attributes.count("onload") == 0);

  plot::bar_chart b({.title = nasty});
  b.add(nasty, 3).add("a&b", 2);
  xml_document bars(b.horizontal().svg());
  CHECK(has_text(bars, "a&b"));
}

TEST_CASE("the same input gives the same bytes", "[chart][determinism]") {
  auto make = [] {
    plot::line_chart c({.title = "t"});
    c.add_line("a", minutes(300), wave(300)).add_markers("m", std::vector<timestamp_ns>{minute(7)}, {101.5});
    c.add_band("band", minutes(300), std::vector<double>(300, 90), std::vector<double>(300, 110));
    return c.svg();
  };
  const std::string first = make();
  CHECK(first == make());
  plot::histogram h(wave(500));
  CHECK(h.svg() == h.svg());
  std::vector<double> x{1, 2, 3};
  plot::stacked_area_chart a(x);
  a.add_layer("a", {1, 2, 3}).add_layer("b", {3, 2, 1});
  CHECK(a.svg() == a.svg());
}

TEST_CASE("NaN leaves a gap in the line and a lone point becomes a dot", "[chart][line]") {
  std::vector<double> y = wave(40);
  y[10] = NAN;
  y[12] = NAN;  // y[11] is alone between two gaps
  plot::line_chart c;
  c.add_line("y", y);
  xml_document doc(c.svg());
  const auto paths = doc.all("path");
  REQUIRE(paths.size() == 1);
  const std::string d = paths[0].attr("d");
  CHECK(std::count(d.begin(), d.end(), 'M') == 2);
  CHECK(vertices(d).size() == 37);
  CHECK(doc.all("circle").size() == 1);  // the dot for y[11]
}

TEST_CASE("anomaly markers sit on the points they mark", "[chart][line]") {
  const auto t = minutes(60);
  const auto y = wave(60);
  plot::line_chart c;
  c.add_line("requests", t, y).add_markers("anomaly", std::vector<timestamp_ns>{t[15], t[42]}, {y[15], y[42]});
  xml_document doc(c.svg());
  const auto line = vertices(doc.all("path").front().attr("d"));
  REQUIRE(line.size() == 60);
  const auto markers = doc.all("circle");
  REQUIRE(markers.size() == 3);  // the legend's swatch, then the two markers
  CHECK(markers[1].attr("fill") == "#D55E00");
  CHECK(markers[1].attr("cx") == line[15].first);
  CHECK(markers[1].attr("cy") == line[15].second);
  CHECK(markers[2].attr("cx") == line[42].first);
  CHECK(markers[2].attr("cy") == line[42].second);
  CHECK(has_text(doc, "anomaly"));
}

TEST_CASE("intervals shade the plot and are cut to the data", "[chart][line]") {
  plot::line_chart c;
  c.add_line("y", std::vector<double>{0, 10}, {1, 2})
      .add_interval(2.0, 4.0, "incident")
      .add_interval(8.0, 30.0, "incident")  // runs past the data: cut at x = 10
      .add_interval(50.0, 60.0, "incident");  // outside: not drawn
  xml_document doc(c.svg());
  std::vector<xml_element> shaded;
  for (const auto& r : doc.all("rect"))
    if (r.attr("fill-opacity") == "0.15") shaded.push_back(r);
  REQUIRE(shaded.size() == 2);
  const double x0 = std::stod(shaded[0].attr("x")), w0 = std::stod(shaded[0].attr("width"));
  const double x1 = std::stod(shaded[1].attr("x")), w1 = std::stod(shaded[1].attr("width"));
  CHECK(w1 == Approx(w0).margin(0.02));  // [8, 10] as wide as [2, 4]
  CHECK(x1 - x0 == Approx(3 * w0).margin(0.02));
  CHECK(doc.all("text").size() >= 2);
}

TEST_CASE("a forecast band is one polygon per run of bounds", "[chart][line]") {
  std::vector<double> lower(20, 90), upper(20, 110);
  upper[9] = NAN;
  std::vector<double> x(20);
  for (int i = 0; i < 20; ++i) x[std::size_t(i)] = i;
  plot::line_chart d;
  d.add_line("forecast", x, wave(20), {.dashed = true}).add_band("95% interval", x, lower, upper);
  xml_document doc(d.svg());
  const auto paths = doc.all("path");
  REQUIRE(paths.size() == 2);
  CHECK(paths[0].attr("fill-opacity") == "0.18");
  const std::string band = paths[0].attr("d");
  CHECK(std::count(band.begin(), band.end(), 'Z') == 2);
  CHECK(paths[1].attr("stroke-dasharray") == "6 4");
}

TEST_CASE("empty and unplottable input draw 'no data'", "[chart][empty]") {
  auto says_no_data = [](const std::string& svg) { return has_text(xml_document(svg), "no data"); };
  CHECK(says_no_data(plot::line_chart().svg()));
  plot::line_chart nans;
  nans.add_line("y", std::vector<double>{NAN, INFINITY, NAN});
  CHECK(says_no_data(nans.svg()));
  CHECK(says_no_data(plot::bar_chart().svg()));
  CHECK(says_no_data(plot::bar_chart().horizontal().svg()));
  CHECK(says_no_data(plot::histogram({}).svg()));
  CHECK(says_no_data(plot::histogram({NAN}).svg()));
  CHECK(says_no_data(plot::stacked_area_chart(std::vector<double>{}).svg()));
  CHECK(says_no_data(plot::stacked_area_chart(std::vector<double>{1, 2}).svg()));  // no layers
  plot::line_chart one;  // a single point is data, not an empty range
  one.add_line("y", minutes(1), {5});
  CHECK_FALSE(says_no_data(one.svg()));
}

TEST_CASE("misuse throws invalid_argument", "[chart]") {
  plot::line_chart c;
  CHECK_THROWS_AS(c.add_line("y", std::vector<double>{1, 2}, {1}), std::invalid_argument);
  c.add_line("y", minutes(3), {1, 2, 3});
  CHECK_THROWS_AS(c.add_line("x", std::vector<double>{1, 2, 3}, {1, 2, 3}), std::invalid_argument);
  CHECK_THROWS_AS(c.add_interval(1.0, 2.0), std::invalid_argument);
  plot::stacked_area_chart a(std::vector<double>{1, 2});
  CHECK_THROWS_AS(a.add_layer("a", {1}), std::invalid_argument);
  CHECK_THROWS_AS(plot::histogram({1, 2}).bin_width(0), std::invalid_argument);
  CHECK_THROWS_AS(plot::histogram({0, 1e12}).bin_width(1).svg(), std::invalid_argument);
}

TEST_CASE("many points are thinned to a few per pixel column", "[chart][line]") {
  const int n = 100000;
  std::vector<double> y(n);
  for (int i = 0; i < n; ++i) y[std::size_t(i)] = (i % 2 ? 1 : -1) * (i % 1000);
  plot::line_chart c({.width = 800});
  c.add_line("y", y);
  const std::string svg = c.svg();
  xml_document doc(svg);
  const auto v = vertices(doc.all("path").front().attr("d"));
  CHECK(v.size() <= 4 * 800);
  CHECK(v.size() > 1000);
  CHECK(svg.size() < 200'000);
  // The extremes survive thinning: the highest vertex is near the top of the plot (y ~ 20..330).
  double top = 1e9;
  for (const auto& p : v) top = std::min(top, std::stod(p.second));
  CHECK(top < 100);
}

TEST_CASE("unsorted x is drawn in x order", "[chart][line]") {
  plot::line_chart c;
  c.add_line("y", std::vector<double>{3, 1, 2}, {30, 10, 20});
  const auto v = vertices(xml_document(c.svg()).all("path").front().attr("d"));
  REQUIRE(v.size() == 3);
  CHECK(std::stod(v[0].first) < std::stod(v[1].first));
  CHECK(std::stod(v[1].first) < std::stod(v[2].first));
}

TEST_CASE("bar charts: vertical with turned labels, horizontal with values", "[chart][bar]") {
  plot::bar_chart v({.title = "status"});
  v.add("200", 900).add("404", 80).add("500", -5);
  xml_document vd(v.svg());
  CHECK(has_text(vd, "900"));
  CHECK(has_text(vd, "404"));
  CHECK(vd.all("rect").size() >= 4);

  plot::bar_chart crowded({.width = 400});
  for (int i = 0; i < 30; ++i) crowded.add("/api/v1/endpoint/" + std::to_string(i), i);
  bool turned = false;
  for (const auto& t : xml_document(crowded.svg()).all("text"))
    turned = turned || t.attr("transform").find("rotate(-45") == 0;
  CHECK(turned);

  plot::bar_chart top({.title = "Top URLs", .height = 200});
  const std::string long_url = "/static/assets/vendor/some/really/long/path/to/a/bundle.min.js?v=1234567890abcdef";
  for (int i = 0; i < 25; ++i) top.add(i == 0 ? long_url : "/u" + std::to_string(i), 1000 - i * 30);
  xml_document hd(top.horizontal().svg());
  CHECK(std::stod(hd.elements().front().attr("height")) >= 25 * 12 * 1.7);  // grew to fit the rows
  bool shortened = false;
  for (const auto& t : hd.all("text"))
    if (t.text.find("…") != std::string::npos) {
      shortened = true;
      CHECK(t.text.find("/static/assets") == 0);
    }
  CHECK(shortened);
  bool tooltip = false;
  for (const auto& t : hd.all("title")) tooltip = tooltip || t.text == long_url;
  CHECK(tooltip);
  CHECK(has_text(hd, "1000"));
}

TEST_CASE("histogram bins by count and by width", "[chart][histogram]") {
  const std::vector<double> v{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NAN, INFINITY};
  auto bins = plot::make_bins(v, 5);
  REQUIRE(bins.size() == 5);
  CHECK(bins.front().lo == 0);
  CHECK(bins.back().hi == 10);
  CHECK(bins[0].count == 2);  // 0, 1
  CHECK(bins[4].count == 3);  // 8, 9 and the maximum 10
  std::size_t total = 0;
  for (const auto& b : bins) total += b.count;
  CHECK(total == 11);

  bins = plot::make_bins_by_width(std::vector<double>{-3, 12, 49.9, 50, 120}, 50);
  REQUIRE(bins.size() == 4);
  CHECK(bins[0].lo == -50);
  CHECK(bins[0].count == 1);
  CHECK(bins[1].count == 2);
  CHECK(bins[2].count == 1);
  CHECK(bins[3].count == 1);
  CHECK(bins[3].hi == 150);

  CHECK(plot::make_bins(std::vector<double>{7, 7, 7}).size() == 1);
  CHECK(plot::make_bins(std::vector<double>(1024, 1.0)).front().count == 1024);
  CHECK(plot::make_bins(std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8}).size() == 4);  // Sturges: 1 + log2(8)
  CHECK(plot::make_bins(std::vector<double>{}).empty());

  plot::histogram h(wave(1000), {.title = "latency", .x_title = "ms"});
  h.bin_width(5).add_vline(120, "p99");
  xml_document doc(h.svg());
  CHECK(has_text(doc, "p99"));
  CHECK(doc.all("rect").size() > 10);
}

TEST_CASE("stacked areas stack, and percent mode sums to 100", "[chart][area]") {
  const auto t = minutes(4);
  plot::stacked_area_chart a(t, {.title = "status"});
  a.add_layer("2xx", {10, 10, 10, 10}).add_layer("5xx", {0, 5, NAN, -3});
  xml_document doc(a.svg());
  const auto paths = doc.all("path");
  REQUIRE(paths.size() == 2);
  const auto bottom = vertices(paths[0].attr("d")), top = vertices(paths[1].attr("d"));
  REQUIRE(top.size() == 8);
  CHECK(top[0].second == bottom[0].second);   // 5xx = 0 at the first minute
  CHECK(top[1].second != bottom[1].second);   // 5xx = 5
  CHECK(top[2].second == bottom[2].second);   // NaN counts as 0
  CHECK(top[3].second == bottom[3].second);   // negative counts as 0
  CHECK(has_text(doc, "2xx"));

  plot::stacked_area_chart p(std::vector<double>{1, 2}, {});
  p.add_layer("a", {1, 3}).add_layer("b", {3, 1}).percent();
  xml_document pd(p.svg());
  CHECK(has_text(pd, "100"));
  const auto pp = vertices(pd.all("path")[1].attr("d"));
  CHECK(pp[0].second == pp[1].second);  // both columns top out at 100
}

TEST_CASE("Chinese labels pass through as UTF-8", "[chart][cjk]") {
  plot::bar_chart b({.title = "错误最多的接口"});
  b.add("登录接口 /api/login", 12).add("支付", 7);
  const std::string svg = b.horizontal().svg();
  xml_document doc(svg);
  CHECK(doc.all("title").front().text == "错误最多的接口");
  CHECK(has_text(doc, "支付"));
  CHECK(svg.find("Noto Sans CJK SC") != std::string::npos);
}

TEST_CASE("arbitrary values never break a chart", "[chart][robustness]") {
  splitmix rng{42};
  for (int round = 0; round < 40; ++round) {
    const std::size_t n = rng.next() % 50;
    std::vector<double> x, y, y2;
    for (std::size_t i = 0; i < n; ++i) {
      x.push_back(rng.value());
      y.push_back(rng.value());
      y2.push_back(rng.value());
    }
    plot::line_chart c({.y_min = round % 3 == 0 ? std::optional<double>(-5) : std::nullopt});
    c.add_line("a", x, y).add_band("b", x, y, y2).add_markers("m", x, y2).add_interval(rng.value(), rng.value(), "i");
    CHECK_NOTHROW(xml_document(c.svg()));
    plot::bar_chart b;
    for (std::size_t i = 0; i < n; ++i) b.add(std::to_string(i), y[i]);
    CHECK_NOTHROW(xml_document(b.svg()));
    CHECK_NOTHROW(xml_document(b.horizontal().svg()));
    CHECK_NOTHROW(xml_document(plot::histogram(y).svg()));
    plot::stacked_area_chart a(x);
    a.add_layer("a", y).add_layer("b", y2).percent(round % 2 == 0);
    CHECK_NOTHROW(xml_document(a.svg()));

    std::vector<timestamp_ns> t;  // anywhere in the int64 range
    for (std::size_t i = 0; i < n; ++i) t.push_back(std::int64_t(rng.next() >> (rng.next() % 64)) * (i % 2 ? 1 : -1));
    plot::line_chart tc;
    tc.add_line("a", t, y).add_markers("m", t, y2);
    if (n > 0) tc.add_interval(t.front(), t.back(), "i");
    CHECK_NOTHROW(xml_document(tc.svg()));
    plot::stacked_area_chart ta(t);
    ta.add_layer("a", y);
    CHECK_NOTHROW(xml_document(ta.svg()));
  }
}
