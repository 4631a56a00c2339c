// aiops: aiops::prom against the real Prometheus, node_exporter, Pushgateway and VictoriaMetrics of scripts/servers
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>      // std::chrono
#include <cmath>       // std::abs
#include <functional>  // std::function
#include <string>      // std::string
#include <thread>      // std::this_thread::sleep_for: the pause between two polls

#include <aiops/prom.hpp>

#include "servers.hpp"
#include "../unit/prom/promtool.hpp"

namespace prom = aiops::prom;

using aiops::testing::quick;

namespace {
using clock_type = std::chrono::steady_clock;

// Polls `ready` every 100 ms for at most `limit`: servers get ready when they are ready.
bool poll(const std::function<bool()>& ready, std::chrono::seconds limit = std::chrono::seconds(60)) {
  const auto until = clock_type::now() + limit;
  while (clock_type::now() < until) {
    if (ready()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return ready();
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The exporter of `aiops export`, run in this process on the port Prometheus scrapes as job "aiops".
struct exporter {
  prom::registry reg;
  prom::metrics_server server;
  exporter() : server(setup(reg), "127.0.0.1", 19101) { server.start(); }
  static prom::registry& setup(prom::registry& r) {
    r.add_collector(prom::host_collector());
    r.add_collector(prom::collect_process);
    return r;
  }
};

// The one value of an instant query that must return exactly one series.
double single(prom::api_client& api, const std::string& promql, double at) {
  const auto r = api.query(promql, at);
  INFO(promql);
  REQUIRE(r.vector.size() == 1);
  return r.vector[0].at.value;
}

}  // namespace

TEST_CASE("Prometheus scrapes our exporter, our values match node_exporter's for the same counters",
          "[integration][prom]") {
  const std::string url = aiops::testing::prometheus_url();
  INFO(aiops::testing::server_hint("prometheus", url) << " (with the aiops scrape job on 127.0.0.1:19101)");
  exporter ours;
  prom::api_client api(url, quick());

  // A few scrapes of this exporter in: its own scrape counter, stale while no exporter ran, says so.
  REQUIRE(poll([&] { return api.query("aiops_scrapes_total{job=\"aiops\"} >= 3").vector.size() == 1; }));
  REQUIRE(api.query("up{job=\"node\"} == 1").vector.size() == 1);

  const double at = now_seconds();
  // `pattern` with JOB replaced by each job's matcher: node_exporter's answer and ours must agree.
  const auto same = [&](const std::string& pattern, double tolerance) {
    const auto for_job = [&pattern](const std::string& job) {
      std::string q = pattern;
      q.replace(q.find("JOB"), 3, "job=\"" + job + "\"");
      return q;
    };
    const double theirs = single(api, for_job("node"), at);
    const double mine = single(api, for_job("aiops"), at);
    INFO(pattern << ": node_exporter " << theirs << ", aiops " << mine);
    CHECK(std::abs(theirs - mine) <= tolerance);
  };
  same("node_memory_MemTotal_bytes{JOB}", 0);
  same("node_boot_time_seconds{JOB}", 1);
  same("node_load15{JOB}", 0.2);  // scraped up to a second apart
  same("node_filesystem_size_bytes{JOB,mountpoint=\"/\"}", 0);
  same("count(node_cpu_seconds_total{JOB})", 0);
  same("count(node_network_receive_bytes_total{JOB})", 0);
  // CPU seconds and interface counters go on increasing between the two scrapes (1 s apart at most).
  same("sum(node_cpu_seconds_total{JOB,cpu=\"0\"})", 3);
  same("sum(node_network_receive_packets_total{JOB}) / 1e6", 0.01);
  same("node_context_switches_total{JOB} / 1e6", 0.5);

  // The rest of the API on the same data.
  const auto labels = api.labels();
  CHECK(std::find(labels.begin(), labels.end(), "mountpoint") != labels.end());
  const auto jobs = api.label_values("job");
  CHECK(std::find(jobs.begin(), jobs.end(), "aiops") != jobs.end());
  const auto series = api.series({"node_load1{job=\"aiops\"}"});
  REQUIRE(series.size() == 1);
  CHECK(series[0].at("instance") == "127.0.0.1:19101");
  const auto targets = api.targets();
  const auto mine = std::find_if(targets.begin(), targets.end(), [](const prom::target& t) {
    return t.labels.count("job") && t.labels.at("job") == "aiops";
  });
  REQUIRE(mine != targets.end());
  CHECK(mine->health == "up");
  CHECK(mine->scrape_url == "http://127.0.0.1:19101/metrics");

  const auto range = api.query_range("aiops_scrapes_total", at - 30, at, 1);
  REQUIRE(range.type == prom::result_type::matrix);
  REQUIRE(range.matrix.size() == 1);
  CHECK(range.matrix[0].points.size() >= 2);
  CHECK(range.matrix[0].points.back().value >= range.matrix[0].points.front().value);

  // A live scrape of ours passes promtool (lint remarks come only from node_exporter's names).
  aiops::http::client direct("http://127.0.0.1:19101", quick());
  const auto verdict = aiops::testing::promtool_check_metrics(direct.get("/metrics").body);
  INFO(verdict.output);
  CHECK(verdict.exit_code != 1);
}

TEST_CASE("Prometheus API: rules, alerts, scalar and string results, errors with errorType", "[integration][prom]") {
  const std::string url = aiops::testing::prometheus_url();
  INFO(aiops::testing::server_hint("prometheus", url));
  prom::api_client api(url, quick());

  REQUIRE(poll([&] { return !api.alerts().empty(); }));
  const auto alerts = api.alerts();
  CHECK(std::any_of(alerts.begin(), alerts.end(), [](const prom::alert& a) {
    return a.labels.at("alertname") == "AlwaysFiring" && a.state == "firing";
  }));
  const auto groups = api.rules();
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].name == "aiops-test");
  REQUIRE(groups[0].rules.size() == 2);
  CHECK(groups[0].rules[0].type == "alerting");
  CHECK(groups[0].rules[1].name == "job:up:sum");
  CHECK(groups[0].rules[1].type == "recording");

  const auto scalar = api.query("1 + 1", 1700000000);
  CHECK(scalar.type == prom::result_type::scalar);
  CHECK(scalar.scalar.value == 2);
  CHECK(scalar.scalar.time == 1700000000);
  const auto text = api.query("\"hello\"");
  CHECK(text.type == prom::result_type::string);
  CHECK(text.string == "hello");
  const auto inf = api.query("vector(1/0)");
  REQUIRE(inf.vector.size() == 1);
  CHECK(std::isinf(inf.vector[0].at.value));

  try {
    api.query("sum(");
    FAIL("Prometheus accepted a broken query");
  } catch (const prom::api_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.error_type() == "bad_data");
    CHECK(e.error_text().find("unclosed left parenthesis") != std::string::npos);
  }
  try {
    api.query_range("up", 100, 10, 1);
    FAIL("Prometheus accepted end before start");
  } catch (const prom::api_error& e) {
    CHECK(e.error_type() == "bad_data");
  }
}

