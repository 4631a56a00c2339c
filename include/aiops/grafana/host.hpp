// aiops: the host dashboard (CPU, memory, disk, network) on node_exporter's metric names, which
// `aiops export` also uses
// SPDX-License-Identifier: MIT
#pragma once

#include <optional>  // std::nullopt
#include <string>    // std::string
#include <vector>    // std::vector

#include "aiops/config.hpp"
#include "aiops/grafana/dashboard.hpp"

AIOPS_BEGIN_NAMESPACE
namespace grafana {

/// The host dashboard shipped in `deploy/grafana/dashboards/host.json`: an overview row of stats
/// and gauges, then CPU, memory, disk and network rows, filtered by `$job` and `$instance`.
inline dashboard host_dashboard() {
  // Every query filters on the two variables; `$__rate_interval` lets Grafana pick a window that
  // always spans at least four scrapes.
  const std::string f = "job=~\"$job\",instance=~\"$instance\"";
  const std::string fs = f + ",fstype!~\"tmpfs|overlay|squashfs|ramfs\"";
  const std::string cpu_busy = "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{" + f + ",mode=\"idle\"}[$__rate_interval])))";
  const std::string mem_used = "100 * (1 - node_memory_MemAvailable_bytes{" + f + "} / node_memory_MemTotal_bytes{" + f + "})";
  const std::string root_used = "100 * (1 - node_filesystem_avail_bytes{" + f + ",mountpoint=\"/\"} / node_filesystem_size_bytes{" + f + ",mountpoint=\"/\"})";
  const std::vector<threshold_step> busy = {{std::nullopt, "green"}, {70.0, "orange"}, {90.0, "red"}};

  dashboard d;
  d.uid = "aiops-host";
  d.title = "Host: CPU, memory, disk, network";
  d.tags = {"aiops", "node_exporter", "host"};
  d.variables = {{"job", "Job", "label_values(node_uname_info, job)", true, true},
                 {"instance", "Instance", "label_values(node_uname_info{job=~\"$job\"}, instance)", true, true}};

  d.rows.push_back({"Overview", {
      {.type = panel_type::stat, .title = "Uptime", .targets = {{"node_time_seconds{" + f + "} - node_boot_time_seconds{" + f + "}", "{{instance}}"}},
       .unit = "s", .decimals = 0, .width = 4, .height = 4},
      {.type = panel_type::stat, .title = "CPU cores", .targets = {{"count by (instance) (node_cpu_seconds_total{" + f + ",mode=\"idle\"})", "{{instance}}"}},
       .unit = "short", .width = 4, .height = 4},
      {.type = panel_type::stat, .title = "Load (1 min)", .targets = {{"node_load1{" + f + "}", "{{instance}}"}},
       .unit = "short", .decimals = 2, .width = 4, .height = 4},
      {.type = panel_type::gauge, .title = "CPU busy", .targets = {{cpu_busy, "{{instance}}"}},
       .unit = "percent", .min = 0, .max = 100, .thresholds = busy, .width = 4, .height = 4},
      {.type = panel_type::gauge, .title = "Memory used", .targets = {{mem_used, "{{instance}}"}},
       .unit = "percent", .min = 0, .max = 100, .thresholds = {{std::nullopt, "green"}, {80.0, "orange"}, {95.0, "red"}}, .width = 4, .height = 4},
      {.type = panel_type::gauge, .title = "Root filesystem used", .targets = {{root_used, "{{instance}}"}},
       .unit = "percent", .min = 0, .max = 100, .thresholds = {{std::nullopt, "green"}, {85.0, "orange"}, {95.0, "red"}}, .width = 4, .height = 4}}});

  d.rows.push_back({"CPU", {
      {.type = panel_type::timeseries, .title = "CPU time by mode",
       .description = "Seconds of CPU per second by mode, summed over cores; idle left out.",
       .targets = {{"sum by (instance, mode) (rate(node_cpu_seconds_total{" + f + ",mode!=\"idle\"}[$__rate_interval]))", "{{instance}} {{mode}}"}},
       .unit = "short", .min = 0, .width = 12, .height = 8},
      {.type = panel_type::timeseries, .title = "CPU busy", .targets = {{cpu_busy, "{{instance}}"}},
       .unit = "percent", .min = 0, .max = 100, .thresholds = busy, .width = 12, .height = 8},
      {.type = panel_type::timeseries, .title = "Load average",
       .targets = {{"node_load1{" + f + "}", "{{instance}} 1m"}, {"node_load5{" + f + "}", "{{instance}} 5m"},
                   {"node_load15{" + f + "}", "{{instance}} 15m"}},
       .unit = "short", .min = 0, .width = 24, .height = 6}}});

  d.rows.push_back({"Memory", {
      {.type = panel_type::timeseries, .title = "Memory",
       .targets = {{"node_memory_MemTotal_bytes{" + f + "}", "{{instance}} total"},
                   {"node_memory_MemTotal_bytes{" + f + "} - node_memory_MemAvailable_bytes{" + f + "}", "{{instance}} used"},
                   {"node_memory_Cached_bytes{" + f + "} + node_memory_Buffers_bytes{" + f + "}", "{{instance}} cache + buffers"}},
       .unit = "bytes", .min = 0, .width = 16, .height = 8},
      {.type = panel_type::stat, .title = "Swap used",
       .targets = {{"node_memory_SwapTotal_bytes{" + f + "} - node_memory_SwapFree_bytes{" + f + "}", "{{instance}}"}},
       .unit = "bytes", .width = 8, .height = 4},
      {.type = panel_type::gauge, .title = "Memory used", .targets = {{mem_used, "{{instance}}"}},
       .unit = "percent", .min = 0, .max = 100, .thresholds = {{std::nullopt, "green"}, {80.0, "orange"}, {95.0, "red"}}, .width = 8, .height = 4}}});

  d.rows.push_back({"Disk", {
      {.type = panel_type::bargauge, .title = "Filesystem used",
       .targets = {{"100 * (1 - node_filesystem_avail_bytes{" + fs + "} / node_filesystem_size_bytes{" + fs + "})", "{{instance}} {{mountpoint}}", true}},
       .unit = "percent", .min = 0, .max = 100, .thresholds = {{std::nullopt, "green"}, {85.0, "orange"}, {95.0, "red"}}, .width = 12, .height = 8},
      {.type = panel_type::table, .title = "Filesystems",
       .targets = {{"node_filesystem_avail_bytes{" + fs + "}", "", true}},
       .unit = "bytes", .width = 12, .height = 8},
      {.type = panel_type::timeseries, .title = "Disk read / write",
       .targets = {{"rate(node_disk_read_bytes_total{" + f + "}[$__rate_interval])", "{{instance}} {{device}} read"},
                   {"rate(node_disk_written_bytes_total{" + f + "}[$__rate_interval])", "{{instance}} {{device}} write"}},
       .unit = "Bps", .min = 0, .width = 12, .height = 8},
      {.type = panel_type::timeseries, .title = "Disk I/O time",
       .description = "Fraction of time each device was busy (100% = saturated).",
       .targets = {{"rate(node_disk_io_time_seconds_total{" + f + "}[$__rate_interval])", "{{instance}} {{device}}"}},
       .unit = "percentunit", .min = 0, .max = 1, .width = 12, .height = 8}}});

  d.rows.push_back({"Network", {
      {.type = panel_type::timeseries, .title = "Network traffic",
       .targets = {{"rate(node_network_receive_bytes_total{" + f + ",device!=\"lo\"}[$__rate_interval])", "{{instance}} {{device}} in"},
                   {"rate(node_network_transmit_bytes_total{" + f + ",device!=\"lo\"}[$__rate_interval])", "{{instance}} {{device}} out"}},
       .unit = "Bps", .width = 12, .height = 8},
      {.type = panel_type::timeseries, .title = "Network errors and drops",
       .targets = {{"rate(node_network_receive_errs_total{" + f + ",device!=\"lo\"}[$__rate_interval])", "{{instance}} {{device}} rx errors"},
                   {"rate(node_network_transmit_errs_total{" + f + ",device!=\"lo\"}[$__rate_interval])", "{{instance}} {{device}} tx errors"},
                   {"rate(node_network_receive_drop_total{" + f + ",device!=\"lo\"}[$__rate_interval])", "{{instance}} {{device}} rx drops"}},
       .unit = "pps", .min = 0, .width = 12, .height = 8}}});
  return d;
}

}  // namespace grafana
AIOPS_END_NAMESPACE
