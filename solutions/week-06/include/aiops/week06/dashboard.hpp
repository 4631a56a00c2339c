// aiops: week 06, task 1 (reference answer): a host dashboard for Grafana, built with aiops::grafana
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string

#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/grafana.hpp>

namespace aiops::week06 {

/// task-1: the JSON model of a host dashboard on node_exporter metrics: a variable `instance`,
/// rows "CPU", "Memory", "Disk" and "Network", each with at least one panel whose queries use
/// `instance=~"$instance"`, and no two panels overlapping on the grid.
inline nlohmann::json host_dashboard_json() {
  namespace g = aiops::grafana;
  const std::string i = "instance=~\"$instance\"";
  g::dashboard d;
  d.uid = "week06-host";
  d.title = "Week 06: my host";
  d.variables = {{"instance", "Instance", "label_values(node_uname_info, instance)"}};
  // The layout (gridPos) comes from the model's packer: only sizes are chosen here.
  d.rows = {
      {"CPU", {{.title = "CPU busy %",
                .targets = {{"100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{" + i + ",mode=\"idle\"}[$__rate_interval])))", "{{instance}}"}},
                .unit = "percent", .min = 0, .max = 100, .width = 16},
               {.type = g::panel_type::stat, .title = "Load 1m", .targets = {{"node_load1{" + i + "}", "{{instance}}"}}, .width = 8, .height = 4}}},
      {"Memory", {{.type = g::panel_type::gauge, .title = "Memory used %",
                   .targets = {{"100 * (1 - node_memory_MemAvailable_bytes{" + i + "} / node_memory_MemTotal_bytes{" + i + "})", "{{instance}}"}},
                   .unit = "percent", .min = 0, .max = 100,
                   .thresholds = {{std::nullopt, "green"}, {80.0, "orange"}, {90.0, "red"}}, .width = 8}}},
      {"Disk", {{.type = g::panel_type::bargauge, .title = "Free space",
                 .targets = {{"node_filesystem_avail_bytes{" + i + ",fstype!=\"tmpfs\"}", "{{mountpoint}}", true}},
                 .unit = "bytes", .width = 12}}},
      {"Network", {{.title = "Received",
                    .targets = {{"rate(node_network_receive_bytes_total{" + i + ",device!=\"lo\"}[$__rate_interval])", "{{device}}"}},
                    .unit = "Bps", .width = 12}}}};
  return g::to_json(d);
}

}  // namespace aiops::week06
