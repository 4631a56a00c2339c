// aiops: week 09, tasks 1-2 (reference solution): lag features and a day-ahead CPU forecast by lag regression
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max
#include <cmath>      // std::isnan
#include <cstddef>    // std::size_t
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

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
  std::size_t longest = 0;
  for (std::size_t lag : lags) {
    if (lag == 0) throw std::invalid_argument("week09::lag_features: lags must be positive");
    longest = std::max(longest, lag);
  }
  lag_table out;
  for (std::size_t t = longest; t < values.size(); ++t) {
    bool complete = !std::isnan(values[t]);
    for (std::size_t lag : lags) complete = complete && !std::isnan(values[t - lag]);
    if (complete) out.rows.push_back(t);
  }
  const auto n = static_cast<Eigen::Index>(out.rows.size()), k = static_cast<Eigen::Index>(lags.size());
  out.x.resize(n, k);
  out.y.resize(n);
  for (Eigen::Index r = 0; r < n; ++r) {
    const std::size_t t = out.rows[static_cast<std::size_t>(r)];
    for (Eigen::Index c = 0; c < k; ++c) out.x(r, c) = values[t - lags[static_cast<std::size_t>(c)]];
    out.y[r] = values[t];
  }
  return out;
}

/// Forecasts the `horizon` minutes after `history` (one value a minute, NaN for a gap).
/// The model: CPU now ~ CPU around the same minute 1, 2 and 3 days ago and 1 and 2 weeks ago,
/// by least squares. Each lag is the mean of the 31 minutes around it: the minute itself is
/// mostly noise. The second forecast day reads the first from the forecast (recursive).
inline std::vector<double> forecast_cpu(const std::vector<double>& history, std::size_t horizon) {
  const std::vector<std::size_t> lags = {1440, 2880, 4320, 10080, 20160};
  const std::size_t half = 15;
  std::vector<double> y = history;
  // Gaps would break rows, and the recursion reads lags: fill short gaps from the neighbours,
  // long outages from the day before.
  ts::fill_linear(y, 10);
  ts::fill_seasonal(y, 1440);
  const auto smooth = [&](std::size_t t) {
    double sum = 0;
    for (std::size_t i = t - half; i <= t + half; ++i) sum += y[i];
    return sum / (2 * half + 1);
  };
  std::vector<double> smoothed(y.size(), ts::missing);
  for (std::size_t t = half; t + half < y.size(); ++t) smoothed[t] = smooth(t);
  // The target is the raw minute; the window around t - lag ends long before t.
  lag_table train = lag_features(smoothed, lags);
  for (std::size_t r = 0; r < train.rows.size(); ++r) train.y[static_cast<Eigen::Index>(r)] = y[train.rows[r]];
  ml::linear_regression model;
  model.fit(train.x, train.y);
  Eigen::RowVectorXd row(static_cast<Eigen::Index>(lags.size()));
  std::vector<double> out;
  for (std::size_t h = 0; h < horizon; ++h) {
    const std::size_t t = y.size();
    for (std::size_t c = 0; c < lags.size(); ++c) row[static_cast<Eigen::Index>(c)] = smooth(t - lags[c]);
    y.push_back(model.predict(row)[0]);
    out.push_back(y.back());
  }
  return out;
}

}  // namespace aiops::week09
