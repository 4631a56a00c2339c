// aiops: detectors by name, with defaults for a regular series of a given seasonal period
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>    // std::max, std::min
#include <cstddef>      // std::size_t
#include <memory>       // std::unique_ptr, std::make_unique
#include <stdexcept>    // std::invalid_argument
#include <string>       // std::string
#include <string_view>  // std::string_view
#include <utility>      // std::move
#include <vector>       // std::vector

#include "aiops/anomaly/detector.hpp"
#include "aiops/anomaly/ensemble.hpp"
#include "aiops/anomaly/forecast_residual.hpp"
#include "aiops/anomaly/isolation_forest.hpp"
#include "aiops/anomaly/lstm.hpp"
#include "aiops/config.hpp"
#include "aiops/core/time.hpp"

AIOPS_BEGIN_NAMESPACE
namespace anomaly {

/// The names `make_detector` knows.
inline const std::vector<std::string>& detector_names() {
  static const std::vector<std::string> names = {"zscore", "mad", "ewma", "seasonal", "hw", "prophet", "iforest", "lstm", "ensemble"};
  return names;
}

/// A detector by name for a regular series with `step` between points (`points` of them; 0 means
/// a stream of unknown length). The season, also the length of the windows: a day when a day is
/// 4 points or more and the data holds three; else a week (daily data); else a third of the data,
/// 4 points at least and an hour at most. Seasonal baselines add one, two and three weeks when the
/// data shows them. "ensemble" combines mad, seasonal, hw and iforest: the default for an unknown
/// series. @throws std::invalid_argument on an unknown name or step <= 0.
inline std::unique_ptr<detector> make_detector(std::string_view name, timestamp_ns step = ns_per_minute, std::size_t points = 0) {
  if (step <= 0) throw std::invalid_argument("anomaly::make_detector: step must be positive");
  const auto per = [&](timestamp_ns span) { return static_cast<std::size_t>(std::max<timestamp_ns>(1, span / step)); };
  const auto shown = [&](std::size_t length, std::size_t times) { return points == 0 || points >= times * length; };
  const std::size_t day = per(ns_per_day), week = per(7 * ns_per_day);
  const std::size_t period = day >= 4 && shown(day, 3)     ? day
                             : week >= 4 && shown(week, 3) ? week
                                                           : std::clamp<std::size_t>(points / 3, 4, std::max<std::size_t>(4, per(ns_per_hour)));
  const std::size_t window = std::min<std::size_t>(period, 10080);
  if (name == "zscore") return std::make_unique<zscore_detector>(window);
  if (name == "mad") return std::make_unique<mad_detector>(window);
  if (name == "ewma") return std::make_unique<ewma_detector>(0.02);
  if (name == "seasonal") {
    // A weekly season: Mondays against the Mondays of the last three weeks, yesterday filling in
    // until two of them are known (seasonal_detector).
    std::vector<std::size_t> periods = {period};
    for (std::size_t k = 1; k <= 3; ++k)
      if (k * week > period && shown(week, k + 1)) periods.push_back(k * week);
    return std::make_unique<seasonal_detector>(periods, window);
  }
  if (name == "hw") return std::make_unique<holt_winters_detector>(ts::holt_winters_options{.period = period});
  if (name == "prophet") {
    prophet_detector::options o;
    o.step = step;
    o.warmup = 2 * period;
    o.refit_every = period;
    o.history = std::max(4 * period, shown(week, 2) ? 2 * week : 0);
    return std::make_unique<prophet_detector>(o);
  }
  if (name == "iforest")
    return std::make_unique<isolation_forest_detector>(std::clamp<std::size_t>(period, 2, 60), period, isolation_forest_options{},
                                                       std::max<std::size_t>(16, 2 * period));
  if (name == "lstm") {
    const lstm_options o{.period = period};
    return std::make_unique<lstm_detector>(o, 6, std::max(2 * period, 2 * o.window + 2));
  }
  if (name == "ensemble") {
    std::vector<std::unique_ptr<detector>> members;
    for (const char* m : {"mad", "seasonal", "hw", "iforest"}) members.push_back(make_detector(m, step, points));
    return std::make_unique<ensemble_detector>(std::move(members));
  }
  std::string known;
  for (const auto& n : detector_names()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("anomaly::make_detector: unknown detector '" + std::string(name) + "' (known: " + known + ")");
}

}  // namespace anomaly
AIOPS_END_NAMESPACE
