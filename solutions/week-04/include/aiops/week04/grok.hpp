// aiops: week 04, task 5 (reference solution): a grok pattern for the shop's own application log format
// SPDX-License-Identifier: MIT
#pragma once

#include <string>  // std::string

#include <aiops/core.hpp>

namespace aiops::week04 {

/// task-5: a grok pattern (aiops::logs::grok, the standard pattern library) that matches a whole
/// line of the shop's application log and captures the fields README lists, e.g.
///
///     2025-06-05T14:31:07.000Z ERROR [shop-api] 203.0.113.9 POST /api/v1/cart?item=7 -> 503 47B 12ms "okhttp/4.12.0"
inline std::string shop_log_pattern() {
  // LOGLEVEL is padded to five columns ("INFO "), so one or more spaces follow it; the user agent
  // runs to the last quote (nginx escapes quotes inside it as \x22).
  return R"(%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:log.level} +\[%{NOTSPACE:service.name}\] )"
         R"(%{IP:source.ip} %{WORD:http.request.method} %{NOTSPACE:url.original} -> )"
         R"(%{INT:http.response.status_code:int} %{INT:http.response.body.bytes:int}B %{INT:duration_ms:int}ms )"
         R"("%{DATA:user_agent.original}")";
}

}  // namespace aiops::week04
