// aiops: train/test splits: shuffled (optionally stratified) and expanding-window for time series
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::sort, std::max
#include <cmath>      // std::ceil, std::floor
#include <cstdint>    // std::uint64_t
#include <numeric>    // std::iota
#include <span>       // std::span
#include <string>     // std::to_string
#include <utility>    // std::pair
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/metrics.hpp"
#include "aiops/ml/random.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// Row indices of one split. Select rows with Eigen's indexing: `x(s.train, Eigen::all)`, `y(s.test)`.
struct train_test_indices {
  std::vector<Eigen::Index> train;
  std::vector<Eigen::Index> test;
};

/// Options of train_test_split and stratified_train_test_split.
struct train_test_options {
  double test_size = 0.25;  ///< fraction of the rows in the test set, rounded up (scikit-learn's rule)
  bool shuffle = true;      ///< false: the first rows train, the last rows test (stratified splits always shuffle)
  std::uint64_t seed = 0;   ///< the same seed gives the same split on every platform
};

namespace detail {

/// (train, test) sizes with scikit-learn's rounding: test = ceil(fraction * n), train = the rest.
inline std::pair<Eigen::Index, Eigen::Index> split_sizes(Eigen::Index n, double test_size, const char* who) {
  if (!(test_size > 0 && test_size < 1)) misuse(who, "test_size must be in (0, 1), got " + std::to_string(test_size));
  const auto test = static_cast<Eigen::Index>(std::ceil(test_size * static_cast<double>(n)));
  if (test >= n) misuse(who, "test_size " + std::to_string(test_size) + " of " + std::to_string(n) + " rows leaves no training row");
  return {n - test, test};
}

}  // namespace detail

/// Splits rows 0..n-1 into a training and a test set, like scikit-learn's `train_test_split`.
///
///     auto s = ml::train_test_split(x.rows(), {.test_size = 0.2, .seed = 7});
///     model.fit(x(s.train, Eigen::all), y(s.train));
///     double r2 = model.score(x(s.test, Eigen::all), y(s.test));
///
/// @throws std::invalid_argument unless 0 < test_size < 1 and both sets get at least one row.
inline train_test_indices train_test_split(Eigen::Index n, const train_test_options& options = {}) {
  const Eigen::Index n_test = detail::split_sizes(n, options.test_size, "train_test_split").second;
  train_test_indices s;
  if (!options.shuffle) {
    s.train.resize(static_cast<std::size_t>(n - n_test));
    s.test.resize(static_cast<std::size_t>(n_test));
    std::iota(s.train.begin(), s.train.end(), Eigen::Index{0});
    std::iota(s.test.begin(), s.test.end(), n - n_test);
    return s;
  }
  // scikit-learn's ShuffleSplit: the test rows come first in the permutation.
  rng gen(options.seed);
  const std::vector<Eigen::Index> order = gen.permutation<Eigen::Index>(static_cast<std::size_t>(n));
  s.test.assign(order.begin(), order.begin() + n_test);
  s.train.assign(order.begin() + n_test, order.end());
  return s;
}

