// aiops: week 02, tasks 3-4 (your code): call a real local HTTP API and read its answers
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string

#include <aiops/core.hpp>
#include <aiops/http.hpp>

namespace aiops::week02 {

/// task-3: the version a Prometheus server reports in `GET /api/v1/status/buildinfo`
/// (`{"status":"success","data":{"version":"2.42.0",...}}`), e.g. "2.42.0".
/// @throws aiops::error when the server cannot be reached or answers with an error.
inline std::string prometheus_version(const std::string& base_url) {
  // TODO(week-02): see README, task 3.
  (void)base_url;
  throw aiops::not_implemented("week02::prometheus_version");
}

/// task-4: the value of the metric `name` (one without labels, e.g. "node_memory_MemTotal_bytes")
/// in the text that `GET /metrics` of a node_exporter at `base_url` returns.
/// @throws aiops::error when the server cannot be reached or has no such metric.
inline double node_metric(const std::string& base_url, const std::string& name) {
  // TODO(week-02): see README, task 4.
  (void)base_url, (void)name;
  throw aiops::not_implemented("week02::node_metric");
}

}  // namespace aiops::week02
