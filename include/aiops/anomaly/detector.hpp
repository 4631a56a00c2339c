// aiops: the detector interface (batch fit/score, causal streaming update) and the statistical detectors
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::max, std::min, std::nth_element, std::max_element, std::count_if
#include <cmath>      // std::abs, std::isnan, std::sqrt
#include <cstddef>    // std::size_t
#include <deque>      // std::deque
#include <limits>     // std::numeric_limits
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::move, std::swap
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/ts/rolling.hpp"
#include "aiops/ts/series.hpp"

AIOPS_BEGIN_NAMESPACE
namespace anomaly {

/// MAD times this estimates the standard deviation of normal data.
inline constexpr double mad_to_sd = 1.482602218505602;

/// Streaming detectors give no score (NaN) until this many past values (or their whole window, if
/// smaller) are known: a scale estimated from 3 points makes the first scores meaningless and huge.
inline constexpr std::size_t min_history = 30;

/// A detector of anomalies in a regular univariate series (one point per step, NaN for a gap;
/// periods and windows are in points). Scores are >= 0, higher is more anomalous, and on the
/// scale of "standard deviations away" for the statistical detectors; a gap scores 0. A streaming
/// detector that cannot score yet (warming up: too little past) returns NaN, which is not 0: "no
/// opinion" must not teach a score normaliser or a threshold that typical scores are 0.
///
/// Two ways to use it:
/// - batch: `fit(train)` learns the model, `score(y)` scores a whole series with it;
/// - streaming: `update(y_t)` scores one point using only the points before it, then learns
///   it. Fed point by point, it gives the causal score: what a live detector would have said.
class detector {
 public:
  virtual ~detector() = default;
  /// A short name ("mad", "hw"...).
  virtual std::string name() const = 0;
  /// Learns from a series. @throws std::invalid_argument when the series is too short for the model.
  virtual void fit(const std::vector<double>& y) = 0;
  /// Scores every point with the fitted model. @throws std::invalid_argument before fit.
  virtual std::vector<double> score(const std::vector<double>& y) const = 0;
  /// Scores the next point with the past only, then takes it into the past.
  virtual double update(double y) = 0;
  /// Forgets everything learnt by fit and update.
  virtual void reset() = 0;
};

/// Resets `d` and feeds it `y` in order: the causal scores.
inline std::vector<double> causal_scores(detector& d, const std::vector<double>& y) {
  d.reset();
  std::vector<double> out(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) out[i] = d.update(y[i]);
  return out;
}

namespace detail {

inline double ratio(double deviation, double scale) {
  if (std::isnan(deviation) || std::isnan(scale)) return 0;
  constexpr double tiny = 1e-9;  // a flat window: any change is as large as it can be
  return std::abs(deviation) / std::max(scale, tiny);
}

// Median and MAD of the finite values in O(n) (selection, not a sorted window): batch fits see
// whole series of millions of points.
struct robust_centre {
  double median = ts::missing, mad = ts::missing;
  std::size_t count = 0;
};
inline robust_centre median_mad(std::vector<double> v) {
  std::erase_if(v, [](double x) { return std::isnan(x); });
  robust_centre r{ts::missing, ts::missing, v.size()};
  if (v.empty()) return r;
  const auto mid = [](std::vector<double>& a) {
    const auto half = static_cast<std::ptrdiff_t>(a.size() / 2);
    std::nth_element(a.begin(), a.begin() + half, a.end());
    const double upper = a[static_cast<std::size_t>(half)];
    if (a.size() % 2) return upper;
    return (upper + *std::max_element(a.begin(), a.begin() + half)) / 2;
  };
  r.median = mid(v);
  for (double& x : v) x = std::abs(x - r.median);
  r.mad = mid(v);
  return r;
}

inline void require_fitted(bool fitted, const std::string& who) {
  if (!fitted) throw std::invalid_argument("anomaly::" + who + ": call fit first");
}

}  // namespace detail

/// Fixed bounds: the score is how far a point lies outside [lower, upper], in units of the
/// band's width (0 inside). Needs no training; batch and streaming agree.
class threshold_detector final : public detector {
 public:
  /// @throws std::invalid_argument unless lower <= upper.
  threshold_detector(double lower, double upper) : lo_(lower), hi_(upper) {
    if (!(lower <= upper)) throw std::invalid_argument("anomaly::threshold_detector: lower must be <= upper");
  }
  std::string name() const override { return "threshold"; }
  void fit(const std::vector<double>&) override {}
  std::vector<double> score(const std::vector<double>& y) const override {
    std::vector<double> out(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) out[i] = one(y[i]);
    return out;
  }
  double update(double y) override { return one(y); }
  void reset() override {}