/// A shuffled split that keeps each class's share in both sets (to the nearest row): per class,
/// floor(share * test size) rows, the rows left over going to the classes with the largest
/// remainders. Use it for rare classes (incidents) that a plain split could leave out of a set.
/// @throws std::invalid_argument unless 0 < test_size < 1 and both sets get at least one row.
inline train_test_indices stratified_train_test_split(const labels_ref& y, const train_test_options& options = {}) {
  const Eigen::Index n = y.size();
  const Eigen::Index n_test = detail::split_sizes(n, options.test_size, "stratified_train_test_split").second;
  const std::vector<int> classes = detail::distinct_labels(y);
  std::vector<std::vector<Eigen::Index>> members(classes.size());
  for (Eigen::Index i = 0; i < n; ++i)
    members[static_cast<std::size_t>(detail::label_index(classes, y[i]))].push_back(i);

  // Largest-remainder allocation of the test rows; ties go to the class seen first.
  std::vector<Eigen::Index> take(classes.size());
  std::vector<std::pair<double, std::size_t>> remainders;
  Eigen::Index allocated = 0;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    const double exact = static_cast<double>(n_test) * static_cast<double>(members[c].size()) / static_cast<double>(n);
    take[c] = static_cast<Eigen::Index>(std::floor(exact));
    allocated += take[c];
    remainders.push_back({-(exact - std::floor(exact)), c});
  }
  std::sort(remainders.begin(), remainders.end());
  for (std::size_t r = 0; allocated < n_test; ++r, ++allocated) ++take[remainders[r].second];

  rng gen(options.seed);
  train_test_indices s;
  for (std::size_t c = 0; c < classes.size(); ++c) {
    gen.shuffle(std::span<Eigen::Index>(members[c]));
    const auto cut = members[c].begin() + take[c];
    s.test.insert(s.test.end(), members[c].begin(), cut);
    s.train.insert(s.train.end(), cut, members[c].end());
  }
  // Interleave the classes again, so taking the first rows of a set is not taking one class.
  gen.shuffle(std::span<Eigen::Index>(s.train));
  gen.shuffle(std::span<Eigen::Index>(s.test));
  return s;
}

/// Options of time_series_split.
struct time_series_split_options {
  int n_splits = 5;                ///< number of (train, test) folds
  Eigen::Index test_size = 0;      ///< rows per test fold; 0 means n / (n_splits + 1)
  Eigen::Index gap = 0;            ///< rows left out between the end of train and the start of test
  Eigen::Index max_train_size = 0; ///< keep only the last rows of each training window; 0 = no limit
};

/// Expanding-window folds over rows 0..n-1 in time order, like scikit-learn's TimeSeriesSplit: the
/// test folds are the last n_splits * test_size rows, in order; each fold trains on everything
/// before its test rows (minus `gap`), so a model never sees the future it is scored on.
///
///     for (const auto& fold : ml::time_series_split(y.size(), {.n_splits = 4}))
///       errors.push_back(evaluate(fold.train, fold.test));
///
/// @throws std::invalid_argument when the folds do not fit in n rows.
inline std::vector<train_test_indices> time_series_split(Eigen::Index n, const time_series_split_options& options = {}) {
  if (options.n_splits < 1) detail::misuse("time_series_split", "n_splits must be at least 1");
  if (options.test_size < 0 || options.gap < 0 || options.max_train_size < 0)
    detail::misuse("time_series_split", "test_size, gap and max_train_size must be >= 0");
  const Eigen::Index splits = options.n_splits;
  if (splits + 1 > n)
    detail::misuse("time_series_split", std::to_string(splits) + " splits need at least " + std::to_string(splits + 1) +
                                            " rows, got " + std::to_string(n));
  const Eigen::Index test_size = options.test_size > 0 ? options.test_size : n / (splits + 1);
  const Eigen::Index first_test = n - splits * test_size;
  if (first_test - options.gap <= 0)
    detail::misuse("time_series_split", "too many splits (" + std::to_string(splits) + " of " +
                                            std::to_string(test_size) + " rows, gap " + std::to_string(options.gap) +
                                            ") for " + std::to_string(n) + " rows");
  const auto range = [](Eigen::Index from, Eigen::Index to) {
    std::vector<Eigen::Index> r(static_cast<std::size_t>(to - from));
    std::iota(r.begin(), r.end(), from);
    return r;
  };
  std::vector<train_test_indices> folds;
  for (Eigen::Index start = first_test; start < n; start += test_size) {
    const Eigen::Index train_end = start - options.gap;
    const Eigen::Index train_begin = options.max_train_size > 0 ? std::max<Eigen::Index>(0, train_end - options.max_train_size) : 0;
    folds.push_back({range(train_begin, train_end), range(start, start + test_size)});
  }
  return folds;
}

}  // namespace ml
AIOPS_END_NAMESPACE
