// aiops: week 04, task 5 (your code): a grok pattern for the shop's own application log format
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
  // TODO(week-04): see README, task 5.
  throw aiops::not_implemented("week04::shop_log_pattern");
}

}  // namespace aiops::week04
