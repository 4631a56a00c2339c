// aiops: retention policies: which of a series of timestamped snapshots to keep (keep-last/daily/weekly...)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>   // std::sort
#include <cstddef>     // std::size_t
#include <cstdint>     // std::int64_t
#include <numeric>     // std::iota
#include <stdexcept>   // std::invalid_argument
#include <string>      // std::string
#include <vector>      // std::vector

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace sys {

/// How many snapshots to keep, as restic's and borg's `--keep-*` options: the newest `last`,
/// then the newest of each of the `hourly` most recent hours that have one, and so on.
/// Hours, days, weeks (Monday to Sunday, ISO 8601), months and years are UTC.
struct retention_policy {
  std::size_t keep_last = 0;
  std::size_t keep_hourly = 0;
  std::size_t keep_daily = 0;
  std::size_t keep_weekly = 0;
  std::size_t keep_monthly = 0;
  std::size_t keep_yearly = 0;

  /// Keeps nothing by any rule.
  bool empty() const noexcept {
    return keep_last + keep_hourly + keep_daily + keep_weekly + keep_monthly + keep_yearly == 0;
  }
};

/// The verdict on one snapshot.
struct retention_decision {
  std::size_t index = 0;             ///< position in the list given to plan_retention
  timestamp_ns time = 0;
  bool keep = false;
  std::vector<std::string> reasons;  ///< the rules that keep it: "newest", "last", "hourly", "daily", ...
};

namespace detail {
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace detail

/// Decides which snapshots a policy keeps, newest first. Several rules may keep the same
/// snapshot; each rule counts it. The newest snapshot is always kept.
///
///     auto plan = aiops::sys::plan_retention(times, {.keep_last = 3, .keep_daily = 7});
///     for (auto& d : plan) if (!d.keep) remove(d.index);
///
/// @throws std::invalid_argument when the policy keeps nothing (almost certainly a mistake).
inline std::vector<retention_decision> plan_retention(const std::vector<timestamp_ns>& times, const retention_policy& policy) {
  using detail::floor_div;
  if (policy.empty()) throw std::invalid_argument("retention policy keeps nothing: set at least one keep_* count");
  struct rule {
    const char* name;
    std::size_t left;
    std::int64_t (*bucket)(timestamp_ns, std::size_t position);
    std::int64_t last_bucket = 0;
    bool any = false;
  };
  rule rules[] = {
      // Each snapshot is a bucket of its own for keep_last.
      {"last", policy.keep_last, [](timestamp_ns, std::size_t pos) { return static_cast<std::int64_t>(pos); }},
      {"hourly", policy.keep_hourly, [](timestamp_ns t, std::size_t) { return floor_div(t, ns_per_hour); }},
      {"daily", policy.keep_daily, [](timestamp_ns t, std::size_t) { return floor_div(t, ns_per_day); }},
      // 1970-01-01 was a Thursday: shifting by 3 days makes weeks start on Monday.
      {"weekly", policy.keep_weekly, [](timestamp_ns t, std::size_t) { return floor_div(floor_div(t, ns_per_day) + 3, 7); }},
      {"monthly", policy.keep_monthly,
       [](timestamp_ns t, std::size_t) { auto c = to_civil(t); return std::int64_t(c.year) * 12 + c.month - 1; }},
      {"yearly", policy.keep_yearly, [](timestamp_ns t, std::size_t) { return std::int64_t(to_civil(t).year); }},
  };
  std::vector<std::size_t> order(times.size());
  std::iota(order.begin(), order.end(), 0);
  // Newest first; of two with the same time, the later in the list counts as newer.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return times[a] != times[b] ? times[a] > times[b] : a > b; });
  std::vector<retention_decision> out;
  for (std::size_t pos = 0; pos < order.size(); ++pos) {
    retention_decision d{order[pos], times[order[pos]], false, {}};
    if (pos == 0) d.reasons.emplace_back("newest");
    for (auto& r : rules) {
      if (r.left == 0) continue;
      std::int64_t b = r.bucket(d.time, pos);
      if (r.any && b == r.last_bucket) continue;
      r.any = true;
      r.last_bucket = b;
      --r.left;
      d.reasons.emplace_back(r.name);
    }
    d.keep = !d.reasons.empty();
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace sys
AIOPS_END_NAMESPACE
