// aiops: week 09, tasks 1-2 (your code): lag features and a day-ahead CPU forecast by lag regression
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t
#include <vector>   // std::vector

#include <Eigen/Core>

#include <aiops/core.hpp>
#include <aiops/ml.hpp>
#include <aiops/ts.hpp>

namespace aiops::week09 {

/// A regression table made from a series: row r holds values[rows[r] - lag] for each lag, and y[r] = values[rows[r]].
struct lag_table {
  Eigen::MatrixXd x;               ///< one column per lag, in the order given
  Eigen::VectorXd y;               ///< the targets
  std::vector<std::size_t> rows;   ///< the index t of each row in the series
};

/// The rows t (in increasing order) whose target and lagged values are all present (not NaN);
/// t - lag must not fall before the start. @throws std::invalid_argument if a lag is 0.
inline lag_table lag_features(const std::vector<double>& values, const std::vector<std::size_t>& lags) {
  // TODO(week-09): see README, task 1.
  (void)values, (void)lags;
  throw aiops::not_implemented("week09::lag_features");
}

/// Forecasts the `horizon` minutes after `history` (one value a minute, NaN for a gap).
inline std::vector<double> forecast_cpu(const std::vector<double>& history, std::size_t horizon) {
  // TODO(week-09): see README, task 2.
  (void)history, (void)horizon;
  throw aiops::not_implemented("week09::forecast_cpu");
}

}  // namespace aiops::week09
