// aiops: the HTTP client against the real Prometheus and node_exporter of scripts/servers
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <chrono>  // std::chrono::milliseconds
#include <string>  // std::string

#include <nlohmann/json.hpp>

#include <aiops/http.hpp>

#include "servers.hpp"

namespace http = aiops::http;

using aiops::testing::quick;  // fails fast when a server is down: a few quick retries, then the hint

TEST_CASE("Prometheus answers /api/v1/status/buildinfo as JSON", "[integration][http]") {
  const std::string url = aiops::testing::prometheus_url();
  INFO(aiops::testing::server_hint("prometheus", url));
  http::client prometheus(url, quick());

  const nlohmann::json info = prometheus.get_json("/api/v1/status/buildinfo");
  CHECK(info["status"] == "success");
  REQUIRE(info["data"]["version"].is_string());
  CHECK(info["data"]["version"].get<std::string>().rfind("2.", 0) == 0);
  CHECK(info["data"]["goVersion"].get<std::string>().rfind("go", 0) == 0);

  // A PromQL error comes back as an http_error carrying Prometheus' own message.
  try {
    prometheus.get_json("/api/v1/query", {{"query", "sum("}});
    FAIL("Prometheus accepted a broken query");
  } catch (const http::http_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.message().find("bad_data: invalid parameter \"query\"") == 0);
  }
}

TEST_CASE("node_exporter serves /metrics with CPU counters", "[integration][http]") {
  const std::string url = aiops::testing::node_exporter_url();
  INFO(aiops::testing::server_hint("node-exporter", url));
  http::client node(url, quick());

  const http::response metrics = node.get("/metrics");
  CHECK(metrics.header("Content-Type").value_or("").find("text/plain") == 0);
  CHECK(metrics.body.find("# TYPE node_cpu_seconds_total counter") != std::string::npos);
  CHECK(metrics.body.find("node_cpu_seconds_total{cpu=\"0\",mode=\"idle\"}") != std::string::npos);
}
