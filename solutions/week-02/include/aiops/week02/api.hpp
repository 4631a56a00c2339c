// aiops: week 02, tasks 3-4 (reference solution): call a real local HTTP API and read its answers
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
  aiops::http::client prometheus(base_url);
  const nlohmann::json info = prometheus.get_json("/api/v1/status/buildinfo");
  if (info.value("status", "") != "success") throw aiops::error("buildinfo: " + info.dump());
  return info.at("data").at("version").get<std::string>();
}

/// task-4: the value of the metric `name` (one without labels, e.g. "node_memory_MemTotal_bytes")
/// in the text that `GET /metrics` of a node_exporter at `base_url` returns.
/// @throws aiops::error when the server cannot be reached or has no such metric.
inline double node_metric(const std::string& base_url, const std::string& name) {
  const std::string text = aiops::http::client(base_url).get("/metrics").body;
  for (std::string_view line : aiops::split(text, '\n')) {
    // A sample line is "name value" or "name value timestamp"; comments start with '#'.
    auto words = aiops::split_ws(line);
    if (words.size() >= 2 && words[0] == name)
      if (auto value = aiops::parse_double(words[1])) return *value;
  }
  throw aiops::error("no metric " + name + " at " + base_url + "/metrics");
}

}  // namespace aiops::week02
