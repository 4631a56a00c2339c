// aiops: features for models: lags, differences, calendar fields and Fourier terms of timestamps
// SPDX-License-Identifier: MIT
#pragma once

#include <cmath>      // std::sin, std::cos
#include <cstddef>    // std::size_t
#include <numbers>    // std::numbers::pi
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/core/time.hpp"
#include "aiops/ts/series.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ts {

/// One row per index i, one column per lag k: values[i - k], NaN before the start.
/// @throws std::invalid_argument if a lag is 0.
inline Eigen::MatrixXd lag_matrix(const std::vector<double>& values, const std::vector<std::size_t>& lags) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(values.size()), static_cast<Eigen::Index>(lags.size()));
  for (std::size_t c = 0; c < lags.size(); ++c) {
    if (lags[c] == 0) throw std::invalid_argument("ts::lag_matrix: lags must be positive");
    for (std::size_t i = 0; i < values.size(); ++i)
      x(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) = i >= lags[c] ? values[i - lags[c]] : missing;
  }
  return x;
}

/// values[i] - values[i - lag], NaN for the first `lag` points.
inline std::vector<double> difference(const std::vector<double>& values, std::size_t lag = 1) {
  std::vector<double> out(values.size(), missing);
  for (std::size_t i = lag; i < values.size(); ++i) out[i] = values[i] - values[i - lag];
  return out;
}

/// Hour of day (0-23, UTC, or local with `offset` added first).
inline int hour_of_day(timestamp_ns t, timestamp_ns offset = 0) {
  timestamp_ns in_day = (t + offset) % ns_per_day;
  if (in_day < 0) in_day += ns_per_day;
  return static_cast<int>(in_day / ns_per_hour);
}

/// Calendar features of each timestamp: hour of day (0-23), day of week (0 = Sunday), minute of
/// day (0-1439) and a weekend flag, as the columns of a matrix in that order.
inline Eigen::MatrixXd calendar_features(const std::vector<timestamp_ns>& time, timestamp_ns offset = 0) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(time.size()), 4);
  for (std::size_t i = 0; i < time.size(); ++i) {
    const timestamp_ns t = time[i] + offset;
    timestamp_ns in_day = t % ns_per_day;
    if (in_day < 0) in_day += ns_per_day;
    const int dow = day_of_week(t);
    const auto r = static_cast<Eigen::Index>(i);
    x(r, 0) = static_cast<double>(in_day / ns_per_hour);
    x(r, 1) = dow;
    x(r, 2) = static_cast<double>(in_day / ns_per_minute);
    x(r, 3) = dow == 0 || dow == 6;
  }
  return x;
}

/// Fourier terms sin(2 pi k t / period), cos(2 pi k t / period) for k = 1..order, as 2*order
/// columns (sin, cos interleaved): a smooth seasonal shape of any period with few parameters.
/// @throws std::invalid_argument if period <= 0 or order < 1.
inline Eigen::MatrixXd fourier_terms(const std::vector<timestamp_ns>& time, timestamp_ns period, int order) {
  if (period <= 0 || order < 1) throw std::invalid_argument("ts::fourier_terms: period must be positive and order >= 1");
  Eigen::MatrixXd x(static_cast<Eigen::Index>(time.size()), 2 * order);
  for (std::size_t i = 0; i < time.size(); ++i) {
    timestamp_ns phase = time[i] % period;  // reduce first: radians of epoch nanoseconds lose all precision
    if (phase < 0) phase += period;
    const double a = 2 * std::numbers::pi * static_cast<double>(phase) / static_cast<double>(period);
    for (int k = 1; k <= order; ++k) {
      x(static_cast<Eigen::Index>(i), 2 * k - 2) = std::sin(k * a);
      x(static_cast<Eigen::Index>(i), 2 * k - 1) = std::cos(k * a);
    }
  }
  return x;
}

}  // namespace ts
AIOPS_END_NAMESPACE
