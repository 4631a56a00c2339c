// aiops: a Prophet-style additive model: piecewise-linear trend with sparse changepoints, Fourier seasons, holidays
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort, std::max, std::min
#include <cmath>      // std::abs, std::sqrt, std::exp, std::log, std::isnan, std::floor, std::nearbyint
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::pair, std::move
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/eigen_instances.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/ts/detail/stan_lbfgs.hpp"
#include "aiops/ts/features.hpp"
#include "aiops/ts/holt_winters.hpp"
#include "aiops/ts/series.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ts {

/// A seasonal component: `order` Fourier pairs of the given period.
struct seasonality {
  std::string name;
  timestamp_ns period = ns_per_day;
  int order = 4;
};

/// Days with their own effect (a release day, a sale): an indicator from `before` ahead of each
/// date until `after` past it.
struct holiday {
  std::string name;
  std::vector<timestamp_ns> dates;
  timestamp_ns before = 0;
  timestamp_ns after = ns_per_day;
};

/// Options of `prophet`, named and defaulted as in Facebook Prophet.
struct prophet_options {
  int n_changepoints = 25;                ///< candidate trend changepoints, spread over the first `changepoint_range`
  double changepoint_range = 0.8;         ///< share of the history where changepoints may be
  double changepoint_prior_scale = 0.05;  ///< Laplace scale of the rate changes: smaller, a stiffer trend
  double seasonality_prior_scale = 10;    ///< normal scale of the Fourier coefficients
  double holidays_prior_scale = 10;       ///< normal scale of the holiday effects
  int daily_order = 4;                    ///< 0 disables; used when the data spans 2 days at sub-daily steps
  int weekly_order = 3;                   ///< 0 disables; used when the data spans 2 weeks at sub-weekly steps
  int yearly_order = 10;                  ///< 0 disables; used when the data spans 730 days (period 365.25 days)
  std::vector<seasonality> extra_seasonalities{};
  std::vector<holiday> holidays{};
  double interval_width = 0.8;            ///< coverage of the uncertainty interval
  int uncertainty_samples = 300;          ///< simulated future trends for the interval
  std::uint64_t seed = 0;                 ///< of the simulation
};

/// y(t) = g(t) + s(t) + h(t) + e: g piecewise linear with changepoints s_j, rate k + sum of the
/// rate changes d_j before t (Laplace prior: most d_j are ~0), s sums of Fourier terms (normal
/// prior), h holiday indicators, e normal. Prophet's model (its Stan file): on the scaled data
/// (y / max|y|, t in [0, 1]) the posterior of k, m ~ N(0, 5), d_j ~ Laplace(0,
/// changepoint_prior_scale), Fourier and holiday coefficients ~ N(0, their prior scale), noise
/// sigma ~ N(0, 0.5); the changepoints at the rows np.linspace(0, h - 1, n_changepoints + 1)[1:]
/// (rounded half to even) of the first h = floor(changepoint_range n) rows; seasonalities and
/// their Fourier orders chosen from the span as Prophet's "auto" does. The MAP estimate, found as
/// Prophet finds it: Stan's L-BFGS with CmdStan's defaults from Prophet's start (the line through
/// the first and last points, sigma 1, the rest 0), on the same objective; each evaluation costs O(columns^2)
/// from sufficient statistics (41 columns for minutes with daily and weekly seasons), whatever
/// the length. That search stops short of the posterior's maximum, in a flat valley along which
/// the forecast slope still moves; stopping where Prophet stops gives Prophet's forecasts (its
/// first 39 iterations agree with CmdStan's to 6 digits; bench/README.md). Intervals simulate future
/// changepoints (Poisson at the historical rate, Laplace sizes with the fitted mean |d|) plus
/// noise, as Prophet does.
///
///     ts::prophet m;
///     m.fit(times, requests);
///     ts::forecast f = m.predict(ts::future_times(times, 1440));
class prophet {
 public:
  explicit prophet(prophet_options o = {}) : o_(std::move(o)) {
    if (o_.n_changepoints < 0 || !(o_.changepoint_range > 0 && o_.changepoint_range <= 1) ||
        !(o_.changepoint_prior_scale > 0) || !(o_.seasonality_prior_scale > 0) || !(o_.interval_width > 0 && o_.interval_width < 1))
      throw std::invalid_argument("ts::prophet: invalid options");
  }

