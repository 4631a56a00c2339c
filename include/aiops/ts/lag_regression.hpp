// aiops: a forecaster that regresses each point on its lags (recent and seasonal) with ridge regression
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max_element
#include <cmath>      // std::isnan, std::sqrt
#include <cstddef>    // std::size_t
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/ridge.hpp"
#include "aiops/ts/holt_winters.hpp"
#include "aiops/ts/series.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ts {

/// Options of `lag_regression`.
struct lag_regression_options {
  std::vector<std::size_t> lags = {1, 2, 3, 4, 5, 10, 15, 30, 60};  ///< recent lags, in points
  std::vector<std::size_t> seasonal_lags = {};  ///< e.g. {1440, 10080}: same minute yesterday, last week
  double alpha = 1.0;                           ///< ridge penalty
  double level = 0.95;                          ///< prediction interval of `predict`
};

/// y[t] = w . (y[t - lag] for every lag) + b, fitted by ridge on the rows whose lags and target
/// are all finite; multi-step forecasts feed predictions back as lags (recursive strategy).
/// The interval is +-z * sigma * sqrt(h) for the h-th step: a rough band, widening with h.
///
///     ts::lag_regression m({.seasonal_lags = {1440}});
///     m.fit(cpu);
///     ts::forecast next_hour = m.predict(60);
class lag_regression {
 public:
  /// @throws std::invalid_argument without lags, or with a lag of 0.
  explicit lag_regression(lag_regression_options o = {}) : o_(std::move(o)), model_({.alpha = o_.alpha}) {
    all_ = o_.lags;
    all_.insert(all_.end(), o_.seasonal_lags.begin(), o_.seasonal_lags.end());
    if (all_.empty()) throw std::invalid_argument("ts::lag_regression: needs at least one lag");
    for (std::size_t l : all_)
      if (l == 0) throw std::invalid_argument("ts::lag_regression: lags must be positive");
    max_lag_ = *std::max_element(all_.begin(), all_.end());
  }

  /// Fits on a regular series. @throws std::invalid_argument when fewer than 2 complete rows exist.
  lag_regression& fit(const std::vector<double>& y) {
    std::vector<Eigen::Index> rows;
    for (std::size_t t = max_lag_; t < y.size(); ++t)
      if (complete(y, t)) rows.push_back(static_cast<Eigen::Index>(t));
    if (rows.size() < 2 + all_.size()) throw std::invalid_argument("ts::lag_regression::fit: too few complete rows (series too short or too many gaps)");
    Eigen::MatrixXd x(static_cast<Eigen::Index>(rows.size()), static_cast<Eigen::Index>(all_.size()));
    Eigen::VectorXd target(x.rows());
    for (Eigen::Index r = 0; r < x.rows(); ++r) {
      const auto t = static_cast<std::size_t>(rows[static_cast<std::size_t>(r)]);
      for (std::size_t c = 0; c < all_.size(); ++c) x(r, static_cast<Eigen::Index>(c)) = y[t - all_[c]];
      target[r] = y[t];
    }
    model_.fit(x, target);
    const Eigen::VectorXd residual = target - model_.predict(x);
    sigma_ = std::sqrt(residual.squaredNorm() / static_cast<double>(std::max<Eigen::Index>(1, residual.size() - 1)));
    history_ = y;
    fitted_ = true;
    return *this;
  }

  /// The one-step prediction of y[t] from y[t - lag] (NaN when a lag is missing or t < max lag).
  double predict_at(const std::vector<double>& y, std::size_t t) const {
    if (!fitted_) throw std::invalid_argument("ts::lag_regression: call fit first");
    if (t < max_lag_) return missing;
    Eigen::RowVectorXd row(static_cast<Eigen::Index>(all_.size()));
    for (std::size_t c = 0; c < all_.size(); ++c) {
      const double v = y[t - all_[c]];
      if (std::isnan(v)) return missing;
      row[static_cast<Eigen::Index>(c)] = v;
    }
    return model_.predict(row)[0];
  }

  /// Forecasts `horizon` points after the fitted series. A missing lag in the history is
  /// replaced by the last prediction available, so gaps near the end do not stop the forecast.
  forecast predict(std::size_t horizon) const {
    if (!fitted_) throw std::invalid_argument("ts::lag_regression::predict: call fit first");
    std::vector<double> y = history_;
    forecast f;
    double last = missing;
    for (double v : y)
      if (!std::isnan(v)) last = v;
    for (std::size_t t = y.size() - 1; t > 0 && t + max_lag_ >= y.size(); --t)
      if (std::isnan(y[t])) y[t] = last;
    const double z = normal_quantile(0.5 + o_.level / 2);
    for (std::size_t h = 1; h <= horizon; ++h) {
      y.push_back(0);
      const double p = predict_at(y, y.size() - 1);
      y.back() = p;
      const double sd = sigma_ * std::sqrt(static_cast<double>(h));
      f.mean.push_back(p);
      f.lower.push_back(p - z * sd);
      f.upper.push_back(p + z * sd);
    }
    return f;
  }

  double sigma() const noexcept { return sigma_; }

 private:
  bool complete(const std::vector<double>& y, std::size_t t) const {
    if (std::isnan(y[t])) return false;
    for (std::size_t l : all_)
      if (std::isnan(y[t - l])) return false;
    return true;
  }

  lag_regression_options o_;
  ml::ridge model_;
  std::vector<std::size_t> all_;
  std::size_t max_lag_ = 0;
  std::vector<double> history_;
  double sigma_ = 0;
  bool fitted_ = false;
};

}  // namespace ts
AIOPS_END_NAMESPACE
