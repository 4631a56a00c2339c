// aiops: the closed loop against the real servers: the bundled nginx log (time-shifted so it ends
// a minute ago) shipped to OpenSearch with `aiops ship`, host metrics with a planted dip imported
// into VictoriaMetrics, `aiops run` reading both and delivering to the real Alertmanager; killed
// with SIGKILL mid-incident and started again, it neither loses nor repeats an alert
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>      // durations, steady_clock
#include <csignal>     // SIGKILL, SIGTERM
#include <filesystem>  // std::filesystem
#include <fstream>     // std::ofstream, std::ifstream
#include <map>         // std::map
#include <string>      // std::string
#include <vector>      // std::vector

#include <unistd.h>    // getpid

#include <nlohmann/json.hpp>

#include <aiops/es.hpp>
#include <aiops/http.hpp>
#include <aiops/logs.hpp>
#include <aiops/prom.hpp>

#include "es_support.hpp"
#include "scratch.hpp"
#include "servers.hpp"

namespace fs = std::filesystem;
using namespace aiops::testing;
using aiops::timestamp_ns;
using aiops::ns_per_minute;
using aiops::ns_per_millisecond;
using aiops::wall_now;

namespace {

// The nginx incident of truth.json, with 3 hours before it (the detector's history) and 20
// minutes after it (the alert resolves); shifted so the last line was logged a minute ago.
struct shifted_log {
  std::vector<std::string> lines;
  std::vector<timestamp_ns> times;
  timestamp_ns incident_start = 0, incident_end = 0;
};

std::string nginx_time(timestamp_ns t) {
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const aiops::civil_time c = aiops::to_civil(t);
  char out[64];
  std::snprintf(out, sizeof out, "%02d/%s/%04d:%02d:%02d:%02d +0000", c.day, months[c.month - 1], c.year, c.hour, c.minute, c.second);
  return out;
}

shifted_log nginx_around_incident(timestamp_ns end_at) {
  const auto& truth = nginx_truth()["incident"];
  const timestamp_ns start = aiops::parse_rfc3339(truth["start"].get<std::string>()).value();
  const timestamp_ns end = aiops::parse_rfc3339(truth["end"].get<std::string>()).value();
  const timestamp_ns from = start - 180 * ns_per_minute, to = end + 20 * ns_per_minute;
  const timestamp_ns shift = (end_at - to) / ns_per_minute * ns_per_minute;
  shifted_log out{{}, {}, start + shift, end + shift};
  for_each_valid_nginx_line([&](std::size_t, const aiops::logs::access_record& r, std::string_view line) {
    if (r.time() < from || r.time() >= to) return;
    const std::size_t open = line.find('['), close = line.find(']', open);
    out.lines.push_back(std::string(line.substr(0, open + 1)) + nginx_time(r.time() + shift) + std::string(line.substr(close)));
    out.times.push_back(r.time() + shift);
  });
  return out;
}

// web-01 cpu around its labelled dip (datasets/metrics/labels.csv), shifted the same way, as
// VictoriaMetrics import lines.
std::string cpu_around_dip(timestamp_ns end_at, const std::string& run, timestamp_ns& dip_start) {
  const timestamp_ns dip = aiops::parse_rfc3339("2026-01-23T20:54:00Z").value();
  const timestamp_ns dip_end = aiops::parse_rfc3339("2026-01-23T21:12:00Z").value();
  const timestamp_ns from = dip - 180 * ns_per_minute, to = dip_end + 30 * ns_per_minute;
  const timestamp_ns shift = (end_at - to) / ns_per_minute * ns_per_minute;
  dip_start = dip + shift;
  std::ifstream in(dataset("metrics/web-01/cpu.csv"));
  std::string line, out;
  while (std::getline(in, line)) {
    const std::size_t comma = line.find(',');
    const auto t = aiops::parse_rfc3339(line.substr(0, comma));
    if (!t || *t < from || *t >= to) continue;
    out += "aiops_e2e_cpu{instance=\"web-01\",run=\"" + run + "\"} " + line.substr(comma + 1) + " " +
           std::to_string((*t + shift) / ns_per_millisecond) + "\n";
  }
  return out;
}

// The alerts Alertmanager holds with label run=<run>, by alertname: their status.state.
std::map<std::string, std::string> alertmanager_alerts(aiops::http::client& am, const std::string& run) {
  std::map<std::string, std::string> out;
  const auto r = am.get("/api/v2/alerts", {{"filter", "run=\"" + run + "\""}});
  if (r.status != 200) return out;
  for (const auto& a : nlohmann::json::parse(r.body)) out[a["labels"].value("alertname", "")] = a["status"].value("state", "");
  return out;
}

// Alertmanager's own count of alerts received with `status` (firing, resolved) over API v2.
double alertmanager_received(aiops::http::client& am, const std::string& status) {
  const std::string text = am.get("/metrics").body;
  const std::string key = "alertmanager_alerts_received_total{status=\"" + status + "\",version=\"v2\"} ";
  const std::size_t at = text.find(key);
  return at == std::string::npos ? -1 : aiops::parse_double(aiops::split(text.substr(at + key.size()), '\n').front()).value_or(-1);
}

}  // namespace