TEST_CASE("VictoriaMetrics: import (text and JSON lines), flush, query, export, its errors", "[integration][prom]") {
  const std::string url = aiops::testing::victoria_url();
  INFO(aiops::testing::server_hint("victoria-metrics", url));
  prom::victoria vm(url, quick());

  const double t0 = std::floor(now_seconds()) - 600;
  const std::string run = std::to_string(static_cast<long long>(t0));
  std::string page = "# TYPE aiops_it_temperature gauge\n";
  for (int i = 0; i < 10; ++i) {
    page += "aiops_it_temperature{room=\"a\",run=\"" + run + "\"} " + std::to_string(20 + i) + " " +
            std::to_string(static_cast<long long>((t0 + 60 * i) * 1000)) + "\n";
  }
  vm.import_prometheus(page);
  vm.import_series({{{{"__name__", "aiops_it_humidity"}, {"run", run}}, {{t0, 40}, {t0 + 60, 41.5}, {t0 + 120, 43}}}});
  vm.flush();

  REQUIRE(poll([&] { return vm.query("aiops_it_temperature{run=\"" + run + "\"}", t0 + 540).vector.size() == 1; },
               std::chrono::seconds(20)));
  CHECK(single(vm, "aiops_it_temperature{run=\"" + run + "\"}", t0 + 540) == 29);
  CHECK(single(vm, "max_over_time(aiops_it_humidity{run=\"" + run + "\"}[5m])", t0 + 120) == 43);
  const auto range = vm.query_range("aiops_it_temperature{run=\"" + run + "\"}", t0, t0 + 540, 60);
  REQUIRE(range.matrix.size() == 1);
  CHECK(range.matrix[0].points.size() == 10);
  CHECK(range.matrix[0].metric.at("room") == "a");

  const auto exported = vm.export_series({"aiops_it_humidity{run=\"" + run + "\"}"});
  REQUIRE(exported.size() == 1);
  REQUIRE(exported[0].points.size() == 3);
  CHECK(exported[0].points[1].time == t0 + 60);
  CHECK(exported[0].points[1].value == 41.5);

  // VictoriaMetrics' error shape differs from Prometheus': HTTP 422 and errorType "422".
  try {
    vm.query("sum(");
    FAIL("VictoriaMetrics accepted a broken query");
  } catch (const prom::api_error& e) {
    CHECK(e.status() == 422);
    CHECK(e.error_type() == "422");
    CHECK(e.error_text().find("sum(") != std::string::npos);
  }
}

