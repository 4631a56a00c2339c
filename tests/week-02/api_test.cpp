// aiops: week 02 grader, tasks 3-4: a real local Prometheus and node_exporter (scripts/servers start)
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <cmath>  // std::abs

#include <aiops/sys.hpp>
#include <aiops/week02/api.hpp>

#include "servers.hpp"

using namespace aiops::testing;

TEST_CASE("task-3: the version of the running Prometheus", "[week-02][task-3]") {
  INFO("Hint: exercises/week-02/README.md, task 3. " << server_hint("prometheus", prometheus_url()));
  const std::string version = aiops::week02::prometheus_version(prometheus_url());
  // The same version the binary prints: "prometheus, version 2.42.0+ds (branch: ...".
  auto run = aiops::sys::run({"prometheus", "--version"});
  REQUIRE(run);
  const std::string printed = run->out + run->err;
  CAPTURE(version, printed);
  CHECK(!version.empty());
  CHECK(printed.find("version " + version + " ") != std::string::npos);
}

TEST_CASE("task-4: node_exporter reports this machine's total memory", "[week-02][task-4]") {
  INFO("Hint: exercises/week-02/README.md, task 4. " << server_hint("node-exporter", node_exporter_url()));
  const double total = aiops::week02::node_metric(node_exporter_url(), "node_memory_MemTotal_bytes");
  const double expected = double(aiops::sys::read_meminfo().value().total());
  CHECK(total == expected);
  const double load = aiops::week02::node_metric(node_exporter_url(), "node_load1");
  CHECK(std::abs(load - aiops::sys::read_loadavg().value().load1) < 5.0);
  CHECK_THROWS_AS(aiops::week02::node_metric(node_exporter_url(), "no_such_metric_anywhere"), aiops::error);
}
