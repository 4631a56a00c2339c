// aiops: tests of the exposition writer: escapes, special values, format conversions, round trips, promtool
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>   // std::ifstream
#include <limits>    // std::numeric_limits
#include <sstream>   // std::stringstream
#include <string>    // std::string

#include <aiops/prom.hpp>

#include "datasets.hpp"
#include "promtool.hpp"

namespace prom = aiops::prom;

namespace {
std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

prom::metric_family tricky_family() {
  prom::metric_family f{"tricky_total", prom::metric_type::counter, "Help with \\ and\nnewline and \"quotes\".", "", {}};
  f.samples.push_back({"tricky_total", {{"path", "C:\\dir \"x\"\nnext"}, {"utf8", "日本語"}}, 1.5, 1700000000123, std::nullopt});
  f.samples.push_back({"tricky_total", {{"path", ""}, {"utf8", "plain"}}, std::numeric_limits<double>::infinity(),
                       std::nullopt, prom::exemplar{{{"trace_id", "abc"}}, 0.5, 1700000000.5}});
  return f;
}
}  // namespace

TEST_CASE("writer: text format escapes and special values") {
  const std::string text = prom::write({tricky_family()});
  CHECK(text ==
        "# HELP tricky_total Help with \\\\ and\\nnewline and \"quotes\".\n"
        "# TYPE tricky_total counter\n"
        "tricky_total{path=\"C:\\\\dir \\\"x\\\"\\nnext\",utf8=\"日本語\"} 1.5 1700000000123\n"
        "tricky_total{path=\"\",utf8=\"plain\"} +Inf\n");
  CHECK(prom::format_value(std::numeric_limits<double>::quiet_NaN()) == "NaN");
  CHECK(prom::format_value(-std::numeric_limits<double>::infinity()) == "-Inf");
  CHECK(prom::format_value(0.1) == "0.1");
  CHECK(prom::format_value(1e21) == "1e+21");
  // as Go's strconv.FormatFloat(v, 'g', -1, 64), so that le="0.0005" matches what Go exporters write
  CHECK(prom::format_value(0.0005) == "0.0005");
  CHECK(prom::format_value(0.00005) == "5e-05");
  CHECK(prom::format_value(123456) == "123456");
  CHECK(prom::format_value(1234567) == "1.234567e+06");
  CHECK(prom::format_value(1.432739816e+09) == "1.432739816e+09");
  CHECK(prom::format_value(0) == "0");
  CHECK(prom::format_value(-2.5) == "-2.5");
  CHECK(prom::format_value(5e-324) == "5e-324");
}

TEST_CASE("writer: OpenMetrics keeps exemplars and ends with # EOF, counters convert between the formats") {
  const std::string om = prom::write({tricky_family()}, prom::format::openmetrics);
  CHECK(om ==
        "# HELP tricky_total Help with \\\\ and\\nnewline and \\\"quotes\\\".\n"
        "# TYPE tricky_total counter\n"
        "tricky_total{path=\"C:\\\\dir \\\"x\\\"\\nnext\",utf8=\"日本語\"} 1.5 1700000000.123\n"
        "tricky_total{path=\"\",utf8=\"plain\"} +Inf # {trace_id=\"abc\"} 0.5 1700000000.5\n"
        "# EOF\n");
  const auto back = prom::parse(om, prom::format::openmetrics);
  REQUIRE(back.ok());
  CHECK(back.families[0].name == "tricky_total");
  CHECK(back.families[0].help == tricky_family().help);
  CHECK(back.families[0].samples[0].labels == tricky_family().samples[0].labels);
  CHECK(back.families[0].samples[1].exemplar->labels[0].value == "abc");
  // a strict OpenMetrics counter family "x" with samples "x_total" is "x_total" in text
  const auto strict = prom::parse("# TYPE x counter\nx_total 1\nx_created 2\n# EOF\n", prom::format::openmetrics);
  REQUIRE(strict.ok());
  CHECK(prom::write(strict.families) == "# TYPE x_total counter\nx_total 1\n");
}

TEST_CASE("writer: node_exporter's page survives parse -> write -> parse in both formats, and promtool accepts it") {
  const std::string page = read_file(aiops::testing::source_path("tests/unit/prom/data/node_exporter.prom"));
  const auto first = prom::parse(page);
  REQUIRE(first.ok());
  REQUIRE(first.families.size() > 100);
  const std::string text = prom::write(first.families);
  const auto second = prom::parse(text);
  REQUIRE(second.ok());
  REQUIRE(second.families.size() == first.families.size());
  for (std::size_t i = 0; i < first.families.size(); ++i) {
    INFO(first.families[i].name);
    CHECK(second.families[i].name == first.families[i].name);
    CHECK(second.families[i].samples.size() == first.families[i].samples.size());
  }
  const auto om = prom::parse(prom::write(first.families, prom::format::openmetrics), prom::format::openmetrics);
  INFO((om.ok() ? "" : om.errors[0].reason));
  REQUIRE(om.ok());
  // promtool: exit 3 means "parses, with lint remarks"; node_exporter's own camelCase names give those.
  const auto verdict = aiops::testing::promtool_check_metrics(text);
  INFO(verdict.output);
  CHECK(verdict.exit_code != 1);
  CHECK(verdict.output.find("parsing error") == std::string::npos);
}

TEST_CASE("parser: every page promtool rejects, we reject too (and the reverse) on a set of tricky pages") {
  const std::vector<std::string> pages = {
      "a 1\n", "a{b=\"c\" 1\n", "a{b=\"\\q\"} 1\n", "a 1 2 3\n", "# TYPE a counter\n# TYPE a gauge\n",
      "a{b=\"1\",b=\"2\"} 1\n", "a{,} 1\n", "a{b=\"x\",} 1\n", "# TYPE h histogram\nh_bucket{le=\"nope\"} 1\n",
      "a -Inf\nb NaN\nc +inf\n", "a 0x1p3\n", "  a 1 \n", "a 1\r\n", "a{b=\"\xc3\x28\"} 1\n", "# HELP a \\q\n",
      "a\t{b=\"1\"}\t1\t2\n", "a{__name__=\"x\"} 1\n", "a 1e500\n", "a 1e-500\n", "a 1 +5\n",
      "a 1 9223372036854775808\n", "a 1 \n", "a +nan\n", "a Infinity\n", "a{} 1\n", "#HELP a x\n", "a{b=\"1\"}1\n",
      "x { a = \"1\" , } 1e3 +5\n", "# TYPE a gauge extra\n", "a 1 2 # c\n", "a 1_0\n"};
  for (const auto& p : pages) {
    INFO(p);
    const auto verdict = aiops::testing::promtool_check_metrics(p);
    CHECK(prom::parse(p).ok() == (verdict.exit_code != 1));
  }
}
