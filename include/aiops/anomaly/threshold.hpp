// aiops: from scores to labels: static and percentile thresholds, and SPOT (peaks over threshold, Siffer et al. 2017)
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort, std::max
#include <cmath>      // std::log, std::pow, std::isnan, std::abs, std::isfinite
#include <cstddef>    // std::size_t
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/ml/statistics.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace anomaly {

/// 1 where score > threshold, else 0 (NaN scores are 0).
inline std::vector<int> apply_threshold(const std::vector<double>& scores, double threshold) {
  std::vector<int> out(scores.size());
  for (std::size_t i = 0; i < scores.size(); ++i) out[i] = scores[i] > threshold;
  return out;
}

/// The p-th percentile (0-100, linear interpolation) of the finite scores: flag the top 100 - p %.
/// @throws std::invalid_argument if p is outside [0, 100] or no score is finite.
inline double percentile_threshold(const std::vector<double>& scores, double p) {
  if (!(p >= 0 && p <= 100)) throw std::invalid_argument("anomaly::percentile_threshold: p must be in [0, 100]");
  std::vector<double> finite;
  for (double s : scores)
    if (std::isfinite(s)) finite.push_back(s);
  if (finite.empty()) throw std::invalid_argument("anomaly::percentile_threshold: no finite score");
  return ml::quantile(ml::as_vector(finite), p / 100);
}

/// A generalised Pareto distribution of excesses over a threshold: shape gamma, scale sigma.
struct gpd {
  double gamma = 0;
  double sigma = 1;
};

/// Maximum-likelihood GPD fit of positive excesses, by Grimshaw's reduction to one variable
/// x = gamma / sigma: for fixed x, gamma = mean(log(1 + x y)) and sigma = gamma / x maximise the
/// likelihood, so the search is one-dimensional (a grid over the valid x, refined by golden section).
/// @throws std::invalid_argument with no excess.
inline gpd fit_gpd(const std::vector<double>& excess) {
  if (excess.empty()) throw std::invalid_argument("anomaly::fit_gpd: no excess");
  double ymax = 0, mean = 0;
  for (double y : excess) { ymax = std::max(ymax, y); mean += y; }
  mean /= static_cast<double>(excess.size());
  const auto n = static_cast<double>(excess.size());
  const auto params = [&](double x) {
    if (std::abs(x) < 1e-12) return gpd{0, mean};  // the exponential limit
    double g = 0;
    for (double y : excess) g += std::log1p(x * y);
    g /= n;
    return gpd{g, g / x};
  };
  const auto loglik = [&](double x) {
    const gpd p = params(x);
    if (!(p.sigma > 0)) return -std::numeric_limits<double>::infinity();
    if (p.gamma == 0) return -n * std::log(p.sigma) - n;
    double s = 0;
    for (double y : excess) {
      const double z = 1 + p.gamma * y / p.sigma;
      if (z <= 0) return -std::numeric_limits<double>::infinity();
      s += std::log(z);
    }
    return -n * std::log(p.sigma) - (1 + 1 / p.gamma) * s;
  };
  if (ymax <= 0) return {0, std::max(mean, 1e-12)};
  // x in (-1/ymax, 0) U (0, +): log-spaced grids on each side, up to 100 / mean.
  std::vector<double> grid = {0};
  for (int k = 0; k <= 60; ++k) {
    const double f = std::pow(10.0, -6 + 6.0 * k / 60);  // 1e-6 .. 1
    grid.push_back(-f * (1 - 1e-6) / ymax);
    grid.push_back(f * 100 / mean);
  }
  std::sort(grid.begin(), grid.end());
  std::size_t best = 0;
  double best_ll = -std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const double ll = loglik(grid[i]);
    if (ll > best_ll) { best_ll = ll; best = i; }
  }
  double a = grid[best > 0 ? best - 1 : 0], b = grid[std::min(best + 1, grid.size() - 1)];
  const double phi = 0.6180339887498949;
  for (int it = 0; it < 60 && b - a > 1e-12 * (1 + std::abs(a)); ++it) {
    const double c = b - phi * (b - a), d = a + phi * (b - a);
    if (loglik(c) > loglik(d)) b = d; else a = c;
  }
  const double x = loglik((a + b) / 2) > best_ll ? (a + b) / 2 : grid[best];
  return params(x);
}

/// Options of `spot`.
struct spot_options {
  double q = 1e-4;       ///< the risk: the probability of a normal score exceeding the alarm threshold
  double level = 0.98;   ///< the initial threshold t is this quantile of the calibration scores
  /// With fewer peaks over t than this, no tail is fitted (a GPD from a handful of points
  /// extrapolates anywhere) and the alarm threshold is max(t, `fallback`).
  std::size_t min_peaks = 0;
  double fallback = std::numeric_limits<double>::infinity();
};

