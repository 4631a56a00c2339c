// aiops: every query of the shipped host dashboard runs on the real Prometheus scraping node_exporter
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>  // std::chrono
#include <string>  // std::string
#include <thread>  // std::this_thread::sleep_for

#include <nlohmann/json.hpp>

#include <aiops/grafana.hpp>
#include <aiops/http.hpp>

#include "servers.hpp"

namespace {
// Grafana's variables as Grafana would expand them for "All" and a 1-minute rate window.
std::string expand(std::string e) {
  for (const auto& [from, to] : {std::pair<std::string, std::string>{"$__rate_interval", "1m"}, {"$instance", ".*"}, {"$job", ".*"}}) {
    for (std::size_t at = e.find(from); at != std::string::npos; at = e.find(from, at + to.size())) e.replace(at, from.size(), to);
  }
  return e;
}
}  // namespace

TEST_CASE("the host dashboard's queries are valid PromQL with data from node_exporter", "[integration][grafana]") {
  const std::string url = aiops::testing::prometheus_url();
  INFO(aiops::testing::server_hint("prometheus", url) << " (with node-exporter)");
  aiops::http::client prometheus(url);
  // node_exporter is scraped about 6 s after Prometheus starts: poll until two samples exist.
  bool scraped = false;
  for (int i = 0; i < 300 && !scraped; ++i) {
    const auto r = prometheus.get_json("/api/v1/query", {{"query", "count_over_time(node_load1[1m]) >= 2"}});
    scraped = !r["data"]["result"].empty();
    if (!scraped) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE(scraped);

  int with_data = 0, queries = 0;
  const nlohmann::json d = aiops::grafana::to_json(aiops::grafana::host_dashboard());
  for (const auto& panel : d["panels"]) {
    for (const auto& t : panel.value("targets", nlohmann::json::array())) {
      const std::string q = expand(t["expr"]);
      CAPTURE(panel["title"], q);
      const auto r = prometheus.get_json("/api/v1/query", {{"query", q}});  // throws on bad PromQL
      CHECK(r["status"] == "success");
      ++queries;
      with_data += !r["data"]["result"].empty();
    }
  }
  // Disk devices and swap may be missing in a container; the rest must have data.
  CHECK(queries >= 20);
  CHECK(with_data >= queries - 5);
}
