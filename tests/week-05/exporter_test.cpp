// aiops: week 05 grader: an exporter for a custom metric, checked by promtool, scraped by the real Prometheus, queried
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>  // std::chrono
#include <thread>  // std::this_thread::sleep_for: the pause between two polls

#include <aiops/prom.hpp>
#include <aiops/sys.hpp>
#include <aiops/week05/exporter.hpp>

#include "servers.hpp"

using namespace aiops::testing;
namespace prom = aiops::prom;

namespace {
// `promtool check metrics` on `page`: 0 = clean, 3 = lint remarks, 1 = does not parse.
int promtool(const std::string& page, std::string& output) {
  aiops::sys::run_options o;
  o.stdin_text = page;
  o.timeout = std::chrono::seconds(60);
  auto r = aiops::sys::run({"promtool", "check", "metrics"}, o);
  REQUIRE(r);
  output = r->out + r->err;
  return r->exit_code;
}

double value_of(const prom::parse_result& r, const std::string& family, const std::string& sample,
                const prom::label_set& labels) {
  const auto* f = r.find(family);
  REQUIRE(f != nullptr);
  for (const auto& s : f->samples)
    if (s.name == sample && s.labels == labels) return s.value;
  FAIL("no sample " << sample << " with the expected labels in family " << family);
  return 0;
}
}  // namespace

TEST_CASE("task-1: a queue's metrics in the text format, accepted by promtool", "[week-05][task-1]") {
  INFO("Hint: exercises/week-05/README.md, task 1");
  const std::map<std::string, double> depth{{"email", 7}, {"say \"hi\"", 0.5}, {"C:\\jobs", 3}, {"two\nlines", 1e21}};
  const std::string page = aiops::week05::render_queue(depth, 1234);
  INFO(page);
  const auto r = prom::parse(page);
  REQUIRE(r.ok());
  CHECK(r.find("queue_depth")->type == prom::metric_type::gauge);
  CHECK(!r.find("queue_depth")->help.empty());
  CHECK(r.find("queue_jobs_processed_total")->type == prom::metric_type::counter);
  for (const auto& [queue, jobs] : depth) CHECK(value_of(r, "queue_depth", "queue_depth", {{"queue", queue}}) == jobs);
  CHECK(value_of(r, "queue_jobs_processed_total", "queue_jobs_processed_total", {}) == 1234);
  std::string remarks;
  CHECK(promtool(page, remarks) == 0);
  INFO(remarks);
  CHECK(remarks.empty());
}

TEST_CASE("task-2: a live /metrics endpoint with a gauge, a counter and a histogram", "[week-05][task-2]") {
  INFO("Hint: exercises/week-05/README.md, task 2");
  aiops::week05::queue_exporter exporter("127.0.0.1", 0);
  exporter.set_depth("email", 4);
  exporter.set_depth("sms", 2);
  exporter.set_depth("sms", 1);
  for (double seconds : {0.05, 0.3, 0.3, 2.0, 9.0}) exporter.job_done(seconds);
  aiops::http::client c("http://127.0.0.1:" + std::to_string(exporter.port()));
  const std::string page = c.get("/metrics").body;
  INFO(page);
  const auto r = prom::parse(page);
  REQUIRE(r.ok());
  CHECK(value_of(r, "queue_depth", "queue_depth", {{"queue", "sms"}}) == 1);
  CHECK(value_of(r, "queue_jobs_processed_total", "queue_jobs_processed_total", {}) == 5);
  const std::string h = "queue_job_duration_seconds";
  CHECK(r.find(h)->type == prom::metric_type::histogram);
  CHECK(value_of(r, h, h + "_bucket", {{"le", "0.1"}}) == 1);
  CHECK(value_of(r, h, h + "_bucket", {{"le", "0.5"}}) == 3);
  CHECK(value_of(r, h, h + "_bucket", {{"le", "5"}}) == 4);
  CHECK(value_of(r, h, h + "_bucket", {{"le", "+Inf"}}) == 5);
  CHECK(value_of(r, h, h + "_count", {}) == 5);
  CHECK(value_of(r, h, h + "_sum", {}) == Approx(11.65));
  std::string remarks;
  CHECK(promtool(page, remarks) == 0);
}

TEST_CASE("task-3: the real Prometheus scrapes your exporter and you query it back", "[week-05][task-3]") {
  INFO("Hint: exercises/week-05/README.md, task 3. " << server_hint("prometheus", prometheus_url()));
  // scripts/servers configures Prometheus to scrape 127.0.0.1:19101 every second as job "aiops".
  aiops::week05::queue_exporter exporter("127.0.0.1", 19101);
  exporter.set_depth("email", 7);
  exporter.set_depth("sms", 5);
  exporter.job_done(0.2);
  // Poll (a scrape every second): the three values arrive together once a scrape after the sets is in.
  const auto query = [](const std::string& promql) { return aiops::week05::query_value(prometheus_url(), promql); };
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  bool seen = false;
  while (!seen && std::chrono::steady_clock::now() < until) {
    seen = query("queue_depth{job=\"aiops\",queue=\"email\"}") == 7 && query("sum(queue_depth{job=\"aiops\"})") == 12 &&
           query("queue_jobs_processed_total{job=\"aiops\"}") == 1;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  REQUIRE(seen);
  CHECK_FALSE(aiops::week05::query_value(prometheus_url(), "queue_depth{job=\"aiops\",queue=\"none\"}"));
  CHECK(aiops::week05::query_value(prometheus_url(), "scalar(sum(queue_depth{job=\"aiops\"}))") == 12);
  CHECK_THROWS_AS(aiops::week05::query_value(prometheus_url(), "queue_depth{job=\"aiops\"}"), aiops::error);
  CHECK_THROWS_AS(aiops::week05::query_value(prometheus_url(), "sum("), aiops::error);
}
