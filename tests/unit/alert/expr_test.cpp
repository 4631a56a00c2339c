// aiops: the PromQL subset of alert expressions: parsing errors and evaluation on a series store
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>   // std::isnan
#include <string>  // std::string

#include <aiops/alert/expr.hpp>

#include "support.hpp"

using namespace aiops::alert;
using aiops::testing::t0;
using aiops::ns_per_second;

namespace {
double only_value(const std::vector<element>& v) {
  REQUIRE(v.size() == 1);
  return v[0].value;
}
}  // namespace

TEST_CASE("durations read and print as Prometheus writes them", "[alert][expr]") {
  CHECK(parse_duration("5m").value().count() == 300'000);
  CHECK(parse_duration("1h30m").value().count() == 5'400'000);
  CHECK(parse_duration("250ms").value().count() == 250);
  CHECK(parse_duration("1w").value().count() == 604'800'000);
  CHECK_FALSE(parse_duration(""));
  CHECK_FALSE(parse_duration("5"));
  CHECK_FALSE(parse_duration("m5"));
  CHECK_FALSE(parse_duration("5x"));
  CHECK_FALSE(parse_duration("99999999999999999y"));
  CHECK(format_duration(std::chrono::milliseconds(5'400'000)) == "1h30m");
  CHECK(format_duration(std::chrono::milliseconds(0)) == "0s");
  CHECK(format_duration(std::chrono::milliseconds(1'500)) == "1s500ms");
}

TEST_CASE("a threshold keeps the breaching series with their labels and values", "[alert][expr]") {
  series_store store;
  store.add("node_load1", {{"instance", "a"}, {"job", "node"}}, t0, 5.5);
  store.add("node_load1", {{"instance", "b"}, {"job", "node"}}, t0, 0.5);
  store.add("node_load5", {{"instance", "a"}, {"job", "node"}}, t0, 9);

  const auto e = expression::parse("node_load1{job=\"node\"} > 4");
  REQUIRE(e);
  const auto out = e->evaluate(store, t0);
  REQUIRE(out.size() == 1);
  CHECK(out[0].labels.at("instance") == "a");
  CHECK(out[0].labels.at("__name__") == "node_load1");  // a filter keeps the metric name
  CHECK(out[0].value == 5.5);

  CHECK(expression::parse("node_load1 > bool 4")->evaluate(store, t0).size() == 2);
  CHECK(expression::parse("node_load1{instance=~\"a|b\"}")->evaluate(store, t0).size() == 2);
  CHECK(expression::parse("node_load1{instance!~\"a\"}")->evaluate(store, t0).size() == 1);
  CHECK(expression::parse("{__name__=~\"node_load.*\", instance=\"a\"}")->evaluate(store, t0).size() == 2);
  // Samples older than the 5-minute lookback no longer count.
  CHECK(e->evaluate(store, t0 + 301 * ns_per_second).empty());
}

TEST_CASE("rate and increase handle counter resets", "[alert][expr]") {
  series_store store;
  // 0, 10, 20, then a restart to 5, 15: an increase of 20 + 5 + 10 = 35 over 40 s.
  const double values[] = {0, 10, 20, 5, 15};
  for (int k = 0; k < 5; ++k) store.add("errors_total", {{"job", "api"}}, t0 + k * 10 * ns_per_second, values[k]);
  const auto at = t0 + 40 * ns_per_second;
  CHECK(only_value(expression::parse("rate(errors_total[1m])")->evaluate(store, at)) == Approx(35.0 / 40));
  CHECK(only_value(expression::parse("increase(errors_total[1m])")->evaluate(store, at)) == Approx(35.0 / 40 * 60));
  CHECK(only_value(expression::parse("max_over_time(errors_total[1m])")->evaluate(store, at)) == 20);
  CHECK(only_value(expression::parse("count_over_time(errors_total[15s])")->evaluate(store, at)) == 2);
  // One sample in the window is not enough for a rate.
  CHECK(expression::parse("rate(errors_total[5s])")->evaluate(store, at).empty());
  const auto rate = expression::parse("rate(errors_total[1m])")->evaluate(store, at);
  CHECK(rate[0].labels.count("__name__") == 0);
}

TEST_CASE("absent reports a missing series with the selector's labels", "[alert][expr]") {
  series_store store;
  store.add("up", {{"job", "node"}}, t0, 1);
  const auto missing = expression::parse("absent(up{job=\"api\"})")->evaluate(store, t0);
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].labels == label_set{{"job", "api"}});
  CHECK(expression::parse("absent(up{job=\"node\"})")->evaluate(store, t0).empty());
  CHECK(expression::parse("absent_over_time(up{job=\"node\"}[1m])")->evaluate(store, t0 + 30 * ns_per_second).empty());
  CHECK(expression::parse("absent_over_time(up{job=\"node\"}[1m])")->evaluate(store, t0 + 90 * ns_per_second).size() == 1);
}

TEST_CASE("arithmetic matches series one to one and aggregates by labels", "[alert][expr]") {
  series_store store;
  for (const char* host : {"a", "b"}) {
    store.add("node_memory_MemAvailable_bytes", {{"instance", host}}, t0, host[0] == 'a' ? 1.0e9 : 7.0e9);
    store.add("node_memory_MemTotal_bytes", {{"instance", host}}, t0, 8.0e9);
  }
  const auto used = expression::parse(
      "(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) * 100 > 80")->evaluate(store, t0);
  REQUIRE(used.size() == 1);
  CHECK(used[0].labels == label_set{{"instance", "a"}});
  CHECK(used[0].value == Approx(87.5));

  store.add("node_cpu_seconds_total", {{"instance", "a"}, {"cpu", "0"}, {"mode", "idle"}}, t0 - 60 * ns_per_second, 0);
  store.add("node_cpu_seconds_total", {{"instance", "a"}, {"cpu", "0"}, {"mode", "idle"}}, t0, 6);
  store.add("node_cpu_seconds_total", {{"instance", "a"}, {"cpu", "1"}, {"mode", "idle"}}, t0 - 60 * ns_per_second, 0);
  store.add("node_cpu_seconds_total", {{"instance", "a"}, {"cpu", "1"}, {"mode", "idle"}}, t0, 30);
  const auto busy = expression::parse(
      "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m])))")->evaluate(store, t0);
  CHECK(only_value(busy) == Approx(70));
  CHECK(expression::parse("count without (cpu, mode) (node_cpu_seconds_total)")->evaluate(store, t0)[0].value == 2);
  CHECK(expression::parse("-node_memory_MemTotal_bytes{instance=\"a\"}")->evaluate(store, t0)[0].value == -8e9);
  CHECK(expression::parse("2 ^ 3").has_value() == false);  // not supported: reported, not misread
  CHECK(only_value(expression::parse("1 + 2 * 3")->evaluate(store, t0)) == 7);
  CHECK(std::isnan(only_value(expression::parse("NaN")->evaluate(store, t0))));
}

TEST_CASE("bad expressions fail with a column and a reason", "[alert][expr]") {
  const auto check = [](const char* text, std::size_t column, const char* reason) {
    const auto e = expression::parse(text);
    REQUIRE_FALSE(e);
    CAPTURE(text, e.error().message);
    CHECK(e.error().column == column);
    CHECK(e.error().message.find(reason) != std::string::npos);
  };
  check("rate(x)", 5, "range selector");
  check("sum(", 5, "unexpected end");
  check("x{a=\"b\"", 8, "expected \"}\"");
  check("x{a=~\"(\"}", 6, "bad regular expression");
  check("histogram_quantile(x)", 1, "unsupported function");
  check("x[5q]", 3, "bad range duration");
  check("1 > 2", 6, "bool modifier");
  check("x )", 3, "unexpected");
  check("{}", 3, "metric name or a matcher");
  check("sum(1 + 2)", 10, "needs a vector");
  CHECK(expression::parse("x{a=\"b\",}"));  // a trailing comma is valid PromQL
  CHECK_FALSE(expression::parse(std::string(100'000, '(') + "1"));
  CHECK_FALSE(expression::parse(std::string(100'000, '-') + "1"));
  CHECK(expression::parse(std::string(50, '(') + "1" + std::string(50, ')')));
}

TEST_CASE("label matchers parse on their own for silences and routes", "[alert][expr]") {
  const auto m = parse_matchers("{severity=\"critical\", instance=~\"web-.*\"}");
  REQUIRE(m);
  CHECK(matches_all(*m, {{"severity", "critical"}, {"instance", "web-1"}}));
  CHECK_FALSE(matches_all(*m, {{"severity", "warning"}, {"instance", "web-1"}}));
  CHECK_FALSE(parse_matchers("{a=\"b\"}[5m]"));
  CHECK_FALSE(parse_matchers("{a=\"b\"} > 1"));
}
