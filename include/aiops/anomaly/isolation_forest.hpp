// aiops: Isolation Forest (Liu, Ting and Zhou 2008) and a detector running it on causal window features
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::min, std::max, std::partition, std::swap
#include <array>      // std::array: one point's features
#include <cmath>      // std::log, std::pow, std::ceil, std::log2, std::isnan
#include <cstddef>    // std::size_t
#include <cstdint>    // std::uint64_t, std::int32_t, std::uint32_t
#include <deque>      // std::deque
#include <numeric>    // std::iota
#include <numbers>    // std::numbers::egamma
#include <optional>   // std::optional
#include <stdexcept>  // std::invalid_argument
#include <string>     // std::string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/anomaly/detector.hpp"
#include "aiops/config.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/ml/types.hpp"
#include "aiops/ts/rolling.hpp"

AIOPS_BEGIN_NAMESPACE
namespace anomaly {

/// Options of `isolation_forest` (the paper's defaults).
struct isolation_forest_options {
  int trees = 100;               ///< t
  std::size_t subsample = 256;   ///< psi, capped at the number of rows
  std::uint64_t seed = 0;
};

/// The average path length of an unsuccessful search in a binary search tree of n points:
/// c(n) = 2 H(n - 1) - 2 (n - 1) / n, H(i) ~ ln(i) + Euler's constant; c(2) = 1, c(<=1) = 0.
inline double average_path_length(double n) {
  if (n <= 1) return 0;
  if (n == 2) return 1;
  return 2 * (std::log(n - 1) + std::numbers::egamma) - 2 * (n - 1) / n;
}

/// Isolation Forest: each tree isolates a random subsample by random splits (a random feature,
/// a uniform value between its min and max in the node) up to height ceil(log2 psi); the score
/// of x is s = 2^(-E[h(x)] / c(psi)), where h is the path length plus c(size) of the leaf
/// reached. Scores near 1 are anomalies, below 0.5 normal. Deterministic given the seed.
///
///     anomaly::isolation_forest f;
///     f.fit(x);                              // rows are points, columns features
///     Eigen::VectorXd s = f.score(x_new);
class isolation_forest {
 public:
  explicit isolation_forest(isolation_forest_options o = {}) : o_(o) {
    if (o.trees < 1 || o.subsample < 2) throw std::invalid_argument("anomaly::isolation_forest: trees >= 1 and subsample >= 2");
  }

  /// Grows the forest. @throws std::invalid_argument with fewer than 2 rows, no column, or NaN.
  isolation_forest& fit(const ml::matrix_ref& x) {
    if (x.rows() < 2 || x.cols() < 1) throw std::invalid_argument("anomaly::isolation_forest::fit: needs 2 rows and 1 column");
    if (!x.allFinite()) throw std::invalid_argument("anomaly::isolation_forest::fit: NaN or infinite value");
    ml::rng r(o_.seed);
    const auto n = static_cast<std::size_t>(x.rows());
    psi_ = std::min<std::size_t>(o_.subsample, n);
    c_psi_ = average_path_length(static_cast<double>(psi_));
    const int limit = static_cast<int>(std::ceil(std::log2(static_cast<double>(psi_))));
    std::vector<Eigen::Index> pool(n);
    std::iota(pool.begin(), pool.end(), Eigen::Index{0});
    trees_.assign(static_cast<std::size_t>(o_.trees), {});
    for (auto& tree : trees_) {
      // The first psi steps of a Fisher-Yates shuffle draw psi rows without replacement: O(psi), not O(rows), per tree.
      for (std::size_t i = 0; i < psi_; ++i) std::swap(pool[i], pool[i + static_cast<std::size_t>(r.below(n - i))]);
      std::vector<Eigen::Index> rows(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(psi_));
      grow(tree, x, rows, 0, rows.size(), 0, limit, r);
    }
    return *this;
  }

