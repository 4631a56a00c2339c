// aiops: datagen's traffic shape: how busy a consumer-facing service is by hour and weekday
// SPDX-License-Identifier: MIT
#pragma once

#include <array>  // std::array

#include "output.hpp"

namespace datagen {

/// Relative load at a UTC time, 1.0 at a weekday's busiest hour: a night trough near 04:00, a
/// late-morning and an evening peak, a quieter weekend whose morning starts late. Linear
/// within each hour, so minute counts have no steps.
inline double daily_traffic(timestamp_ns t) {
  static constexpr std::array<double, 25> hourly = {0.42, 0.30, 0.21, 0.15, 0.13, 0.17, 0.28, 0.47, 0.70,
                                                    0.86, 0.96, 1.00, 0.94, 0.91, 0.95, 0.96, 0.91, 0.85,
                                                    0.89, 0.98, 1.00, 0.92, 0.78, 0.60, 0.42};
  static constexpr std::array<double, 7> weekday = {0.58, 1.00, 1.06, 1.03, 0.99, 0.90, 0.62};  // Sunday first
  timestamp_ns in_day = t % aiops::ns_per_day;
  if (in_day < 0) in_day += aiops::ns_per_day;
  const double hour = static_cast<double>(in_day) / static_cast<double>(aiops::ns_per_hour);
  const int h = static_cast<int>(hour);
  double shape = hourly[h] + (hourly[h + 1] - hourly[h]) * (hour - h);
  const int dow = aiops::day_of_week(t);
  if ((dow == 0 || dow == 6) && h >= 6 && h < 12) shape *= 0.75;
  return shape * weekday[dow];
}

}  // namespace datagen
