// aiops: trailing-window statistics (mean, standard deviation, median, MAD) that skip missing values
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::lower_bound, std::upper_bound, std::min, std::max
#include <cmath>      // std::isnan, std::sqrt
#include <cstddef>    // std::size_t
#include <deque>      // std::deque
#include <stdexcept>  // std::invalid_argument
#include <vector>     // std::vector

#include "aiops/config.hpp"
#include "aiops/ts/series.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ts {

/// The values of the last `capacity` points, kept sorted as well as in arrival order, so the
/// median, any quantile and the MAD cost O(log n) and a push O(n) memory moves (fast for n <= 10^4).
/// A NaN occupies its point's slot but is left out of the statistics.
class sorted_window {
 public:
  /// @throws std::invalid_argument if capacity is 0.
  explicit sorted_window(std::size_t capacity) : capacity_(capacity) {
    if (capacity == 0) throw std::invalid_argument("ts::sorted_window: capacity must be positive");
  }

  /// Adds a point, dropping the oldest when full.
  void push(double v) {
    if (order_.size() == capacity_) {
      if (!std::isnan(order_.front())) sorted_.erase(std::lower_bound(sorted_.begin(), sorted_.end(), order_.front()));
      order_.pop_front();
    }
    order_.push_back(v);
    if (!std::isnan(v)) sorted_.insert(std::upper_bound(sorted_.begin(), sorted_.end(), v), v);
  }
  /// The number of finite values in the window.
  std::size_t size() const noexcept { return sorted_.size(); }
  void clear() noexcept { sorted_.clear(); order_.clear(); }

  /// Linear-interpolated quantile (numpy's default), q in [0, 1]; NaN when empty.
  double quantile(double q) const {
    if (sorted_.empty()) return missing;
    const double pos = q * static_cast<double>(sorted_.size() - 1);
    const auto lo = static_cast<std::size_t>(pos);
    const std::size_t hi = std::min(lo + 1, sorted_.size() - 1);
    return sorted_[lo] + (sorted_[hi] - sorted_[lo]) * (pos - static_cast<double>(lo));
  }
  double median() const { return quantile(0.5); }

  /// Median absolute deviation from the median (unscaled), by a k-th smallest search over the two
  /// sorted runs of deviations on each side of the median: O(log^2 n) rather than a sort.
  double mad() const {
    const std::size_t n = sorted_.size();
    if (n == 0) return missing;
    const double m = median();
    const std::size_t split = static_cast<std::size_t>(std::lower_bound(sorted_.begin(), sorted_.end(), m) - sorted_.begin());
    // Deviations: left run m - sorted_[split-1-i] (ascending in i), right run sorted_[split+j] - m.
    const auto kth = [&](std::size_t k) {  // 0-based k-th smallest deviation
      const auto left = [&](std::size_t i) { return m - sorted_[split - 1 - i]; };
      const auto right = [&](std::size_t j) { return sorted_[split + j] - m; };
      std::size_t lo = k + 1 > n - split ? k + 1 - (n - split) : 0, hi = std::min(k + 1, split);
      // Binary search on how many of the k+1 smallest come from the left run.
      while (lo < hi) {
        const std::size_t i = (lo + hi) / 2, j = k + 1 - i;  // try i from left, j from right
        if (j > 0 && j <= n - split && i < split && left(i) < right(j - 1)) lo = i + 1;
        else hi = i;
      }
      const std::size_t i = lo, j = k + 1 - i;
      double best = -1;
      if (i > 0) best = std::max(best, left(i - 1));
      if (j > 0) best = std::max(best, right(j - 1));
      return best;
    };
    return n % 2 ? kth(n / 2) : (kth(n / 2 - 1) + kth(n / 2)) / 2;
  }

 private:
  std::size_t capacity_;
  std::vector<double> sorted_;
  std::deque<double> order_;
};

/// Mean and variance of the finite values among the last `capacity` points, O(1) per push.
class running_moments {
 public:
  /// @throws std::invalid_argument if capacity is 0.
  explicit running_moments(std::size_t capacity) : capacity_(capacity) {
    if (capacity == 0) throw std::invalid_argument("ts::running_moments: capacity must be positive");
  }
  void push(double v) {
    if (window_.size() == capacity_) {
      const double old = window_.front();
      window_.pop_front();
      if (!std::isnan(old)) {
        --finite_;
        sum_ -= old - shift_;
        sum2_ -= (old - shift_) * (old - shift_);
      }
    }
    window_.push_back(v);
    if (std::isnan(v)) return;
    if (finite_ == 0) { shift_ = v; sum_ = sum2_ = 0; }  // shifted sums keep the precision
    ++finite_;
    sum_ += v - shift_;
    sum2_ += (v - shift_) * (v - shift_);
  }
  /// The number of finite values in the window.
  std::size_t size() const noexcept { return finite_; }
  double mean() const { return finite_ == 0 ? missing : shift_ + sum_ / static_cast<double>(finite_); }
  /// Sample standard deviation (n - 1); NaN with fewer than two values.
  double stddev() const {
    const auto n = static_cast<double>(finite_);
    if (n < 2) return missing;
    return std::sqrt(std::max(0.0, (sum2_ - sum_ * sum_ / n) / (n - 1)));
  }
  void clear() noexcept { window_.clear(); finite_ = 0; }

 private:
  std::size_t capacity_;
  std::deque<double> window_;
  std::size_t finite_ = 0;
  double shift_ = 0, sum_ = 0, sum2_ = 0;
};

/// Statistic of a trailing window, for `rolling`.
enum class statistic { mean, stddev, median, mad, min, max };

/// The statistic of the window of `window` points ending at each index (the point included),
/// ignoring NaN; NaN where fewer than `min_periods` finite values are in the window.
/// @throws std::invalid_argument if window is 0.
inline std::vector<double> rolling(const std::vector<double>& values, std::size_t window, statistic stat,
                                   std::size_t min_periods = 1) {
  if (window == 0) throw std::invalid_argument("ts::rolling: window must be positive");
  std::vector<double> out(values.size(), missing);
  sorted_window sorted(window);
  running_moments moments(window);
  const bool use_moments = stat == statistic::mean || stat == statistic::stddev;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (use_moments) moments.push(values[i]); else sorted.push(values[i]);
    const std::size_t finite = use_moments ? moments.size() : sorted.size();
    if (finite < std::max<std::size_t>(min_periods, 1)) continue;
    switch (stat) {
      case statistic::mean: out[i] = moments.mean(); break;
      case statistic::stddev: out[i] = moments.stddev(); break;
      case statistic::median: out[i] = sorted.median(); break;
      case statistic::mad: out[i] = sorted.mad(); break;
      case statistic::min: out[i] = sorted.quantile(0); break;
      case statistic::max: out[i] = sorted.quantile(1); break;
    }
  }
  return out;
}

}  // namespace ts
AIOPS_END_NAMESPACE