  /// The anomaly score s(x, psi) of each row, in (0, 1]. @throws std::invalid_argument before fit
  /// or with another number of columns.
  Eigen::VectorXd score(const ml::matrix_ref& x) const {
    if (trees_.empty()) throw std::invalid_argument("anomaly::isolation_forest::score: call fit first");
    // Tree by tree over blocks of rows: one tree (a few KB) stays in L1 while the block walks it.
    constexpr Eigen::Index block = 256;
    Eigen::VectorXd s = Eigen::VectorXd::Zero(x.rows());
    for (Eigen::Index from = 0; from < x.rows(); from += block) {
      const Eigen::Index to = std::min(x.rows(), from + block);
      for (const auto& tree : trees_)
        for (Eigen::Index i = from; i < to; ++i) s[i] += path_length(tree, x.row(i));
    }
    for (Eigen::Index i = 0; i < x.rows(); ++i) s[i] = to_score(s[i]);
    return s;
  }
  /// The score of one point (a row vector of the fitted width).
  template <class Row>
  double score_row(const Row& row) const {
    double total = 0;
    for (const auto& tree : trees_) total += path_length(tree, row);
    return to_score(total);
  }

 private:
  // 16 bytes, in preorder: a node's left child is the next node. A leaf holds c(its size), the
  // expected path length below it, so scoring needs no logarithm.
  struct node {
    double value = 0;             // the split value, or at a leaf c(size)
    std::int32_t feature = -1;    // -1: a leaf
    std::uint32_t right = 0;
  };
  using tree_nodes = std::vector<node>;

  // h(x): the depth of the leaf x reaches plus that leaf's c(size).
  template <class Row>
  static double path_length(const tree_nodes& tree, const Row& row) {
    std::uint32_t at = 0;
    int depth = 0;
    while (tree[at].feature >= 0) {
      at = row[tree[at].feature] < tree[at].value ? at + 1 : tree[at].right;
      ++depth;
    }
    return depth + tree[at].value;
  }
  double to_score(double total_path) const {
    return std::pow(2.0, -(total_path / static_cast<double>(trees_.size())) / c_psi_);
  }

  // Builds the node for rows[from, to) and returns its index.
  std::uint32_t grow(tree_nodes& tree, const ml::matrix_ref& x, std::vector<Eigen::Index>& rows, std::size_t from,
                     std::size_t to, int depth, int limit, ml::rng& r) {
    const auto at = static_cast<std::uint32_t>(tree.size());
    tree.push_back({average_path_length(static_cast<double>(to - from)), -1, 0});
    if (depth >= limit || to - from <= 1) return at;
    // A random feature among those not constant in the node (the paper picks any; a constant
    // one only wastes a level).
    std::vector<Eigen::Index> candidates;
    std::vector<std::pair<double, double>> ranges;
    for (Eigen::Index f = 0; f < x.cols(); ++f) {
      double lo = x(rows[from], f), hi = lo;
      for (std::size_t i = from + 1; i < to; ++i) { lo = std::min(lo, x(rows[i], f)); hi = std::max(hi, x(rows[i], f)); }
      if (hi > lo) { candidates.push_back(f); ranges.emplace_back(lo, hi); }
    }
    if (candidates.empty()) return at;
    const std::size_t pick = static_cast<std::size_t>(r.below(candidates.size()));
    const Eigen::Index f = candidates[pick];
    const double split = r.uniform(ranges[pick].first, ranges[pick].second);
    const auto mid = std::partition(rows.begin() + static_cast<std::ptrdiff_t>(from), rows.begin() + static_cast<std::ptrdiff_t>(to),
                                    [&](Eigen::Index i) { return x(i, f) < split; });
    const auto m = static_cast<std::size_t>(mid - rows.begin());
    grow(tree, x, rows, from, m, depth + 1, limit, r);  // lands at at + 1
    const std::uint32_t right = grow(tree, x, rows, m, to, depth + 1, limit, r);
    tree[at] = {split, static_cast<std::int32_t>(f), right};
    return at;
  }

