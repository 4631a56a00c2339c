// aiops: the Grafana dashboard model: grid packing, the JSON model, provisioning, the shipped host dashboard
// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <fstream>  // std::ifstream
#include <set>      // std::set
#include <sstream>  // std::ostringstream
#include <string>   // std::string

#include <nlohmann/json.hpp>

#include <aiops/grafana.hpp>

#include "datasets.hpp"

using namespace aiops::grafana;

namespace {
bool overlap(const grid_pos& a, const grid_pos& b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
}  // namespace

TEST_CASE("pack fills the gap beside a tall panel before starting a new line", "[grafana]") {
  const auto p = pack({{12, 8}, {12, 4}, {12, 4}, {8, 3}, {24, 2}}, 1);
  CHECK(p[0] == grid_pos{0, 1, 12, 8});
  CHECK(p[1] == grid_pos{12, 1, 12, 4});
  CHECK(p[2] == grid_pos{12, 5, 12, 4});
  CHECK(p[3] == grid_pos{0, 9, 8, 3});
  CHECK(p[4] == grid_pos{0, 12, 24, 2});
  for (std::size_t i = 0; i < p.size(); ++i)
    for (std::size_t j = i + 1; j < p.size(); ++j) CHECK_FALSE(overlap(p[i], p[j]));
  CHECK_THROWS_AS(pack({{25, 1}}), std::invalid_argument);
  CHECK_THROWS_AS(pack({{0, 1}}), std::invalid_argument);
  CHECK_THROWS_AS(pack({{4, 0}}), std::invalid_argument);
}

TEST_CASE("a dashboard becomes Grafana's JSON model", "[grafana]") {
  dashboard d;
  d.uid = "t";
  d.title = "Test";
  d.variables = {{"instance", "Instance", "label_values(up, instance)", false, false}};
  d.rows = {{"Row A", {{.type = panel_type::stat, .title = "Up", .targets = {{"up{instance=~\"$instance\"}", "{{instance}}"}},
                        .unit = "short", .thresholds = {{std::nullopt, "red"}, {1.0, "green"}}, .width = 6, .height = 4},
                       {.type = panel_type::table, .title = "T", .targets = {{"up", "", true}, {"up * 2", "", true}}}}},
            {"Row B", {{.title = "Series", .targets = {{"rate(x[$__rate_interval])", ""}}, .min = 0, .width = 24}}}};
  const nlohmann::json j = to_json(d);
  CHECK(j["uid"] == "t");
  CHECK(j["schemaVersion"] == 39);
  const auto& vars = j["templating"]["list"];
  REQUIRE(vars.size() == 2);
  CHECK(vars[0]["type"] == "datasource");
  CHECK(vars[1]["name"] == "instance");
  CHECK(vars[1]["query"]["query"] == "label_values(up, instance)");
  CHECK(vars[1]["multi"] == false);

  const auto& panels = j["panels"];
  REQUIRE(panels.size() == 5);
  CHECK(panels[0]["type"] == "row");
  CHECK(panels[0]["gridPos"]["y"] == 0);
  CHECK(panels[1]["type"] == "stat");
  CHECK(panels[1]["gridPos"] == nlohmann::json{{"x", 0}, {"y", 1}, {"w", 6}, {"h", 4}});
  CHECK(panels[1]["fieldConfig"]["defaults"]["unit"] == "short");
  CHECK(panels[1]["fieldConfig"]["defaults"]["thresholds"]["steps"][0]["value"].is_null());
  CHECK(panels[1]["fieldConfig"]["defaults"]["thresholds"]["steps"][1] == nlohmann::json{{"color", "green"}, {"value", 1.0}});
  CHECK(panels[1]["targets"][0]["legendFormat"] == "{{instance}}");
  CHECK(panels[1]["datasource"]["uid"] == "${datasource}");
  CHECK(panels[2]["gridPos"]["x"] == 6);
  CHECK(panels[2]["targets"][1]["refId"] == "B");
  CHECK(panels[2]["targets"][1]["format"] == "table");
  CHECK(panels[2]["targets"][1]["instant"] == true);
  CHECK(panels[3]["type"] == "row");
  CHECK(panels[3]["gridPos"]["y"] == 9);  // below the 8-high table
  CHECK(panels[4]["gridPos"]["y"] == 10);
  CHECK(panels[4]["fieldConfig"]["defaults"]["min"] == 0);
  CHECK(panels[4]["fieldConfig"]["defaults"].count("max") == 0);
  std::set<int> ids;
  for (const auto& p : panels) ids.insert(p["id"].get<int>());
  CHECK(ids.size() == panels.size());

  dashboard no_uid;
  no_uid.title = "x";
  CHECK_THROWS_AS(to_json(no_uid), std::invalid_argument);
}

TEST_CASE("the host dashboard covers CPU, memory, disk and network with node_exporter names", "[grafana]") {
  const nlohmann::json j = to_json(host_dashboard());
  std::set<std::string> rows;
  std::string all_exprs;
  for (const auto& p : j["panels"]) {
    if (p["type"] == "row") {
      rows.insert(p["title"].get<std::string>());
      continue;
    }
    CHECK(p["gridPos"]["x"].get<int>() + p["gridPos"]["w"].get<int>() <= 24);
    for (const auto& t : p["targets"]) {
      const std::string e = t["expr"];
      CHECK(e.find("instance=~\"$instance\"") != std::string::npos);
      all_exprs += e + "\n";
    }
  }
  CHECK(rows == std::set<std::string>{"Overview", "CPU", "Memory", "Disk", "Network"});
  for (const char* metric : {"node_cpu_seconds_total", "node_load1", "node_memory_MemAvailable_bytes", "node_memory_MemTotal_bytes",
                             "node_filesystem_avail_bytes", "node_filesystem_size_bytes", "node_disk_read_bytes_total",
                             "node_network_receive_bytes_total", "node_network_transmit_bytes_total"})
    CHECK(all_exprs.find(metric) != std::string::npos);
  std::set<std::string> types;
  for (const auto& p : j["panels"]) types.insert(p["type"].get<std::string>());
  CHECK(types == std::set<std::string>{"row", "stat", "gauge", "timeseries", "bargauge", "table"});
}

TEST_CASE("deploy/grafana is what the library generates (run tools/dashboards after a change)", "[grafana]") {
  const auto read = [](const std::string& relative) {
    std::ifstream in(aiops::testing::source_path(relative), std::ios::binary);
    REQUIRE(in);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  };
  CHECK(read("deploy/grafana/dashboards/host.json") == to_json(host_dashboard()).dump(2) + "\n");
  CHECK(read("deploy/grafana/provisioning/datasources/prometheus.yaml") == datasource_provisioning("http://prometheus:9090"));
  CHECK(read("deploy/grafana/provisioning/dashboards/aiops.yaml") == dashboard_provisioning("/var/lib/grafana/dashboards"));
}

TEST_CASE("provisioning files quote what they are given", "[grafana]") {
  const std::string ds = datasource_provisioning("http://prom:9090", "My \"Prom\"", "p1");
  CHECK(ds.find("  - name: \"My \\\"Prom\\\"\"\n") != std::string::npos);
  CHECK(ds.find("    url: \"http://prom:9090\"\n") != std::string::npos);
  CHECK(ds.find("    type: prometheus\n") != std::string::npos);
  const std::string dash = dashboard_provisioning("/dash", "Ops");
  CHECK(dash.find("      path: \"/dash\"\n") != std::string::npos);
  CHECK(dash.find("    folder: \"Ops\"\n") != std::string::npos);
}
