// aiops: tests of the host collector (on a fixed /proc copy and on this host) and of the /metrics server
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>  // std::string

#include <aiops/http.hpp>
#include <aiops/prom.hpp>

#include "datasets.hpp"
#include "promtool.hpp"

namespace prom = aiops::prom;

namespace {
// The value of the sample of `family` whose labels include all of `labels`.
std::optional<double> value_of(const prom::parse_result& r, const std::string& family, const prom::label_set& labels = {}) {
  const auto* f = r.find(family);
  if (f == nullptr) return std::nullopt;
  for (const auto& s : f->samples) {
    bool all = true;
    for (const auto& l : labels) all = all && prom::find_label(s.labels, l.name) == l.value;
    if (all) return s.value;
  }
  return std::nullopt;
}
}  // namespace

TEST_CASE("host collector: node_exporter's names, labels and units from a fixed /proc") {
  prom::host_options o;
  o.proc_path = aiops::testing::source_path("tests/unit/prom/data/proc");
  std::vector<prom::metric_family> families;
  prom::collect_host(families, o);
  const auto r = prom::parse(prom::write(families));
  REQUIRE(r.ok());
  const double hz = double(aiops::sys::user_hz());
  CHECK(value_of(r, "node_cpu_seconds_total", {{"cpu", "1"}, {"mode", "idle"}}) == Approx(13395573 / hz));
  CHECK(value_of(r, "node_cpu_seconds_total", {{"cpu", "1"}, {"mode", "steal"}}) == Approx(12 / hz));
  CHECK(value_of(r, "node_cpu_guest_seconds_total", {{"cpu", "1"}, {"mode", "nice"}}) == Approx(7 / hz));
  CHECK(r.find("node_cpu_seconds_total")->samples.size() == 16);  // 2 CPUs x 8 modes, no "all" line
  CHECK(value_of(r, "node_memory_MemAvailable_bytes") == 9536216.0 * 1024);
  CHECK(value_of(r, "node_memory_Active_anon_bytes") == 123456.0 * 1024);
  CHECK(value_of(r, "node_memory_HugePages_Total") == 0);
  CHECK(value_of(r, "node_load15") == 1.75);
  CHECK(value_of(r, "node_boot_time_seconds") == 1700000000);
  CHECK(value_of(r, "node_context_switches_total") == 115315);
  CHECK(value_of(r, "node_forks_total") == 9001);
  CHECK(value_of(r, "node_procs_blocked") == 1);
  // partitions and loop devices are left out, as node_exporter does
  CHECK(r.find("node_disk_reads_completed_total")->samples.size() == 1);
  CHECK(value_of(r, "node_disk_read_bytes_total", {{"device", "sda"}}) == 567890.0 * 512);
  CHECK(value_of(r, "node_disk_io_time_seconds_total", {{"device", "sda"}}) == Approx(7.89));
  CHECK(value_of(r, "node_disk_flush_requests_total", {{"device", "sda"}}) == 5);
  CHECK(value_of(r, "node_network_receive_bytes_total", {{"device", "eth0"}}) == 123456789);
  CHECK(value_of(r, "node_network_transmit_drop_total", {{"device", "eth0"}}) == 3);
  CHECK(value_of(r, "node_network_receive_multicast_total", {{"device", "eth0"}}) == 7);
  CHECK(r.find("node_network_receive_bytes_total")->samples.size() == 1);  // lo left out, as Debian's node_exporter does
  // /proc and /dev/shm are left out; / is there with its three labels
  const auto* avail = r.find("node_filesystem_avail_bytes");
  REQUIRE(avail != nullptr);
  REQUIRE(avail->samples.size() == 1);
  CHECK(avail->samples[0].labels ==
        prom::label_set{{"device", "/dev/root"}, {"fstype", "ext4"}, {"mountpoint", "/"}});
  CHECK(avail->samples[0].value > 0);
  CHECK(value_of(r, "node_scrape_collector_success", {{"collector", "diskstats"}}) == 1);
}

TEST_CASE("host collector: a missing /proc file is node_scrape_collector_success 0, the rest still comes") {
  prom::host_options o;
  o.proc_path = aiops::testing::source_path("tests/unit/prom/data/no-such-proc");
  std::vector<prom::metric_family> families;
  prom::collect_host(families, o);
  const auto r = prom::parse(prom::write(families));
  CHECK(value_of(r, "node_scrape_collector_success", {{"collector", "meminfo"}}) == 0);
  CHECK(r.find("node_uname_info") != nullptr);
  CHECK(r.find("node_load1") == nullptr);
}

