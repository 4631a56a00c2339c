// aiops: week 06, task 2 (reference answer): CPU, memory and disk alert rules for node_exporter metrics
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>  // std::chrono_literals

#include <aiops/alert.hpp>
#include <aiops/core.hpp>

namespace aiops::week06 {

/// task-2: a rule group that fires for a host whose CPU is over 90 % busy, whose memory is over
/// 90 % used, or whose root filesystem has under 10 % free, each for at least 5 minutes; every
/// rule has a `severity` label and a `summary` annotation naming `{{ $labels.instance }}`.
inline aiops::alert::rule_group host_rules() {
  using namespace std::chrono_literals;
  using aiops::alert::rule;
  return {"host", 30s, {
      rule{.name = "HostCpuBusy",
           // The idle share, averaged over the host's cores, is what is left for work.
           .expr = "100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[5m]))) > 90",
           .for_duration = 5min,
           .labels = {{"severity", "warning"}},
           .annotations = {{"summary", "CPU of {{ $labels.instance }} is {{ printf \"%.0f\" $value }}% busy"}}},
      rule{.name = "HostMemoryFull",
           // MemAvailable, not MemFree: the kernel can give page cache back.
           .expr = "100 * (1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) > 90",
           .for_duration = 5min,
           .labels = {{"severity", "critical"}},
           .annotations = {{"summary", "memory of {{ $labels.instance }} is {{ printf \"%.0f\" $value }}% used"}}},
      rule{.name = "HostDiskFull",
           .expr = "100 * node_filesystem_avail_bytes{mountpoint=\"/\"} / node_filesystem_size_bytes{mountpoint=\"/\"} < 10",
           .for_duration = 5min,
           .labels = {{"severity", "critical"}},
           .annotations = {{"summary", "{{ $labels.instance }}: only {{ printf \"%.1f\" $value }}% free on /"}}}}};
}

}  // namespace aiops::week06