  isolation_forest_options o_;
  std::size_t psi_ = 0;
  double c_psi_ = 0;
  std::vector<tree_nodes> trees_;
};

/// Causal features of a point of a univariate series, for the Isolation Forest detector:
/// the value, its change from the previous point, its distance from the mean of the last
/// `window` points in their standard deviations, that standard deviation, and its change from
/// one `period` ago (0 without a period). Every feature uses the point and its past only.
class window_features {
 public:
  static constexpr int count = 5;
  window_features(std::size_t window, std::size_t period) : period_(period), moments_(window) {}
  /// The features of y given the past; NaN y gives NaN features. Then y joins the past.
  std::array<double, count> push(double y) {
    std::array<double, count> f;
    const double mean = moments_.mean(), sd = moments_.stddev();
    const double seasonal = period_ && history_.size() >= period_ ? history_[history_.size() - period_] : ts::missing;
    f[0] = y;
    f[1] = history_.empty() || std::isnan(history_.back()) ? 0 : y - history_.back();
    f[2] = std::isnan(sd) || sd <= 0 ? 0 : (y - mean) / sd;
    f[3] = std::isnan(sd) ? 0 : sd;
    f[4] = std::isnan(seasonal) ? 0 : y - seasonal;
    moments_.push(y);
    history_.push_back(y);
    if (history_.size() > std::max<std::size_t>(period_, 1)) history_.pop_front();
    return f;
  }
  void clear() { moments_.clear(); history_.clear(); }

 private:
  std::size_t period_;
  ts::running_moments moments_;
  std::deque<double> history_;
};

/// Isolation Forest on `window_features`; the score is (s - 0.5) / 0.5 clipped at 0, so normal
/// points score ~0 and isolated ones approach 1. Streaming: fits on the first `warmup` points
/// (scored 0), then scores each point with that forest.
class isolation_forest_detector final : public detector {
 public:
  explicit isolation_forest_detector(std::size_t window = 60, std::size_t period = 1440, isolation_forest_options o = {},
                                     std::size_t warmup = 2 * 1440)
      : window_(window), period_(period), o_(o), warmup_(warmup), live_features_(window, period) {
    if (window < 2 || warmup < 16) throw std::invalid_argument("anomaly::isolation_forest_detector: window >= 2 and warmup >= 16");
  }
  std::string name() const override { return "iforest"; }
  void fit(const std::vector<double>& y) override {
    const Eigen::MatrixXd x = features(y, true);
    if (x.rows() < 16) throw std::invalid_argument("anomaly::isolation_forest_detector::fit: needs 16 finite points");
    forest_.emplace(o_);
    forest_->fit(x);
  }
  std::vector<double> score(const std::vector<double>& y) const override {
    detail::require_fitted(forest_.has_value(), "isolation_forest_detector::score");
    const Eigen::MatrixXd x = features(y, false);
    std::vector<double> out(y.size());
    for (std::size_t i = 0; i < y.size(); ++i) out[i] = std::isnan(y[i]) ? 0 : rescale(forest_->score_row(x.row(static_cast<Eigen::Index>(i))));
    return out;
  }
  double update(double y) override {
    const auto f = live_features_.push(y);
    if (!live_) {
      buffer_.push_back(y);
      if (buffer_.size() == warmup_) {
        live_.emplace(o_);
        live_->fit(features(buffer_, true));
        buffer_.clear();
      }
      return 0;
    }
    return std::isnan(y) ? 0 : rescale(live_->score_row(f));
  }
  void reset() override { forest_.reset(); live_.reset(); buffer_.clear(); live_features_.clear(); }

 private:
  static double rescale(double s) { return std::max(0.0, (s - 0.5) / 0.5); }
  // One row per point (finite rows only when `finite_only`, for training).
  Eigen::MatrixXd features(const std::vector<double>& y, bool finite_only) const {
    window_features wf(window_, period_);
    Eigen::MatrixXd x(static_cast<Eigen::Index>(y.size()), window_features::count);
    Eigen::Index r = 0;
    for (double v : y) {
      const auto f = wf.push(v);
      if (finite_only && std::isnan(v)) continue;
      for (int c = 0; c < window_features::count; ++c) x(r, c) = f[static_cast<std::size_t>(c)];
      ++r;
    }
    x.conservativeResize(r, Eigen::NoChange);
    return x;
  }
  std::size_t window_, period_;
  isolation_forest_options o_;
  std::size_t warmup_;
  std::optional<isolation_forest> forest_, live_;
  std::vector<double> buffer_;
  window_features live_features_;
};

}  // namespace anomaly
AIOPS_END_NAMESPACE
