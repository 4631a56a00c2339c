// aiops: where the integration tests find the real servers that scripts/servers starts
// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>   // std::chrono
#include <cstdlib>  // std::getenv
#include <string>   // std::string

#include <aiops/core/time.hpp>
#include <aiops/http/client.hpp>

namespace aiops::testing {

/// The value of environment variable `name`, or `fallback` when it is unset or empty.
inline std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : fallback;
}

/// Base URLs of the servers, overridable by environment (for servers that run elsewhere, e.g. in Docker).
inline std::string prometheus_url() { return env_or("AIOPS_PROMETHEUS_URL", "http://127.0.0.1:19090"); }
inline std::string node_exporter_url() { return env_or("AIOPS_NODE_EXPORTER_URL", "http://127.0.0.1:19100"); }
inline std::string alertmanager_url() { return env_or("AIOPS_ALERTMANAGER_URL", "http://127.0.0.1:19093"); }
inline std::string pushgateway_url() { return env_or("AIOPS_PUSHGATEWAY_URL", "http://127.0.0.1:19091"); }
inline std::string victoria_url() { return env_or("AIOPS_VICTORIA_URL", "http://127.0.0.1:18428"); }
inline std::string opensearch_url() { return env_or("AIOPS_OPENSEARCH_URL", "http://127.0.0.1:19200"); }
inline std::string zipkin_url() { return env_or("AIOPS_ZIPKIN_URL", "http://127.0.0.1:19411"); }

/// The message an integration test shows (with Catch2's INFO) when `server` does not answer at `url`;
/// `server` is the name `scripts/servers` knows it by.
inline std::string server_hint(const std::string& server, const std::string& url) {
  return server + " is expected at " + url + "; if it is down, run `scripts/servers start " + server +
         "` (or point the AIOPS_*_URL variable at a running one)";
}

/// Client options for talking to the local servers: a 10 s deadline and fast retries.
inline http::client_options quick() {
  http::client_options options;
  options.deadline = std::chrono::seconds(10);
  options.retry.base = std::chrono::milliseconds(100);
  return options;
}

}  // namespace aiops::testing