TEST_CASE("Pushgateway: push, push-add and delete by grouping key, read back with our parser", "[integration][prom]") {
  const std::string url = aiops::testing::pushgateway_url();
  INFO(aiops::testing::server_hint("pushgateway", url));
  aiops::http::client reader(url, quick());
  const auto group_samples = [&](const std::string& name) {
    const auto page = prom::parse(reader.get("/metrics").body);
    REQUIRE(page.ok());
    std::vector<prom::sample> out;
    if (const auto* f = page.find(name)) {
      for (const auto& s : f->samples)
        if (prom::find_label(s.labels, "job") == "aiops_it" && prom::find_label(s.labels, "path") == "/var/lib")
          out.push_back(s);
    }
    return out;
  };

  prom::pushgateway gw(url, "aiops_it", {{"instance", "db1"}, {"path", "/var/lib"}}, quick());
  prom::registry first;
  first.add_gauge("aiops_it_backup_last_success_timestamp_seconds", "Last good backup.").with().set(1700000000);
  first.add_counter("aiops_it_backup_files_total", "Files backed up.").with().increment(42);
  gw.push(first);
  auto ts = group_samples("aiops_it_backup_last_success_timestamp_seconds");
  REQUIRE(ts.size() == 1);
  CHECK(ts[0].value == 1700000000);
  CHECK(prom::find_label(ts[0].labels, "instance") == "db1");
  CHECK(group_samples("aiops_it_backup_files_total").size() == 1);

  prom::registry second;
  second.add_gauge("aiops_it_backup_duration_seconds", "Duration of the last backup.").with().set(12.5);
  gw.push_add(second);  // POST: the others stay
  CHECK(group_samples("aiops_it_backup_files_total").size() == 1);
  CHECK(group_samples("aiops_it_backup_duration_seconds")[0].value == 12.5);

  gw.push(second);  // PUT: the group is replaced
  CHECK(group_samples("aiops_it_backup_files_total").empty());
  CHECK(group_samples("aiops_it_backup_duration_seconds").size() == 1);

  gw.remove();
  CHECK(group_samples("aiops_it_backup_duration_seconds").empty());

  prom::metric_family stamped{"aiops_it_stamped", prom::metric_type::gauge, "x", "", {{"aiops_it_stamped", {}, 1, 1700000000000, {}}}};
  CHECK_THROWS_AS(gw.push({stamped}), aiops::http::http_error);  // the Pushgateway refuses timestamps
}
