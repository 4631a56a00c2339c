// aiops: week 06, task 1 (your code): a host dashboard for Grafana, built with aiops::grafana
// SPDX-License-Identifier: MIT
#pragma once

#include <nlohmann/json.hpp>

#include <aiops/core.hpp>
#include <aiops/grafana.hpp>

namespace aiops::week06 {

/// task-1: the JSON model of a host dashboard on node_exporter metrics: a variable `instance`,
/// rows "CPU", "Memory", "Disk" and "Network", each with at least one panel whose queries use
/// `instance=~"$instance"`, and no two panels overlapping on the grid.
inline nlohmann::json host_dashboard_json() {
  // TODO(week-06): see README, task 1.
  throw aiops::not_implemented("week06::host_dashboard_json");
}

}  // namespace aiops::week06