 private:
  double one(double y) const {
    if (std::isnan(y) || (y >= lo_ && y <= hi_)) return 0;
    return (y > hi_ ? y - hi_ : lo_ - y) / std::max(hi_ - lo_, 1e-9);
  }
  double lo_, hi_;
};

/// |y - mean| / sd. Batch: the mean and sd of the training series. Streaming: of the `window`
/// points before y (NaN ignored), 0 until 2 values are known.
class zscore_detector final : public detector {
 public:
  /// @throws std::invalid_argument if window < 2.
  explicit zscore_detector(std::size_t window = 1440) : past_(std::max<std::size_t>(window, 2)), needed_(std::min(window, min_history)) {
    if (window < 2) throw std::invalid_argument("anomaly::zscore_detector: window must be at least 2");
  }
  std::string name() const override { return "zscore"; }
  void fit(const std::vector<double>& y) override {
    ts::running_moments all(std::max<std::size_t>(y.size(), 1));
    for (double v : y) all.push(v);
    if (all.size() < 2) throw std::invalid_argument("anomaly::zscore_detector::fit: needs 2 finite values");
    mean_ = all.mean();
    sd_ = all.stddev();
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(!std::isnan(mean_), "zscore_detector::score");
    std::vector<double> out(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) out[i] = detail::ratio(y[i] - mean_, sd_);
    return out;
  }
  double update(double y) override {
    const double s = past_.size() >= std::max<std::size_t>(needed_, 2) ? detail::ratio(y - past_.mean(), past_.stddev()) : ts::missing;
    past_.push(y);
    return s;
  }
  void reset() override { past_.clear(); mean_ = sd_ = ts::missing; }

 private:
  ts::running_moments past_;
  std::size_t needed_;
  double mean_ = ts::missing, sd_ = ts::missing;
};

/// Robust z-score: |y - median| / (1.4826 MAD), insensitive to the outliers it looks for.
/// Batch: median and MAD of the training series. Streaming: of the `window` points before y.
class mad_detector final : public detector {
 public:
  /// @throws std::invalid_argument if window < 3.
  explicit mad_detector(std::size_t window = 1440) : past_(std::max<std::size_t>(window, 3)), needed_(std::min(window, min_history)) {
    if (window < 3) throw std::invalid_argument("anomaly::mad_detector: window must be at least 3");
  }
  std::string name() const override { return "mad"; }
  void fit(const std::vector<double>& y) override {
    const detail::robust_centre c = detail::median_mad(y);
    if (c.count < 3) throw std::invalid_argument("anomaly::mad_detector::fit: needs 3 finite values");
    median_ = c.median;
    scale_ = mad_to_sd * c.mad;
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(!std::isnan(median_), "mad_detector::score");
    std::vector<double> out(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) out[i] = detail::ratio(y[i] - median_, scale_);
    return out;
  }
  double update(double y) override {
    const double s = past_.size() >= std::max<std::size_t>(needed_, 3) ? detail::ratio(y - past_.median(), mad_to_sd * past_.mad()) : ts::missing;
    past_.push(y);
    return s;
  }
  void reset() override { past_.clear(); median_ = scale_ = ts::missing; }

 private:
  ts::sorted_window past_;
  std::size_t needed_;
  double median_ = ts::missing, scale_ = ts::missing;
};

/// Exponentially weighted mean and variance (weight `alpha` on the newest point):
/// |y - mean| / sd before y is taken in. Causal in both modes: batch runs the same filter from
/// the state at the start of the training series.
class ewma_detector final : public detector {
 public:
  /// @throws std::invalid_argument unless 0 < alpha < 1.
  explicit ewma_detector(double alpha = 0.02) : alpha_(alpha) {
    if (!(alpha > 0 && alpha < 1)) throw std::invalid_argument("anomaly::ewma_detector: alpha must be in (0, 1)");
  }
  std::string name() const override { return "ewma"; }
  void fit(const std::vector<double>& y) override {
    reset();
    for (double v : y) update(v);
    fitted_ = true;
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(fitted_, "ewma_detector::score");
    ewma_detector copy(alpha_);
    std::vector<double> out(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) out[i] = copy.update(y[i]);
    return out;
  }
  double update(double y) override {
    if (std::isnan(y)) return 0;
    if (count_ == 0) { mean_ = y; var_ = 0; ++count_; return ts::missing; }
    const double d = y - mean_;
    // The variance of the first few points is no scale: it made the start-up points look anomalous.
    const double s = count_ >= min_history ? detail::ratio(d, std::sqrt(var_)) : ts::missing;
    // West's incremental form: the variance update uses the deviation from the old mean.
    mean_ += alpha_ * d;
    var_ = (1 - alpha_) * (var_ + alpha_ * d * d);
    ++count_;
    return s;
  }
  void reset() override { count_ = 0; mean_ = var_ = 0; fitted_ = false; }