TEST_CASE("host collector on this host: promtool parses it, only node_exporter's own names draw lint remarks") {
  prom::registry reg;
  reg.add_collector(prom::host_collector());
  reg.add_collector(prom::collect_process);
  const std::string page = reg.serialize();
  const auto r = prom::parse(page);
  REQUIRE(r.ok());
  CHECK(value_of(r, "node_memory_MemTotal_bytes") > 0);
  CHECK(value_of(r, "process_resident_memory_bytes") > 0);
  CHECK(value_of(r, "process_open_fds") >= 3);
  const auto verdict = aiops::testing::promtool_check_metrics(page);
  INFO(verdict.output);
  REQUIRE(verdict.exit_code != 1);
  for (const auto& line : aiops::split(verdict.output, '\n')) {
    if (line.empty()) continue;
    INFO(line);
    CHECK((line.find("camelCase") != std::string_view::npos || line.find("no help text") != std::string_view::npos));
  }
}

TEST_CASE("metrics server: text by default, OpenMetrics when asked, gzip when asked, its own metrics") {
  prom::registry reg;
  reg.add_counter("jobs_total", "Jobs.", {"result"}).with({"ok"}).increment(5);
  prom::metrics_server server(reg, "127.0.0.1", 0);
  server.start();
  aiops::http::client c("http://127.0.0.1:" + std::to_string(server.port()));

  auto text = c.get("/metrics");
  CHECK(text.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  auto r = prom::parse(text.body);
  REQUIRE(r.ok());
  CHECK(value_of(r, "jobs_total", {{"result", "ok"}}) == 5);

  aiops::http::request om;
  om.path = "/metrics";
  om.headers.emplace("Accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5");
  auto om_answer = c.send(om);
  CHECK(om_answer.header("Content-Type") == std::string(prom::content_type(prom::format::openmetrics)));
  auto parsed = prom::parse(om_answer.body, prom::format::openmetrics);
  REQUIRE(parsed.ok());
  CHECK(value_of(parsed, "aiops_scrapes_total") == 1);  // the text scrape before this one

  for (const char* accept : {"text/plain", "application/openmetrics-text"}) {
    aiops::http::request gz;
    gz.path = "/metrics";
    gz.headers.emplace("Accept", accept);
    gz.headers.emplace("Accept-Encoding", "gzip");
    auto answer = c.send(gz);  // httplib's client inflates the body
    INFO(accept);
    CHECK(answer.header("Content-Encoding") == "gzip");
    CHECK(answer.body.find("jobs_total{result=\"ok\"} 5") != std::string::npos);
  }
  CHECK(c.send(aiops::http::request{"GET", "/nothing"}).status == 404);
  server.stop();
  CHECK_THROWS_AS(prom::metrics_server(reg, "127.0.0.1", 0), std::invalid_argument);  // own metrics already there
}

TEST_CASE("metrics server: a port in use is an aiops::error") {
  prom::registry a, b;
  prom::metrics_server first(a, "127.0.0.1", 0);
  CHECK_THROWS_AS(prom::metrics_server(b, "127.0.0.1", first.port()), aiops::error);
}

TEST_CASE("pushgateway: grouping key paths, base64url for values with '/' or empty") {
  CHECK(prom::detail::base64url("") == "");
  CHECK(prom::detail::base64url("f") == "Zg==");
  CHECK(prom::detail::base64url("fo") == "Zm8=");
  CHECK(prom::detail::base64url("foo") == "Zm9v");
  CHECK(prom::detail::base64url("/var/tmp") == "L3Zhci90bXA=");
  CHECK(prom::detail::base64url("\xfb\xff") == "-_8=");
  prom::pushgateway gw("http://127.0.0.1:1", "backup job", {{"instance", "db1"}, {"path", "/var/lib"}, {"empty", ""}});
  CHECK(gw.path() == "/metrics/job/backup%20job/instance/db1/path@base64/L3Zhci9saWI=/empty@base64/=");
  CHECK_THROWS_AS(prom::pushgateway("http://127.0.0.1:1", ""), std::invalid_argument);
  CHECK_THROWS_AS(prom::pushgateway("http://127.0.0.1:1", "j", {{"job", "x"}}), std::invalid_argument);
}
