// aiops: tests of terminal sparklines and text bars
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/plot.hpp>

#include <cmath>   // NAN
#include <string>  // std::string
#include <vector>  // std::vector

using namespace aiops;

TEST_CASE("sparklines map the range onto eight blocks", "[text][sparkline]") {
  CHECK(plot::sparkline(std::vector<double>{0, 1, 2, 3, 4, 5, 6, 7}) == "▁▂▃▄▅▆▇█");
  CHECK(plot::sparkline(std::vector<double>{1, NAN, 3}) == "▁ █");
  CHECK(plot::sparkline(std::vector<double>{5, 5, 5}) == "▄▄▄");
  CHECK(plot::sparkline(std::vector<double>{0, 0, 0}, {.min = 0.0}) == "▁▁▁");  // nothing at the floor, not half-way
  CHECK(plot::sparkline(std::vector<double>{}).empty());
  CHECK(plot::sparkline(std::vector<double>{NAN, NAN}) == "  ");
}

TEST_CASE("sparklines take a fixed range and a width", "[text][sparkline]") {
  plot::sparkline_options fixed;
  fixed.min = 0;
  fixed.max = 100;
  CHECK(plot::sparkline(std::vector<double>{0, 50, 100, 150, -20}, fixed) == "▁▅██▁");
  plot::sparkline_options narrow;
  narrow.width = 4;
  std::vector<double> v;
  for (int i = 0; i < 16; ++i) v.push_back(i < 8 ? 0 : 10);
  v[5] = NAN;
  CHECK(plot::sparkline(v, narrow) == "▁▁██");
  narrow.width = 100;  // wider than the data: one character per value
  CHECK(plot::sparkline(std::vector<double>{1, 2}, narrow) == "▁█");
}

TEST_CASE("text bars align labels, bars and values", "[text][bars]") {
  const std::string out = plot::text_bars({{"/api/login", 100}, {"/x", 50}, {"/y", 3}, {"/neg", -1}}, 10);
  CHECK(out ==
        "/api/login ██████████ 100\n"
        "/x         █████       50\n"
        "/y         ▎            3\n"
        "/neg                   -1\n");
}

TEST_CASE("text bars count wide characters as two columns and shorten long labels", "[text][bars]") {
  const std::string out = plot::text_bars({{"登录", 2}, {"ab", 1}, {std::string(60, 'x'), 1}}, 4, 10);
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; (end = out.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(out.substr(start, end - start));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "登录      ████ 2");
  CHECK(lines[1] == "ab        ██   1");
  CHECK(lines[2] == "xxxx…xxxx ██   1");
}