TEST_CASE("aiops run: OpenSearch + VictoriaMetrics -> Alertmanager, killed and restarted mid-incident", "[integration][pipeline]") {
  INFO(server_hint("opensearch", opensearch_url()) << "; " << server_hint("alertmanager", alertmanager_url()) << "; "
                                                   << server_hint("victoria-metrics", victoria_url()));
  const scratch_dir dir("pipeline-e2e");
  const std::string run = std::to_string(::getpid()) + "-" + std::to_string(wall_now() / aiops::ns_per_second);
  const std::string index = "aiops-it-pipeline";
  auto es = opensearch();
  es.delete_index(index);

  // The data: both series end a minute ago, so the pipeline reads them all at once (a replay).
  const timestamp_ns end_at = wall_now() - ns_per_minute;
  const shifted_log log = nginx_around_incident(end_at);
  timestamp_ns dip_start = 0;
  aiops::prom::victoria vm(victoria_url());
  vm.import_prometheus(cpu_around_dip(end_at, run, dip_start));
  vm.flush();

  // Part 1 of the log: up to 10 minutes into the incident (the alert has fired).
  std::size_t cut = 0;
  while (cut < log.times.size() && log.times[cut] < log.incident_start + 10 * ns_per_minute) ++cut;
  const auto write_log = [&](std::size_t from, std::size_t to) {
    std::ofstream out(dir / "access.log", std::ios::app);
    for (std::size_t i = from; i < to; ++i) out << log.lines[i] << "\n";
  };
  const auto ship = [&] {
    background b({aiops_program(), "ship", (dir / "access.log").string(), "--es", opensearch_url(), "--index", index,
                  "--format", nginx_log_format, "--state", (dir / "ship.json").string()},
                 (dir / "ship.log").string());
    REQUIRE(b.started());
    REQUIRE(b.wait() == 0);
    es.refresh(index);
  };
  write_log(0, cut);
  ship();

  const std::string alerts_file = (dir / "alerts.jsonl").string();
  std::ofstream(dir / "pipeline.yaml") << R"(name: e2e
state: )" << (dir / "state.json").string() << R"(
window: 1m
interval: 1s
idle_close: false      # a replay: the data's time, not the clock, closes windows
sources:
  - name: web
    opensearch: {url: ")" << opensearch_url() << R"(", index: )" << index << R"(}
    errors: {min_status: 500}
  - name: hosts
    prometheus:
      url: )" << victoria_url() << R"(
      queries: {cpu: 'aiops_e2e_cpu{run=")" << run << R"("}'}
      step: 1m
      lookback: 4h
detectors:
  - {match: {source: web, feature: errors}, detector: zscore, warmup: 60}
  - {match: {source: hosts}, detector: zscore, warmup: 60}
rules:
  - alert: WebErrorsAnomalous
    expr: anomaly_score{source="web",feature="errors"} > 6
    for: 2m
    keep_firing_for: 5m
    labels: {run: ")" << run << R"("}
  - alert: HostCpuAnomalous
    expr: anomaly_score{source="hosts"} > 5
    for: 2m
    keep_firing_for: 5m
    labels: {run: ")" << run << R"("}
routes:
  - {receiver: am, group_by: [alertname], group_wait: 0s, group_interval: 1m, repeat_interval: 30m}
  - {receiver: file, group_by: [alertname], group_wait: 0s, group_interval: 1m}
sinks:
  - {name: am, kind: alertmanager, url: ")" << alertmanager_url() << R"(", firing_ttl: 10m}
  - {name: file, kind: jsonl, path: )" << alerts_file << R"(}
)";
  const std::vector<std::string> argv{aiops_program(), "run", (dir / "pipeline.yaml").string(), "--progress", "1"};
  aiops::http::client am(alertmanager_url());
  std::map<std::string, bool> seen_active;
  const auto watch = [&] {
    for (const auto& [name, state] : alertmanager_alerts(am, run)) seen_active[name] = seen_active[name] || state == "active";
  };

  const double firing_before = alertmanager_received(am, "firing"), resolved_before = alertmanager_received(am, "resolved");

  // Run 1: the web alert fires, and reaches Alertmanager within seconds of the data being there.
  // The metric series is all there already: its alert fires and resolves in this run.
  const auto started = std::chrono::steady_clock::now();
  {
    background first(argv, (dir / "run1.log").string());
    REQUIRE(first.started());
    REQUIRE(eventually([&] { watch(); return seen_active["WebErrorsAnomalous"]; }, std::chrono::seconds(60)));
    // Killed once the state records the firing notification as delivered to both sinks: a kill
    // between a sink's answer and that save would send it again (at least once, see docs/pipeline.md).
    REQUIRE(eventually([&] {
      std::ifstream state(dir / "state.json");
      const auto j = nlohmann::json::parse(state, nullptr, false);
      return j.is_object() && j.value("delivered", nlohmann::json::array()).size() >= 2;
    }, std::chrono::seconds(30)));
    const double delay = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    INFO("alerts in Alertmanager " << delay << " s after aiops run started");
    CHECK(delay < 30);
    first.signal(SIGKILL);  // mid-incident: its state is whatever the last step saved
    CHECK(first.wait() == 128 + SIGKILL);
  }

  // Run 2: the rest of the log arrives; the alert resolves in Alertmanager.
  write_log(cut, log.lines.size());
  ship();
  background second(argv, (dir / "run2.log").string());
  REQUIRE(eventually([&] { return alertmanager_alerts(am, run).count("WebErrorsAnomalous") == 0; }, std::chrono::seconds(60)));
  second.signal(SIGTERM);
  CHECK(second.wait() == 0);

  // Exactly one firing and one resolved notification per alert, fired within minutes of the start.
  std::map<std::string, std::vector<std::string>> told;
  std::ifstream in(alerts_file);
  for (std::string line; std::getline(in, line);) {
    const nlohmann::json notification = nlohmann::json::parse(line);
    for (const auto& a : notification["alerts"]) {
      told[a["labels"]["alertname"].get<std::string>()].push_back(a["status"].get<std::string>());
      if (a["status"] == "firing" && a["labels"]["alertname"] == "WebErrorsAnomalous") {
        const timestamp_ns fired = aiops::parse_rfc3339(a["startsAt"].get<std::string>()).value();
        CHECK(fired >= log.incident_start);
        CHECK(fired <= log.incident_start + 5 * ns_per_minute);  // the stated delay: 5 minutes of data
      }
      if (a["status"] == "firing" && a["labels"]["alertname"] == "HostCpuAnomalous") {
        const timestamp_ns fired = aiops::parse_rfc3339(a["startsAt"].get<std::string>()).value();
        CHECK(fired >= dip_start);
        CHECK(fired <= dip_start + 10 * ns_per_minute);
      }
    }
  }
  CHECK(told["WebErrorsAnomalous"] == std::vector<std::string>{"firing", "resolved"});
  CHECK(told["HostCpuAnomalous"] == std::vector<std::string>{"firing", "resolved"});
  CHECK(told.size() == 2);  // no false alert
  // Alertmanager took each alert firing and resolved (at least once: repeats are the same alert).
  CHECK(alertmanager_received(am, "firing") - firing_before >= 2);
  CHECK(alertmanager_received(am, "resolved") - resolved_before >= 2);
  es.delete_index(index);
}
