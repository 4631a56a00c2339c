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
    height_ = static_cast<int>(std::ceil(std::log2(static_cast<double>(psi_))));
    const std::size_t leaves = std::size_t{1} << height_;
    splits_.assign(static_cast<std::size_t>(o_.trees) * (leaves - 1), {});
    leaves_.assign(static_cast<std::size_t>(o_.trees) * leaves, 0);
    std::vector<Eigen::Index> pool(n);
    std::iota(pool.begin(), pool.end(), Eigen::Index{0});
    row_major sample(static_cast<Eigen::Index>(psi_), x.cols());  // the tree's rows, contiguous while it grows
    std::vector<Eigen::Index> rows(psi_);
    std::vector<candidate> scratch;
    cols_ = x.cols();
    for (std::size_t t = 0; t < static_cast<std::size_t>(o_.trees); ++t) {
      // The first psi steps of a Fisher-Yates shuffle draw psi rows without replacement: O(psi), not O(rows), per tree.
      for (std::size_t i = 0; i < psi_; ++i) {
        std::swap(pool[i], pool[i + static_cast<std::size_t>(r.below(n - i))]);
        sample.row(static_cast<Eigen::Index>(i)) = x.row(pool[i]);
      }
      std::iota(rows.begin(), rows.end(), Eigen::Index{0});
      grow(&splits_[t * (leaves - 1)], &leaves_[t * leaves], sample, rows, 0, psi_, 0, 0, r, scratch);
    }
    return *this;
  }

  /// The anomaly score s(x, psi) of each row, in (0, 1]. @throws std::invalid_argument before fit
  /// or with another number of columns.
  Eigen::VectorXd score(const ml::matrix_ref& x) const {
    check_scorable("score", x.cols());
    // Tree by tree over blocks of rows copied row-major: one tree (a few KB) stays in L1, and the
    // block's walks down it are independent, so the processor overlaps them.
    constexpr Eigen::Index block = 256;
    Eigen::VectorXd s(x.rows());
    row_major rows(block, x.cols());
    std::array<std::uint32_t, block> at{};
    for (Eigen::Index from = 0; from < x.rows(); from += block) {
      const Eigen::Index count = std::min(x.rows() - from, block);
      rows.topRows(count) = x.middleRows(from, count);
      s.segment(from, count).setZero();
      for (std::size_t t = 0; t < static_cast<std::size_t>(o_.trees); ++t) {
        const tree_view tree = view(t);
        std::fill_n(at.begin(), count, 0u);
        for (int level = 0; level < height_; ++level)
          for (Eigen::Index i = 0; i < count; ++i) at[static_cast<std::size_t>(i)] = tree.child(at[static_cast<std::size_t>(i)], rows.row(i).data());
        const std::uint32_t first_leaf = (1u << height_) - 1;
        for (Eigen::Index i = 0; i < count; ++i) s[from + i] += tree.leaves[at[static_cast<std::size_t>(i)] - first_leaf];
      }
    }
    for (Eigen::Index i = 0; i < x.rows(); ++i) s[i] = to_score(s[i]);
    return s;
  }
  /// The score of one point (a row vector of the fitted width).
  /// @throws std::invalid_argument before fit or with another number of columns.
  template <class Row>
  double score_row(const Row& row) const {
    check_scorable("score_row", static_cast<Eigen::Index>(row.size()));
    double total = 0;
    for (std::size_t t = 0; t < static_cast<std::size_t>(o_.trees); ++t) {
      const tree_view tree = view(t);
      std::uint32_t at = 0;
      for (int level = 0; level < height_; ++level) at = tree.child(at, row);
      total += tree.leaves[at - ((1u << height_) - 1)];
    }
    return to_score(total);
  }

 private:
  using row_major = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  // Each tree is complete, of height ceil(log2 psi), in breadth-first order (the children of node k
  // are 2k + 1 and 2k + 2), so every walk takes the same number of steps without a branch to
  // mispredict. A leaf reached before that height becomes a subtree whose bottom slots all hold its
  // h = depth + c(size), whatever splits (none: feature 0 at 0) its inner nodes have.
  struct split {
    double value = 0;
    std::int32_t feature = 0;
  };
  struct tree_view {
    const split* splits;   // 2^height - 1 inner nodes
    const double* leaves;  // 2^height bottom slots: the path length h of the rows that end there
    template <class Row>
    std::uint32_t child(std::uint32_t at, const Row& row) const {
      return 2 * at + (row[splits[at].feature] < splits[at].value ? 1 : 2);
    }
  };
  tree_view view(std::size_t t) const {
    const std::size_t leaves = std::size_t{1} << height_;
    return {&splits_[t * (leaves - 1)], &leaves_[t * leaves]};
  }
  void check_scorable(const char* who, Eigen::Index cols) const {
    if (leaves_.empty()) throw std::invalid_argument(std::string("anomaly::isolation_forest::") + who + ": call fit first");
    if (cols != cols_) throw std::invalid_argument(std::string("anomaly::isolation_forest::") + who + ": not the fitted number of columns");
  }
  double to_score(double total_path) const {
    return std::pow(2.0, -(total_path / static_cast<double>(o_.trees)) / c_psi_);
  }

  struct candidate {
    Eigen::Index feature;
    double lo, hi;
  };

  // Fills node `at`, at `depth`, of the tree (splits, leaves) for the sample's rows[from, to).
  void grow(split* splits, double* leaves, const row_major& x, std::vector<Eigen::Index>& rows, std::size_t from,
            std::size_t to, std::uint32_t at, int depth, ml::rng& r, std::vector<candidate>& candidates) const {
    // A random feature among those not constant in the node (the paper picks any; a constant
    // one only wastes a level).
    candidates.clear();
    if (depth < height_ && to - from > 1)
      for (Eigen::Index f = 0; f < x.cols(); ++f) {
        double lo = x(rows[from], f), hi = lo;
        for (std::size_t i = from + 1; i < to; ++i) { lo = std::min(lo, x(rows[i], f)); hi = std::max(hi, x(rows[i], f)); }
        if (hi > lo) candidates.push_back({f, lo, hi});
      }
    if (candidates.empty()) {  // a leaf: every bottom slot below it holds its h
      const std::uint32_t levels = static_cast<std::uint32_t>(height_ - depth);
      const std::uint32_t first = ((at + 1) << levels) - 1 - ((1u << height_) - 1);
      std::fill_n(leaves + first, std::size_t{1} << levels, depth + average_path_length(static_cast<double>(to - from)));
      return;
    }
    const candidate pick = candidates[static_cast<std::size_t>(r.below(candidates.size()))];
    const double value = r.uniform(pick.lo, pick.hi);
    splits[at] = {value, static_cast<std::int32_t>(pick.feature)};
    const auto mid = std::partition(rows.begin() + static_cast<std::ptrdiff_t>(from), rows.begin() + static_cast<std::ptrdiff_t>(to),
                                    [&](Eigen::Index i) { return x(i, pick.feature) < value; });
    const auto m = static_cast<std::size_t>(mid - rows.begin());
    grow(splits, leaves, x, rows, from, m, 2 * at + 1, depth + 1, r, candidates);
    grow(splits, leaves, x, rows, m, to, 2 * at + 2, depth + 1, r, candidates);
  }
  isolation_forest_options o_;
  std::size_t psi_ = 0;
  double c_psi_ = 0;
  int height_ = 0;
  Eigen::Index cols_ = 0;
  std::vector<split> splits_;   // every tree's inner nodes, tree after tree
  std::vector<double> leaves_;  // every tree's bottom slots
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
/// points score ~0 and isolated ones approach 1. Streaming: fits on the first `warmup` points (no
/// score: NaN), then scores each point with that forest; with fewer than 16 finite points among
/// them, on the next `warmup` points.
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
        const Eigen::MatrixXd x = features(buffer_, true);
        if (x.rows() >= 16) live_.emplace(o_).fit(x);
        buffer_.clear();
      }
      return ts::missing;
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