/// SPOT (Siffer, Fouque, Termier, Largouet, "Anomaly Detection in Streams with Extreme Value
/// Theory", KDD 2017): the excesses over a high quantile t follow a GPD, so the threshold with
/// exceedance probability q is z_q = t + sigma/gamma ((q n / N_t)^(-gamma) - 1), never below t
/// (when q n / N_t >= 1 the formula falls under t: a series of equal scores would flag them all).
/// `fit` calibrates on scores; `update` flags a score above z_q (and does not learn it), learns a
/// score between t and z_q as a new peak, and only counts the others. The GPD is refitted once the
/// peaks have grown by 1/64 since the last fit (z_q follows n and N_t at every new peak): a refit
/// costs a few hundred passes over the peaks, and refitting at every peak made a stream of a
/// million scores (20,000 peaks) take minutes.
class spot {
 public:
  explicit spot(spot_options o = {}) : o_(o) {
    if (!(o.q > 0 && o.q < 1) || !(o.level > 0 && o.level < 1)) throw std::invalid_argument("anomaly::spot: q and level must be in (0, 1)");
  }
  /// Calibrates on scores (NaN skipped). @throws std::invalid_argument with fewer than 10 finite scores.
  spot& fit(const std::vector<double>& scores) {
    std::vector<double> finite;
    for (double s : scores)
      if (std::isfinite(s)) finite.push_back(s);
    if (finite.size() < 10) throw std::invalid_argument("anomaly::spot::fit: needs at least 10 scores");
    t_ = ml::quantile(ml::as_vector(finite), o_.level);
    n_ = finite.size();
    peaks_.clear();
    for (double s : finite)
      if (s > t_) peaks_.push_back(s - t_);
    refit(true);
    return *this;
  }
  /// Is this score an anomaly? Learns it when it is not. @throws std::invalid_argument before fit.
  bool update(double s) {
    if (n_ == 0) throw std::invalid_argument("anomaly::spot::update: call fit first");
    if (!std::isfinite(s)) return false;
    if (s > z_) return true;
    ++n_;
    if (s > t_) {
      peaks_.push_back(s - t_);
      refit(peaks_.size() >= next_fit_);
    }
    return false;
  }
  /// The current alarm threshold z_q.
  double threshold() const noexcept { return z_; }
  /// The current GPD of the excesses.
  const gpd& tail() const noexcept { return tail_; }

 private:
  // z_q for the current n and N_t; with `fit_tail`, from a GPD fitted again to the peaks.
  void refit(bool fit_tail) {
    if (peaks_.size() < o_.min_peaks) {
      z_ = std::max(t_, o_.fallback);
      return;
    }
    if (peaks_.empty()) {
      z_ = t_;
      return;
    }
    if (fit_tail || !fitted_) {
      tail_ = fit_gpd(peaks_);
      fitted_ = true;
      next_fit_ = peaks_.size() + std::max<std::size_t>(1, peaks_.size() / 64);
    }
    const double r = o_.q * static_cast<double>(n_) / static_cast<double>(peaks_.size());
    z_ = std::abs(tail_.gamma) < 1e-9 ? t_ - tail_.sigma * std::log(r) : t_ + tail_.sigma / tail_.gamma * (std::pow(r, -tail_.gamma) - 1);
    z_ = std::max(z_, t_);
  }
  spot_options o_;
  double t_ = 0, z_ = 0;
  std::size_t n_ = 0;
  std::vector<double> peaks_;
  gpd tail_;
  bool fitted_ = false;     // tail_ fits the peaks of some earlier moment
  std::size_t next_fit_ = 0;  // refit the tail once the peaks reach this many
};

/// Labels with SPOT: calibrated on the first `calibration` scores (labelled by the threshold
/// found), then run as a stream over the rest.
/// @throws std::invalid_argument if calibration < 10 or exceeds the number of scores.
inline std::vector<int> spot_labels(const std::vector<double>& scores, std::size_t calibration, spot_options o = {}) {
  if (calibration > scores.size()) throw std::invalid_argument("anomaly::spot_labels: calibration longer than the scores");
  spot s(o);
  s.fit(std::vector<double>(scores.begin(), scores.begin() + static_cast<std::ptrdiff_t>(calibration)));
  std::vector<int> out(scores.size());
  for (std::size_t i = 0; i < calibration; ++i) out[i] = scores[i] > s.threshold();
  for (std::size_t i = calibration; i < scores.size(); ++i) out[i] = s.update(scores[i]);
  return out;
}

}  // namespace anomaly
AIOPS_END_NAMESPACE