 private:
  double alpha_;
  double mean_ = 0, var_ = 0;
  std::size_t count_ = 0;
  bool fitted_ = false;
};

/// Seasonal baseline: the median of the values one, two... periods ago (same minute yesterday,
/// same minute last week), and the residual r = y - baseline scored as |r - median| / (1.4826 MAD)
/// of the residuals (of the training series in batch, of the last `window` points streaming).
/// Periods with no value yet are skipped; with none at all the score is 0.
///
/// Like with like: the longest period of which two or more of the periods are multiples is the
/// season (a week in {day, week, 2 weeks, 3 weeks}). Once two of its cycles have a value, the
/// baseline is the median of those alone: a Monday is compared with Mondays, not with the Sunday
/// before it (a weekend, or the top of a weekly saw-tooth), and three weekly cycles outvote one
/// anomalous week where yesterday, last week and two weeks ago could not outvote a Sunday and
/// an anomalous Monday. Shorter periods (yesterday) fill in until two cycles are known.
class seasonal_detector final : public detector {
 public:
  /// @throws std::invalid_argument without a period, with a period of 0, or window < 3.
  explicit seasonal_detector(std::vector<std::size_t> periods = {1440, 10080}, std::size_t window = 1440)
      : periods_(std::move(periods)), residuals_(std::max<std::size_t>(window, 3)), needed_(std::min(window, min_history)) {
    if (periods_.empty() || periods_.size() > 8 || window < 3)
      throw std::invalid_argument("anomaly::seasonal_detector: needs 1 to 8 periods and window >= 3");
    for (std::size_t p : periods_)
      if (p == 0) throw std::invalid_argument("anomaly::seasonal_detector: periods must be positive");
    for (std::size_t p : periods_) {
      longest_ = std::max(longest_, p);
      const auto cycles = std::count_if(periods_.begin(), periods_.end(), [p](std::size_t q) { return q % p == 0; });
      if (cycles >= 2) season_ = std::max(season_, p);
    }
  }
  /// The period whose cycles form the baseline once two are known (0 when no period has two).
  std::size_t season() const noexcept { return season_; }
  std::string name() const override { return "seasonal"; }
  void fit(const std::vector<double>& y) override {
    std::vector<double> r(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) r[i] = residual(y, i);
    const detail::robust_centre c = detail::median_mad(std::move(r));
    if (c.count < 3) throw std::invalid_argument("anomaly::seasonal_detector::fit: needs more than one period of data");
    centre_ = c.median;
    scale_ = mad_to_sd * c.mad;
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(!std::isnan(scale_), "seasonal_detector::score");
    std::vector<double> out(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) out[i] = detail::ratio(residual(y, i) - centre_, scale_);
    return out;
  }
  double update(double y) override {
    history_.push_back(y);
    if (history_.size() > longest_ + 1) history_.pop_front();
    const double r = residual(history_, history_.size() - 1);
    const double s = residuals_.size() >= std::max<std::size_t>(needed_, 3)
                         ? detail::ratio(r - residuals_.median(), mad_to_sd * residuals_.mad())
                         : ts::missing;
    residuals_.push(r);
    return s;
  }
  void reset() override { history_.clear(); residuals_.clear(); scale_ = ts::missing; }

 private:
  template <class Values>
  double residual(const Values& y, std::size_t i) const {
    if (std::isnan(y[i])) return ts::missing;
    double same[8];
    std::size_t n = 0;
    const auto gather = [&](bool cycles_only) {
      n = 0;
      for (std::size_t p : periods_)
        if (i >= p && !std::isnan(y[i - p]) && (!cycles_only || p % season_ == 0)) same[n++] = y[i - p];
    };
    if (season_) gather(true);
    if (n < 2) gather(false);
    if (n == 0) return ts::missing;
    for (std::size_t a = 1; a < n; ++a)  // insertion sort of at most 8 values
      for (std::size_t b = a; b > 0 && same[b - 1] > same[b]; --b) std::swap(same[b - 1], same[b]);
    const double baseline = n % 2 ? same[n / 2] : (same[n / 2 - 1] + same[n / 2]) / 2;
    return y[i] - baseline;
  }
  std::vector<std::size_t> periods_;
  std::size_t longest_ = 0, season_ = 0;
  std::deque<double> history_;
  ts::sorted_window residuals_;
  std::size_t needed_;
  double centre_ = 0, scale_ = ts::missing;
};

}  // namespace anomaly
AIOPS_END_NAMESPACE
