// aiops: quantiles and medians with numpy's default (linear) interpolation
// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>  // std::nth_element, std::min_element
#include <cmath>      // std::floor
#include <cstddef>    // std::size_t
#include <string>     // std::to_string
#include <vector>     // std::vector

#include <Eigen/Core>

#include "aiops/config.hpp"
#include "aiops/ml/detail/check.hpp"
#include "aiops/ml/types.hpp"

AIOPS_BEGIN_NAMESPACE
namespace ml {

/// The q-quantile (0 <= q <= 1) of `values` with linear interpolation between the two nearest
/// order statistics, as numpy's `quantile(values, q)` by default. O(n) expected (selection, no sort).
/// @throws std::invalid_argument when `values` is empty, contains NaN, or q is outside [0, 1].
inline double quantile(const vector_ref& values, double q) {
  if (values.size() == 0) detail::misuse("quantile", "no values");
  if (!(q >= 0 && q <= 1)) detail::misuse("quantile", "q must be in [0, 1], got " + std::to_string(q));
  if (values.hasNaN()) detail::misuse("quantile", "values contain NaN");
  std::vector<double> v(values.data(), values.data() + values.size());
  const double position = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(position));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double low = v[lo];
  if (lo + 1 == v.size()) return low;
  // After nth_element everything past `lo` is >= v[lo]; the next order statistic is their minimum.
  const double high = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return low + (position - static_cast<double>(lo)) * (high - low);
}

/// The median (the 0.5-quantile: the mean of the two middle values for an even count).
inline double median(const vector_ref& values) { return quantile(values, 0.5); }

}  // namespace ml
AIOPS_END_NAMESPACE
