// aiops: week 10, tasks 1-4 (your code): a robust z-score, point-adjusted F1, Isolation Forest and a Prophet band on CPU
// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>  // std::size_t
#include <vector>   // std::vector

#include <Eigen/Core>

#include <aiops/anomaly.hpp>
#include <aiops/core.hpp>
#include <aiops/ts.hpp>

namespace aiops::week10 {

/// The causal robust z-score of each point: |y[t] - median| / (1.4826 MAD) of the finite values among
/// the `window` points before t. 0 for a gap and while fewer than 3 finite values are known; a MAD of 0
/// makes any value other than the median score +infinity. @throws std::invalid_argument if window < 3.
inline std::vector<double> robust_zscore(const std::vector<double>& values, std::size_t window) {
  // TODO(week-10): see README, task 1.
  (void)values, (void)window;
  throw aiops::not_implemented("week10::robust_zscore");
}

/// 1 for each CPU minute your robust z-score flags, else 0.
inline std::vector<int> detect_robust(const std::vector<double>& cpu) {
  // TODO(week-10): see README, task 1.
  (void)cpu;
  throw aiops::not_implemented("week10::detect_robust");
}

/// Point-adjusted precision, recall and F1: a true segment (a run of 1) in which any point is
/// flagged counts as wholly flagged; then point-wise scores of label 1, 0 where undefined.
/// @throws std::invalid_argument when the sizes differ.
inline anomaly::prf point_adjusted_f1(const std::vector<int>& truth, const std::vector<int>& predicted) {
  // TODO(week-10): see README, task 2.
  (void)truth, (void)predicted;
  throw aiops::not_implemented("week10::point_adjusted_f1");
}

/// 1 for each CPU minute an Isolation Forest on your window features flags, else 0.
inline std::vector<int> detect_iforest(const std::vector<double>& cpu) {
  // TODO(week-10): see README, task 3.
  (void)cpu;
  throw aiops::not_implemented("week10::detect_iforest");
}

/// 1 for each CPU minute outside your Prophet-style band, else 0.
inline std::vector<int> detect_prophet(const std::vector<double>& cpu) {
  // TODO(week-10): see README, task 4.
  (void)cpu;
  throw aiops::not_implemented("week10::detect_prophet");
}

}  // namespace aiops::week10
