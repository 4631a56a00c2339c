// aiops: tests of the self-contained HTML report
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <aiops/plot.hpp>

#include <fstream>     // std::ifstream
#include <sstream>     // std::ostringstream
#include <string>      // std::string

#include "scratch.hpp"
#include "xml_check.hpp"

using namespace aiops;

namespace {
std::string report_with_chart() {
  plot::line_chart c({.title = "请求数 per minute"});
  c.add_line("requests", std::vector<double>{1, 3, 2, 5});
  plot::html_report r("Analysis of access.log <nightly>", "zh-CN");
  r.paragraph("Intro & summary.\n\nSecond paragraph.");
  r.section("流量 Traffic").paragraph("12 anomalies in 24 h.").chart(c.svg(), "Requests <per> minute");
  r.section("Top errors").heading("5xx").table({"URL", "count"}, {{"/api/login?a=1&b=<2>", "1523"}, {"/x"}});
  r.preformatted("GET /index.html HTTP/1.1\" 500");
  return r.html();
}
}  // namespace

TEST_CASE("the HTML report is self-contained UTF-8 with escaped text", "[html]") {
  const std::string html = report_with_chart();
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("Noto Sans CJK SC") != std::string::npos);
  CHECK(html.find("<title>Analysis of access.log &lt;nightly&gt;</title>") != std::string::npos);
  CHECK(html.find("<h2>流量 Traffic</h2>") != std::string::npos);
  CHECK(html.find("<p>Intro &amp; summary.</p>\n<p>Second paragraph.</p>") != std::string::npos);
  CHECK(html.find("<td>/api/login?a=1&amp;b=&lt;2&gt;</td><td class=\"num\">1523</td>") != std::string::npos);
  CHECK(html.find("<tr><td>/x</td><td></td></tr>") != std::string::npos);  // short row padded
  CHECK(html.find("<figcaption>Requests &lt;per&gt; minute</figcaption>") != std::string::npos);
  CHECK(html.find("HTTP/1.1&quot; 500</pre>") != std::string::npos);
  // Nothing to fetch, nothing to run.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("src=") == std::string::npos);
  CHECK(html.find("href") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  // Sections are closed, in order.
  CHECK(html.find("</section>\n<section>") != std::string::npos);
  CHECK(html.find("</section>\n</body>") != std::string::npos);
}

TEST_CASE("the chart inside the report is well-formed SVG", "[html]") {
  const std::string html = report_with_chart();
  const std::size_t start = html.find("<svg"), end = html.rfind("</svg>", html.find("</figure>"));
  REQUIRE(start != std::string::npos);
  REQUIRE(end != std::string::npos);
  aiops::testing::xml_document doc(html.substr(start, end + 6 - start));
  CHECK(doc.all("title").front().text == "请求数 per minute");
  plot::html_report r("x");
  CHECK_THROWS_AS(r.chart("not svg"), std::invalid_argument);
}

TEST_CASE("the HTML report saves to a file", "[html]") {
  const aiops::testing::scratch_dir dir("plot");
  const auto path = dir / "report.html";
  plot::html_report r("saved");
  r.section("s").paragraph("p");
  r.save(path.string());
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  CHECK(content.str() == r.html());
  CHECK_THROWS_AS(r.save("/nonexistent-dir/x/report.html"), aiops::error);
}
