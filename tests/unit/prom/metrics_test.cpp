// aiops: tests of counters, gauges, histograms, summaries, families and the registry
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <algorithm>  // std::sort
#include <chrono>     // std::chrono
#include <cmath>      // std::isnan
#include <random>     // std::mt19937_64
#include <thread>     // std::thread
#include <vector>     // std::vector

#include <aiops/prom.hpp>

#include "promtool.hpp"

namespace prom = aiops::prom;

TEST_CASE("counter: integer and fractional increments from two threads add up exactly") {
  prom::counter c;
  const auto work = [&c] {
    for (int i = 0; i < 100000; ++i) {
      c.increment();
      c.increment(0.5);
    }
  };
  std::thread a(work), b(work);
  a.join();
  b.join();
  CHECK(c.value() == 300000.0);
  CHECK_THROWS_AS(c.increment(-1), std::invalid_argument);
  CHECK_THROWS_AS(c.increment(std::nan("")), std::invalid_argument);
}

TEST_CASE("gauge: set, up, down") {
  prom::gauge g;
  g.set(3);
  g.increment(2);
  g.decrement();
  CHECK(g.value() == 4);
  g.set_to_current_time();
  CHECK(g.value() > 1.7e9);
}

TEST_CASE("histogram: le buckets are cumulative, bounds inclusive, +Inf equals the count") {
  prom::histogram h({1, 2, 5});
  for (double v : {0.5, 1.0, 1.5, 2.0, 7.0, 100.0}) h.observe(v);
  CHECK(h.cumulative_counts() == std::vector<std::uint64_t>{2, 4, 4, 6});
  CHECK(h.sum() == 112);
  std::vector<prom::sample> out;
  h.append("d", {{"path", "/"}}, out);
  REQUIRE(out.size() == 6);
  CHECK(out[0].name == "d_bucket");
  CHECK(out[0].labels == prom::label_set{{"path", "/"}, {"le", "1"}});
  CHECK(out[3].labels[1].value == "+Inf");
  CHECK(out[5].name == "d_count");
  CHECK(out[5].value == 6);
  CHECK_THROWS_AS(prom::histogram({2, 1}), std::invalid_argument);
  CHECK(prom::exponential_buckets(1, 2, 4) == std::vector<double>{1, 2, 4, 8});
  CHECK(prom::linear_buckets(0, 5, 3) == std::vector<double>{0, 5, 10});
}

TEST_CASE("quantile_stream: every target within its rank error, memory far below the count") {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(0, 1);
  std::vector<double> values(200000);
  prom::quantile_stream q({{0.5, 0.05}, {0.9, 0.01}, {0.99, 0.001}});
  for (double& v : values) {
    v = latency(rng);
    q.insert(v);
  }
  std::vector<double> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  const auto rank_of = [&sorted](double v) {
    return double(std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin()) / double(sorted.size());
  };
  CHECK(std::abs(rank_of(q.query(0.5)) - 0.5) <= 0.05);
  CHECK(std::abs(rank_of(q.query(0.9)) - 0.9) <= 0.01);
  CHECK(std::abs(rank_of(q.query(0.99)) - 0.99) <= 0.001);
  CHECK(q.count() == values.size());
  CHECK(q.size() < 2000);
  prom::quantile_stream empty({{0.5, 0.05}});
  CHECK(std::isnan(empty.query(0.5)));
}

TEST_CASE("summary: quantiles over a sliding window, sum and count for ever") {
  auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
  prom::summary_options o;
  o.max_age = std::chrono::seconds(50);
  o.age_buckets = 5;
  o.now = [&now] { return now; };
  prom::summary s(o);
  for (int i = 1; i <= 100; ++i) s.observe(i);
  CHECK(s.quantile(0.5) == Approx(50).margin(5));
  now += std::chrono::seconds(60);  // the whole window passed: old values are gone
  CHECK(std::isnan(s.quantile(0.5)));
  s.observe(1000);
  CHECK(s.quantile(0.99) == 1000);
  CHECK(s.count() == 101);
  CHECK(s.sum() == 5050 + 1000);
}

TEST_CASE("registry: families with labels, reserved names refused, output passes promtool without remarks") {
  prom::registry reg;
  auto& requests = reg.add_counter("http_requests_total", "HTTP requests by method and code.", {"method", "code"});
  requests.with({"GET", "200"}).increment();
  requests.with({"GET", "200"}).increment(2);
  requests.with({"POST", "500"}).increment();
  reg.add_gauge("queue_length", "Jobs waiting.").with().set(7);
  auto& latency = reg.add_histogram("http_request_duration_seconds", "Latency.", {"path"}, {0.1, 0.5, 1});
  latency.with({"/a\"b"}).observe(0.3);
  auto& size = reg.add_summary("response_size_bytes", "Response sizes.");
  for (int i = 0; i < 10; ++i) size.with().observe(i * 100);

  CHECK_THROWS_AS(reg.add_gauge("queue_length", "again"), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_gauge("bad-name", "x"), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_histogram("h_seconds", "x", {"le"}), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_summary("s_seconds", "x", {"quantile"}), std::invalid_argument);
  CHECK_THROWS_AS(reg.add_counter("c_total", "x", {"a", "a"}), std::invalid_argument);
  CHECK_THROWS_AS(requests.with({"GET"}), std::invalid_argument);

  const std::string text = reg.serialize();
  const auto parsed = prom::parse(text);
  REQUIRE(parsed.ok());
  const auto* req = parsed.find("http_requests_total");
  REQUIRE(req != nullptr);
  CHECK(req->samples[0].value == 3);
  CHECK(parsed.find("http_request_duration_seconds")->samples.size() == 6);
  CHECK(parsed.find("response_size_bytes")->samples.size() == 5);

  const auto verdict = aiops::testing::promtool_check_metrics(text);
  INFO(text << "\n" << verdict.output);
  CHECK(verdict.exit_code == 0);

  const auto om = prom::parse(reg.serialize(prom::format::openmetrics), prom::format::openmetrics);
  INFO((om.ok() ? "" : om.errors[0].reason));
  CHECK(om.ok());
  CHECK(om.find("http_requests_total") != nullptr);

  requests.remove({"POST", "500"});
  CHECK(prom::parse(reg.serialize()).find("http_requests_total")->samples.size() == 1);
}

TEST_CASE("registry: collectors add families at scrape time") {
  prom::registry reg;
  int calls = 0;
  reg.add_collector([&calls](std::vector<prom::metric_family>& out) {
    ++calls;
    out.push_back({"scrapes_seen", prom::metric_type::gauge, "Scrapes.", "", {{"scrapes_seen", {}, 1.0 * calls, {}, {}}}});
  });
  reg.serialize();
  const auto r = prom::parse(reg.serialize());
  CHECK(r.find("scrapes_seen")->samples[0].value == 2);
}
