// aiops: turning an error answer of Elasticsearch/OpenSearch into a server_error
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string

#include <nlohmann/json.hpp>

#include "aiops/config.hpp"
#include "aiops/es/error.hpp"
#include "aiops/http/client.hpp"
#include "aiops/http/message.hpp"

AIOPS_BEGIN_NAMESPACE
namespace es::detail {

inline std::string text_of(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// `type: reason` of the first root cause when it says more than the error itself
// ("search_phase_execution_exception: all shards failed" hides the query's own mistake).
inline std::string first_cause(const nlohmann::json& error) {
  for (const char* list : {"root_cause", "failed_shards"}) {
    const auto it = error.find(list);
    if (it == error.end() || !it->is_array() || it->empty()) continue;
    const nlohmann::json& first = (*it)[0];
    const nlohmann::json& cause = first.contains("reason") && first["reason"].is_object() ? first["reason"] : first;
    const std::string type = text_of(cause, "type");
    const std::string reason = text_of(cause, "reason");
    if (type == text_of(error, "type") && reason == text_of(error, "reason")) continue;
    if (!reason.empty()) return type.empty() ? reason : type + ": " + reason;
  }
  if (const auto it = error.find("caused_by"); it != error.end() && it->is_object()) {
    const std::string reason = text_of(*it, "reason");
    if (!reason.empty()) return text_of(*it, "type") + ": " + reason;
  }
  return {};
}

// The error in an answer: `{"error":{"type","reason",...},"status":N}`, `{"error":"text"}` (old
// servers, proxies), or any other body, shortened.
inline server_error make_server_error(const http::response& r) {
  const auto j = http::parse_json_answer(r.body);  // depth-checked: a hostile body is shown as text
  std::string type, reason, cause;
  if (j.is_object()) {
    if (const auto e = j.find("error"); e != j.end()) {
      if (e->is_object()) {
        type = text_of(*e, "type");
        reason = text_of(*e, "reason");
        cause = first_cause(*e);
      } else if (e->is_string()) {
        reason = e->get<std::string>();
      }
    } else if (const std::string message = text_of(j, "message"); !message.empty()) {
      reason = message;
    }
  }
  if (reason.empty()) {
    reason = r.body.size() > 300 ? r.body.substr(0, 300) + "..." : r.body;
    if (reason.empty()) reason = r.reason;
  }
  return server_error(r.method, r.url, r.status, r.attempts, type, reason, cause, r.body);
}

}  // namespace es::detail
AIOPS_END_NAMESPACE