  /// Fits to increasing timestamps and values (NaN values are skipped).
  /// @throws std::invalid_argument on size mismatch, unsorted times, or fewer than 3 finite values.
  prophet& fit(const std::vector<timestamp_ns>& time, const std::vector<double>& y) {
    if (time.size() != y.size()) throw std::invalid_argument("ts::prophet::fit: time and value sizes differ");
    std::vector<timestamp_ns> t;
    std::vector<double> v;
    for (std::size_t i = 0; i < y.size(); ++i) {
      if (i && time[i] <= time[i - 1]) throw std::invalid_argument("ts::prophet::fit: times must increase");
      if (!std::isnan(y[i])) { t.push_back(time[i]); v.push_back(y[i]); }
    }
    if (v.size() < 3) throw std::invalid_argument("ts::prophet::fit: needs at least 3 finite values");
    t0_ = t.front();
    span_ = std::max<double>(1, static_cast<double>(t.back() - t.front()));
    scale_ = 0;
    for (double x : v) scale_ = std::max(scale_, std::abs(x));
    if (scale_ == 0) scale_ = 1;
    choose_seasonalities(t);
    changepoints_.clear();
    // Prophet's: rows np.linspace(0, hist - 1, nc + 1).round() but the first, numpy rounding half to even.
    const std::size_t hist = static_cast<std::size_t>(std::floor(static_cast<double>(t.size()) * o_.changepoint_range));
    const int nc = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(o_.n_changepoints), hist > 1 ? hist - 1 : 0));
    for (int j = 1; j <= nc; ++j)
      changepoints_.push_back(scaled(t[static_cast<std::size_t>(std::nearbyint(static_cast<double>(hist - 1) * j / nc))]));

    const Eigen::MatrixXd x = design(t);
    Eigen::VectorXd ys(static_cast<Eigen::Index>(v.size()));
    for (std::size_t i = 0; i < v.size(); ++i) ys[static_cast<Eigen::Index>(i)] = v[i] / scale_;
    // Sufficient statistics: every evaluation below costs O(columns^2), not O(rows).
    const Eigen::MatrixXd gram = x.transpose() * x;
    const Eigen::VectorXd xty = x.transpose() * ys;
    const double yty = ys.squaredNorm(), n = static_cast<double>(v.size());
    const Eigen::Index p = x.cols(), nchg = static_cast<Eigen::Index>(changepoints_.size());
    const auto is_changepoint = [&](Eigen::Index c) { return c >= 2 && c < 2 + nchg; };
    const double tau = o_.changepoint_prior_scale;
    Eigen::VectorXd precision(p);  // 1 / prior variance of the normal coefficients
    for (Eigen::Index c = 0; c < p; ++c) precision[c] = is_changepoint(c) ? 0 : 1 / (prior_scale(c) * prior_scale(c));
    // The negative log posterior of Prophet's Stan model (constants dropped, as Stan's optimizer
    // does) over z = (coefficients, log sigma), and its gradient.
    const auto objective = [&](const Eigen::VectorXd& z, Eigen::VectorXd& grad) {
      const Eigen::VectorXd w = z.head(p), gw = gram * w;
      const double s2 = std::exp(2 * z[p]);
      const double rss = std::max(yty - 2 * w.dot(xty) + w.dot(gw), 0.0);
      double value = rss / (2 * s2) + n * z[p] + 2 * s2;
      grad.head(p) = (gw - xty) / s2;
      for (Eigen::Index c = 0; c < p; ++c) {
        if (is_changepoint(c)) {
          value += std::abs(w[c]) / tau;
          grad[c] += static_cast<double>((w[c] > 0) - (w[c] < 0)) / tau;  // Stan's sign(0) = 0
        } else {
          value += precision[c] * w[c] * w[c] / 2;
          grad[c] += precision[c] * w[c];
        }
      }
      grad[p] = -rss / s2 + n + 4 * s2;
      return value;
    };
    // Prophet's start: the line through the first and last points, no rate changes, no season, sigma 1.
    Eigen::VectorXd z = Eigen::VectorXd::Zero(p + 1);
    z[1] = ys[ys.size() - 1] - ys[0];
    z[0] = ys[0];
    z = detail::stan_lbfgs(objective, std::move(z));
    beta_ = z.head(p);
    const double sigma2 = std::exp(2 * z[p]);
    sigma_ = std::sqrt(sigma2);
    mean_abs_delta_ = 0;
    for (Eigen::Index c = 2; c < 2 + nchg; ++c) mean_abs_delta_ += std::abs(beta_[c]);
    if (nchg) mean_abs_delta_ /= static_cast<double>(nchg);
    fitted_ = true;
    return *this;
  }

  /// Predictions at any timestamps (history or future) with the `interval_width` interval.
  /// @throws std::invalid_argument before fit.
  forecast predict(const std::vector<timestamp_ns>& time) const {
    if (!fitted_) throw std::invalid_argument("ts::prophet::predict: call fit first");
    const Eigen::VectorXd mean = design(time) * beta_;
    forecast f;
    const double z = normal_quantile(0.5 + o_.interval_width / 2);
    // Future trend uncertainty: simulate rate changes after the last changepoint's history.
    std::vector<std::vector<double>> trend_noise;
    double last_t = 1;
    bool future = false;
    for (timestamp_ns t : time) future = future || scaled(t) > last_t;
    if (future && !changepoints_.empty() && mean_abs_delta_ > 0 && o_.uncertainty_samples > 0) {
      ml::rng r(o_.seed);
      const double rate = static_cast<double>(changepoints_.size());  // changepoints per unit of scaled time
      for (int s = 0; s < o_.uncertainty_samples; ++s) {
        std::vector<double> path(time.size(), 0.0);
        // Changepoints after t = 1 as a Poisson process; each adds a Laplace(0, mean|d|) slope change.
        std::vector<std::pair<double, double>> changes;
        double at = last_t;
        double horizon = last_t;
        for (timestamp_ns t : time) horizon = std::max(horizon, scaled(t));
        while (true) {
          at += -std::log(1 - r.uniform()) / rate;
          if (at > horizon) break;
          const double u = r.uniform() - 0.5;
          const double delta = -mean_abs_delta_ * (u < 0 ? -1 : 1) * std::log(1 - 2 * std::abs(u));
          changes.emplace_back(at, delta);
        }
        for (std::size_t i = 0; i < time.size(); ++i) {
          const double st = scaled(time[i]);
          for (const auto& [c, d] : changes)
            if (st > c) path[i] += d * (st - c);
        }
        trend_noise.push_back(std::move(path));
      }
    }
    for (std::size_t i = 0; i < time.size(); ++i) {
      const double m = mean[static_cast<Eigen::Index>(i)] * scale_;
      double lo = m - z * sigma_ * scale_, hi = m + z * sigma_ * scale_;
      if (!trend_noise.empty() && scaled(time[i]) > last_t) {
        std::vector<double> d;
        for (const auto& path : trend_noise) d.push_back(path[i] * scale_);
        std::sort(d.begin(), d.end());
        const auto q = [&](double p) { return d[static_cast<std::size_t>(p * static_cast<double>(d.size() - 1))]; };
        const double spread = z * sigma_ * scale_;
        lo = m + q((1 - o_.interval_width) / 2) - spread;
        hi = m + q((1 + o_.interval_width) / 2) + spread;
      }
      f.mean.push_back(m);
      f.lower.push_back(lo);
      f.upper.push_back(hi);
    }
    return f;
  }

  /// The trend changepoints (timestamps) whose rate change is not negligible (|d| > 1% of max |d|).
  std::vector<timestamp_ns> changepoints() const {
    std::vector<timestamp_ns> out;
    double biggest = 0;
    for (std::size_t j = 0; j < changepoints_.size(); ++j) biggest = std::max(biggest, std::abs(beta_[static_cast<Eigen::Index>(2 + j)]));
    for (std::size_t j = 0; j < changepoints_.size(); ++j)
      if (std::abs(beta_[static_cast<Eigen::Index>(2 + j)]) > 0.01 * biggest && biggest > 0)
        out.push_back(t0_ + static_cast<timestamp_ns>(changepoints_[j] * span_));
    return out;
  }
  /// Standard deviation of the residuals, in the data's units.
  double sigma() const noexcept { return sigma_ * scale_; }

 private:
  double scaled(timestamp_ns t) const { return static_cast<double>(t - t0_) / span_; }
  void choose_seasonalities(const std::vector<timestamp_ns>& t) {
    seasons_.clear();
    const timestamp_ns span = t.back() - t.front(), step = typical_step(t);
    if (o_.daily_order > 0 && span >= 2 * ns_per_day && step < ns_per_day) seasons_.push_back({"daily", ns_per_day, o_.daily_order});
    if (o_.weekly_order > 0 && span >= 14 * ns_per_day && step < 7 * ns_per_day) seasons_.push_back({"weekly", 7 * ns_per_day, o_.weekly_order});
    if (o_.yearly_order > 0 && span >= 730 * ns_per_day) seasons_.push_back({"yearly", 36525 * ns_per_day / 100, o_.yearly_order});
    for (const seasonality& s : o_.extra_seasonalities) {
      if (s.period <= 0 || s.order < 1) throw std::invalid_argument("ts::prophet: seasonality '" + s.name + "' needs period > 0 and order >= 1");
      seasons_.push_back(s);
    }
  }
  double prior_scale(Eigen::Index c) const {
    const auto nchg = static_cast<Eigen::Index>(changepoints_.size());
    if (c < 2) return 5;  // k and m ~ N(0, 5)
    if (c < 2 + nchg) return o_.changepoint_prior_scale;
    Eigen::Index fourier = 0;
    for (const seasonality& s : seasons_) fourier += 2 * s.order;
    return c < 2 + nchg + fourier ? o_.seasonality_prior_scale : o_.holidays_prior_scale;
  }
  // Columns: 1, t, (t - s_j)+ per changepoint, Fourier terms per season, one indicator per holiday.
  Eigen::MatrixXd design(const std::vector<timestamp_ns>& time) const {
    Eigen::Index cols = 2 + static_cast<Eigen::Index>(changepoints_.size() + o_.holidays.size());
    for (const seasonality& s : seasons_) cols += 2 * s.order;
    Eigen::MatrixXd x = Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(time.size()), cols);
    for (std::size_t i = 0; i < time.size(); ++i) {
      const auto r = static_cast<Eigen::Index>(i);
      const double t = scaled(time[i]);
      x(r, 0) = 1;
      x(r, 1) = t;
      for (std::size_t j = 0; j < changepoints_.size(); ++j) x(r, static_cast<Eigen::Index>(2 + j)) = std::max(0.0, t - changepoints_[j]);
    }
    Eigen::Index c = 2 + static_cast<Eigen::Index>(changepoints_.size());
    for (const seasonality& s : seasons_) {
      x.middleCols(c, 2 * s.order) = fourier_terms(time, s.period, s.order);
      c += 2 * s.order;
    }
    for (const holiday& h : o_.holidays) {
      for (std::size_t i = 0; i < time.size(); ++i)
        for (timestamp_ns d : h.dates)
          if (time[i] >= d - h.before && time[i] < d + h.after) x(static_cast<Eigen::Index>(i), c) = 1;
      ++c;
    }
    return x;
  }

  prophet_options o_;
  std::vector<seasonality> seasons_;
  std::vector<double> changepoints_;  // in scaled time
  timestamp_ns t0_ = 0;
  double span_ = 1, scale_ = 1, sigma_ = 0, mean_abs_delta_ = 0;
  Eigen::VectorXd beta_;
  bool fitted_ = false;
};

/// The `horizon` timestamps after the last one of `time`, at its typical step.
/// @throws std::invalid_argument with fewer than two timestamps.
inline std::vector<timestamp_ns> future_times(const std::vector<timestamp_ns>& time, std::size_t horizon) {
  const timestamp_ns step = typical_step(time);
  if (step <= 0) throw std::invalid_argument("ts::future_times: needs two increasing timestamps");
  std::vector<timestamp_ns> out(horizon);
  for (std::size_t h = 0; h < horizon; ++h) out[h] = time.back() + static_cast<timestamp_ns>(h + 1) * step;
  return out;
}

}  // namespace ts
AIOPS_END_NAMESPACE
